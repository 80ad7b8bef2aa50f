package io.voyagerota.link;

import io.voyagerota.InvalidInputException;
import io.voyagerota.spi.ArtifactKey;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HmacDownloadLinksTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private final HmacDownloadLinks links = new HmacDownloadLinks("https://ota.example.com/v1", SECRET);
    private final ArtifactKey key = ArtifactKey.of("products/locker/releases/1.2.0/a.bin");

    private static Map<String, String> query(String link) {
        Map<String, String> q = new HashMap<>();
        for (String pair : URI.create(link).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(kv[0], kv[1]);
        }
        return q;
    }

    @Test
    void aFreshLinkVerifiesUntilItExpires() {
        String link = links.link(key, NOW.plusSeconds(300));
        assertTrue(link.startsWith("https://ota.example.com/v1/artifacts/products/locker/releases/1.2.0/a.bin?expires="));
        Map<String, String> q = query(link);
        long expires = Long.parseLong(q.get("expires"));
        assertEquals(Optional.empty(), links.verify(key, expires, q.get("sig"), NOW));
        assertEquals(Optional.empty(), links.verify(key, expires, q.get("sig"), NOW.plusSeconds(300)));
        assertTrue(links.verify(key, expires, q.get("sig"), NOW.plusSeconds(301)).orElseThrow().contains("expired"));
    }

    @Test
    void aLinkCannotBeBentToAnotherArtifactOrALongerLife() {
        Map<String, String> q = query(links.link(key, NOW.plusSeconds(300)));
        long expires = Long.parseLong(q.get("expires"));
        ArtifactKey other = ArtifactKey.of("products/locker/releases/1.3.0/b.bin");
        assertTrue(links.verify(other, expires, q.get("sig"), NOW).orElseThrow().contains("signature does not match"));
        assertTrue(links.verify(key, expires + 3600, q.get("sig"), NOW).isPresent());
        HmacDownloadLinks otherSecret = new HmacDownloadLinks("https://ota.example.com/v1",
                "another-secret-another-secret-xx".getBytes());
        assertTrue(otherSecret.verify(key, expires, q.get("sig"), NOW).isPresent());
        assertTrue(links.verify(key, expires, "", NOW).isPresent());
    }

    @Test
    void weakSecretsAndTrailingSlashesAreRefused() {
        assertThrows(InvalidInputException.class, () -> new HmacDownloadLinks("/v1", new byte[16]));
        assertThrows(InvalidInputException.class, () -> new HmacDownloadLinks("/v1/", SECRET));
    }
}
