/**
 * Helpers for adapter authors: argument checks with messages that say what to fix ({@link
 * io.voyagerota.support.Checks}), storage key and size checks, a copier that hashes and counts what it streams, hex,
 * and flat JSON objects of strings. What the SPI adapters in this project use, and third-party adapters may use too;
 * unlike {@code io.voyagerota.internal} (the engine), changes here are noted in the release notes.
 */
@NullMarked
package io.voyagerota.support;

import org.jspecify.annotations.NullMarked;
