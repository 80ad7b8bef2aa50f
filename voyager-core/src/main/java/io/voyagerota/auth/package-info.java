/**
 * Principals and credential helpers: random 256-bit tokens stored as hashes, compared in constant time.
 */
package io.voyagerota.auth;
