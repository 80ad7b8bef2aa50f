/**
 * In-memory implementations of every SPI, for tests, demos and small deployments.
 */
package io.voyagerota.memory;
