package io.voyagerota.transport.http;

import io.voyagerota.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpConfigTest {
    @Test
    void defaultsAreSafeForProduction() {
        HttpConfig c = HttpConfig.defaults();
        assertEquals("/v1", c.basePath());
        assertFalse(c.allowUnauthenticatedChecks());
        assertEquals(16 * 1024, c.maxBodyBytes());
        assertEquals(8 * 1024, c.maxHeaderBytes());
        assertEquals(64 * 1024, c.downloadBufferBytes());
        assertEquals(256 * 1024, c.maxAdminBodyBytes());
    }

    @Test
    void withersChangeOneValue() {
        HttpConfig c = HttpConfig.defaults().withBasePath("/ota/v2").withUnauthenticatedChecks(true)
                .withJsonLimits(4, 128).withMaxBodyBytes(2048).withMaxHeaderBytes(512).withDownloadBufferBytes(8192)
                .withMaxAdminBodyBytes(4096);
        assertEquals(new HttpConfig("/ota/v2", 2048, 512, 4, 128, true, 8192, 4096, false), c);
        assertTrue(HttpConfig.defaults().withBasePath("").basePath().isEmpty(), "the root is allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "/v1/", "/", "//v1", "/v 1", "/v1?x", "/v1/../admin", "/%76"})
    void aBadBasePathIsRefused(String path) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> HttpConfig.defaults().withBasePath(path));
        assertTrue(e.getMessage().contains("basePath"), e.getMessage());
    }

    @Test
    void limitsOutOfRangeAreRefusedNamingTheField() {
        assertThrows(InvalidInputException.class, () -> HttpConfig.defaults().withMaxBodyBytes(10));
        assertThrows(InvalidInputException.class, () -> HttpConfig.defaults().withMaxHeaderBytes(1 << 20));
        assertThrows(InvalidInputException.class, () -> HttpConfig.defaults().withJsonLimits(1, 128));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> HttpConfig.defaults().withDownloadBufferBytes(1));
        assertTrue(e.getMessage().startsWith("downloadBufferBytes is 1"), e.getMessage());
    }
}
