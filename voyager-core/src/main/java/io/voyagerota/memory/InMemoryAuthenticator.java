package io.voyagerota.memory;

import io.voyagerota.auth.Principal;
import io.voyagerota.auth.Secrets;
import io.voyagerota.spi.Authenticator;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Device credentials and admin tokens held in memory, stored only as hashes and compared in constant time.
 */
public final class InMemoryAuthenticator implements Authenticator {
    private final Map<String, String> deviceSecretHashes = new ConcurrentHashMap<>();
    private final Map<String, String> adminTokenHashes = new ConcurrentHashMap<>();

    /** Issues a new credential for a device, replacing any earlier one; shown once, stored only as a hash. */
    public String enrolDevice(String deviceId) {
        String secret = Secrets.newToken();
        deviceSecretHashes.put(deviceId, Secrets.hash(secret));
        return secret;
    }

    /** Issues a new admin token under a name (who or what uses it); shown once, stored only as a hash. */
    public String issueAdminToken(String name) {
        String token = Secrets.newToken();
        adminTokenHashes.put(name, Secrets.hash(token));
        return token;
    }

    /** Accepts a token generated elsewhere (from configuration), stored only as its hash. */
    public void addAdminTokenHash(String name, String sha256Hex) {
        adminTokenHashes.put(name, sha256Hex);
    }

    @Override
    public Optional<Principal> authenticateDevice(String deviceId, String secret) {
        String stored = deviceSecretHashes.get(deviceId);
        // Hash even when the device is unknown, so the time taken does not reveal which ids exist.
        boolean ok = Secrets.matches(secret, stored == null ? Secrets.hash("") : stored) && stored != null;
        return ok ? Optional.of(new Principal(deviceId, Principal.Role.DEVICE)) : Optional.empty();
    }

    @Override
    public Optional<Principal> authenticateAdmin(String bearerToken) {
        String presented = Secrets.hash(bearerToken);
        String match = null;
        for (Map.Entry<String, String> e : adminTokenHashes.entrySet()) {
            if (java.security.MessageDigest.isEqual(presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    e.getValue().getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                match = e.getKey();
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Principal(match, Principal.Role.ADMIN));
    }
}
