package io.voyagerota.auth;

import io.voyagerota.support.Checks;
import io.voyagerota.spi.Authenticator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The built-in {@link Authenticator}: devices against the credential hashes of the device directory, held in
 * memory by each Voyager node, and administrators against a fixed set of admin token hashes. It is what
 * {@link io.voyagerota.Voyager.Builder} uses unless the host plugs in its own.
 *
 * <p>An unknown device and a wrong secret are indistinguishable: both return empty, and both hash the presented
 * secret and compare it in constant time, so the time taken does not reveal which device ids exist.
 */
public final class DirectoryAuthenticator implements Authenticator {
    // Compared against when a device has no credential; no token hashes to it, since it is not a hex digest.
    private static final String NO_CREDENTIAL = "x".repeat(64);

    private final Function<String, Optional<String>> deviceSecretHashes;
    private final List<Map.Entry<String, byte[]>> adminTokens;

    /**
     * @param deviceSecretHashes a device's credential hash by device id, read on every device authentication;
     *                           it must answer from memory
     * @param adminTokenHashes   admin token hashes ({@link Secrets#hash}) by the name of who uses them
     */
    public DirectoryAuthenticator(Function<String, Optional<String>> deviceSecretHashes,
                                  Map<String, String> adminTokenHashes) {
        this.deviceSecretHashes = Checks.notNull(deviceSecretHashes, "deviceSecretHashes");
        List<Map.Entry<String, byte[]>> tokens = new ArrayList<>();
        Checks.notNull(adminTokenHashes, "adminTokenHashes").forEach((name, hash) -> tokens.add(Map.entry(
                Checks.notNull(name, "admin token name"),
                Checks.notNull(hash, "admin token hash").getBytes(StandardCharsets.US_ASCII))));
        this.adminTokens = List.copyOf(tokens);
    }

    @Override
    public Optional<Principal> authenticateDevice(String deviceId, String secret) {
        if (deviceId == null || secret == null) {
            return Optional.empty();
        }
        Optional<String> stored = deviceSecretHashes.apply(deviceId);
        boolean matches = Secrets.matches(secret, stored.orElse(NO_CREDENTIAL));
        return matches && stored.isPresent() ? Optional.of(new Principal(deviceId, Principal.Role.DEVICE))
                : Optional.empty();
    }

    @Override
    public Optional<Principal> authenticateAdmin(String bearerToken) {
        if (bearerToken == null) {
            return Optional.empty();
        }
        byte[] presented = Secrets.hash(bearerToken).getBytes(StandardCharsets.US_ASCII);
        String match = null;
        // Every token is compared, so the time taken does not depend on which one matched.
        for (Map.Entry<String, byte[]> token : adminTokens) {
            if (MessageDigest.isEqual(presented, token.getValue())) {
                match = token.getKey();
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Principal(match, Principal.Role.ADMIN));
    }
}
