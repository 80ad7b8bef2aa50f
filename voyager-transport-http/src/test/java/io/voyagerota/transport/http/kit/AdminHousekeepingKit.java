package io.voyagerota.transport.http.kit;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Housekeeping through the admin API: settings, a run on demand, the purge it queues, a late restore refused. */
public abstract class AdminHousekeepingKit extends AdminSupport {

    @Test
    void aRunQueuesPurgesThatTheOutboxCarriesOutAndTheStatusShowsIt() throws IOException {
        Map<String, Object> before = ok(get("/housekeeping"));
        assertEquals(true, before.get("enabled"));
        assertEquals("PT1H", before.get("interval"));
        assertEquals("PT24H", before.get("unreferencedGrace"));
        assertEquals("PT720H", before.get("deletedRetention"));
        assertFalse(before.containsKey("lastRun"));

        String kept = staged("1.0.0");
        String deleted = staged("1.1.0");
        ok(post("/releases/" + deleted + "/delete"));
        ArtifactKey orphan = ArtifactKey.of("products/locker/releases/9.0.0/left-by-a-crash.bin");
        f.storage.put(orphan, new ByteArrayInputStream(new byte[] {1, 2, 3}), 100);
        f.clock.advance(Duration.ofDays(31));

        Map<String, Object> run = ok(post("/housekeeping/run"));
        assertEquals(3L, run.get("artifactsListed"));
        assertEquals(List.of(), run.get("problems"));
        List<Object> purges = list(run.get("purges"));
        assertEquals(2, purges.size(), purges.toString());
        Map<String, Object> unreferenced = purges.stream().map(AdminSupport::map)
                .filter(p -> p.get("key").equals(orphan.value())).findFirst().orElseThrow();
        assertEquals("unreferenced", unreferenced.get("reason"));
        assertTrue(purges.stream().map(AdminSupport::map).anyMatch(p -> p.get("reason").equals("retention")));
        assertEquals(run, ok(get("/housekeeping")).get("lastRun"));

        Map<String, Object> event = ok(get("/outbox/" + unreferenced.get("eventId")));
        assertEquals("artifact.purge", event.get("type"));
        assertProblem(post("/releases/" + deleted + "/restore"), 409, "conflict");
        for (int round = 0; round < 10 && f.voyager.relayOutbox() > 0; round++) {
            // events of one artifact go one at a time
        }
        List<String> left = f.storage.list("", ArtifactStorage.MAX_PAGE).objects().stream()
                .map(o -> o.key().value()).toList();
        assertEquals(1, left.size(), left.toString());
        assertEquals(f.voyager.releases().get(kept).artifact().orElseThrow().key(), left.get(0));
    }

    @Test
    void housekeepingNeedsTheAdminToken() {
        assertEquals(401, send(request("/v1/admin/housekeeping").GET()).statusCode());
        assertEquals(401, send(request("/v1/admin/housekeeping/run")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).statusCode());
    }
}
