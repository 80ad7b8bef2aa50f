package io.voyagerota.spi;

import io.voyagerota.auth.Principal;

import java.util.Optional;

/**
 * Checks credentials presented to a transport. Implementations compare in constant time and store only hashes;
 * a host may plug in its own (an identity provider, mutual TLS) instead of the built-in one.
 */
public interface Authenticator {

    /** The device, if {@code secret} is its credential. */
    Optional<Principal> authenticateDevice(String deviceId, String secret);

    /** The administrator, if {@code bearerToken} is a valid admin token. */
    Optional<Principal> authenticateAdmin(String bearerToken);
}
