/**
 * Principals and credential helpers: random 256-bit tokens stored as hashes, compared in constant time.
 */
@NullMarked
package io.voyagerota.auth;

import org.jspecify.annotations.NullMarked;
