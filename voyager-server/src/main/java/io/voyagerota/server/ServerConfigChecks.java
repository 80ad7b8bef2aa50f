package io.voyagerota.server;

import io.voyagerota.InvalidInputException;
import io.voyagerota.VoyagerConfig;
import io.voyagerota.server.internal.Durations;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One check per {@link ServerConfig} key, shared by the record and its builder so that a bad value is refused where
 * it is set, with the key in the message.
 */
final class ServerConfigChecks {
    private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{32,512}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    static final Duration MAX_GRACE = Duration.ofMinutes(10);
    static final Duration MAX_LINK_TTL = Duration.ofDays(7);

    static String bindAddress(String value) {
        required(value, "server.bind");
        if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidInputException("server.bind must be an IP address or host name such as 0.0.0.0 or"
                    + " 127.0.0.1, without spaces");
        }
        return value;
    }

    static int port(int value) {
        if (value < 0 || value > 65535) {
            throw new InvalidInputException("server.port must be between 0 and 65535 (0 picks a free port), not "
                    + value);
        }
        return value;
    }

    static String basePath(String value) {
        required(value, "server.base-path");
        if (!BASE_PATH.matcher(value).matches()) {
            throw new InvalidInputException("server.base-path must be empty or '/'-separated segments of letters,"
                    + " digits, '.', '_' and '-' (not starting with '.'), starting with '/' and not ending with it,"
                    + " such as /v1");
        }
        return value;
    }

    static Optional<URI> publicUrl(Optional<URI> value) {
        required(value, "server.public-url");
        value.ifPresent(u -> {
            boolean http = "http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme());
            if (!http || u.getHost() == null || u.getRawQuery() != null || u.getRawFragment() != null
                    || (u.getRawPath() != null && u.getRawPath().endsWith("/"))) {
                throw new InvalidInputException("server.public-url must be an http or https URL without a trailing"
                        + " slash, query or fragment, such as https://ota.example.com");
            }
        });
        return value;
    }

    static Optional<String> adminToken(Optional<String> value) {
        required(value, "admin.token");
        if (value.isPresent() && !TOKEN.matcher(value.get()).matches()) {
            throw new InvalidInputException("admin.token must be 32 to 512 printable characters without spaces, so"
                    + " that it cannot be guessed; generate one with `openssl rand -base64 32`, or leave it unset"
                    + " to have one generated");
        }
        return value;
    }

    static Optional<String> adminTokenSha256(Optional<String> value) {
        required(value, "admin.token-sha256");
        if (value.isPresent() && !SHA256_HEX.matcher(value.get()).matches()) {
            throw new InvalidInputException("admin.token-sha256 must be 64 lowercase hex digits, the SHA-256 of"
                    + " the token, as `printf %s \"$TOKEN\" | sha256sum` prints it");
        }
        return value;
    }

    static Duration shutdownGrace(Duration value) {
        required(value, "server.shutdown-grace");
        if (value.isNegative() || value.compareTo(MAX_GRACE) > 0) {
            throw new InvalidInputException("server.shutdown-grace must be between 0s and 10m, not "
                    + Durations.format(value));
        }
        return value;
    }

    static Duration linkTtl(Duration value) {
        required(value, "links.ttl");
        if (value.getSeconds() < 1 || value.compareTo(MAX_LINK_TTL) > 0) {
            throw new InvalidInputException("links.ttl must be between 1s and 7d, not " + Durations.format(value));
        }
        return value;
    }

    static Duration fanoutLease(Duration value) {
        required(value, "outbox.fanout-lease");
        if (value.compareTo(VoyagerConfig.MIN_FANOUT_LEASE) < 0
                || value.compareTo(VoyagerConfig.MAX_FANOUT_LEASE) > 0) {
            throw new InvalidInputException("outbox.fanout-lease must be between 1s and 1h, not "
                    + Durations.format(value));
        }
        return value;
    }

    static <T> T required(T value, String key) {
        if (value == null) {
            throw new InvalidInputException(key + " must not be null");
        }
        return value;
    }

    private ServerConfigChecks() {
    }
}
