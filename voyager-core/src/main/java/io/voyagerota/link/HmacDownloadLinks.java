package io.voyagerota.link;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.DownloadLinkIssuer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Download links to Voyager's own HTTP transport, signed with HMAC-SHA256 over the artifact key and the expiry:
 * {@code {base}/artifacts/{key}?expires={epochSeconds}&sig={base64url}}. Changing the key or the expiry breaks the
 * signature, so a link cannot be bent to fetch another artifact or to live longer.
 */
public final class HmacDownloadLinks implements DownloadLinkIssuer {
    private static final String ALGORITHM = "HmacSHA256";
    private final String base;
    private final SecretKeySpec secret;

    /**
     * @param base   where the transport's artifact route is mounted, such as {@code https://ota.example.com/v1}
     *               or a path such as {@code /v1}; no trailing slash
     * @param secret at least 32 bytes; share it between nodes that serve downloads
     */
    public HmacDownloadLinks(String base, byte[] secret) {
        Checks.notNull(base, "base");
        if (base.endsWith("/")) {
            throw new InvalidInputException("download link base \"" + base + "\" must not end with '/'");
        }
        if (secret.length < 32) {
            throw new InvalidInputException("the download link secret has " + secret.length
                    + " bytes; use at least 32 random bytes");
        }
        this.base = base;
        this.secret = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    @Override
    public String link(ArtifactKey key, Instant expiresAt) {
        long expires = expiresAt.getEpochSecond();
        return base + "/artifacts/" + key.value() + "?expires=" + expires + "&sig=" + signature(key, expires);
    }

    /**
     * Checks a presented link's parts.
     *
     * @return empty when the link is good now, otherwise why it is refused (for a 403 body)
     */
    public Optional<String> verify(ArtifactKey key, long expiresEpochSecond, String presentedSignature, Instant now) {
        byte[] expected = signature(key, expiresEpochSecond).getBytes(StandardCharsets.US_ASCII);
        byte[] presented = presentedSignature.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, presented)) {
            return Optional.of("the download link's signature does not match; ask for a new offer");
        }
        if (now.getEpochSecond() > expiresEpochSecond) {
            return Optional.of("the download link expired at " + Instant.ofEpochSecond(expiresEpochSecond)
                    + "; ask for a new offer");
        }
        return Optional.empty();
    }

    private String signature(ArtifactKey key, long expires) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            byte[] sig = mac.doFinal((key.value() + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
