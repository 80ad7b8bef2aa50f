/**
 * In-memory implementations of every SPI, for tests, demos and small deployments.
 */
@NullMarked
package io.voyagerota.memory;

import org.jspecify.annotations.NullMarked;
