/**
 * Compatibility kits: abstract JUnit suites that every adapter of an SPI must pass.
 */
@NullMarked
package io.voyagerota.testkit;

import org.jspecify.annotations.NullMarked;
