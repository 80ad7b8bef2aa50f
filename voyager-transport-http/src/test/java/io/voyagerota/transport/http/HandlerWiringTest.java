package io.voyagerota.transport.http;

import io.voyagerota.InvalidInputException;
import io.voyagerota.Voyager;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandlerWiringTest {
    @Test
    void aHandlerTakesTheLinksItsVoyagerIssuesSoTheyAreGivenOnce() {
        try (Voyager voyager = Voyager.inMemory().build()) {
            VoyagerHttpHandler handler = VoyagerHttpHandler.builder(voyager).build();
            String link = voyager.downloadLinks().link(io.voyagerota.spi.ArtifactKey.of("missing/a.bin"),
                    voyager.clock().instant().plusSeconds(60));
            VoyagerResponse response = handler.handle(TestRequest.get(link, Map.of()));
            assertEquals(404, response.status(), "the link verifies (a forged one is 403); the artifact is missing");
        }
    }

    @Test
    void linksTheArtifactRouteCannotVerifyAreRefusedWithWhatToDo() {
        try (Voyager voyager = Voyager.inMemory().downloadLinks((key, expires) -> "https://bucket/" + key.value())
                .build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> VoyagerHttpHandler.builder(voyager));
            assertTrue(e.getMessage().contains("builder(voyager, links)"), e.getMessage());
        }
    }
}
