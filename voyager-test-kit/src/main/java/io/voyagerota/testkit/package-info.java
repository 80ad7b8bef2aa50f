/**
 * Compatibility kits: abstract JUnit suites that every adapter of an SPI must pass.
 */
package io.voyagerota.testkit;
