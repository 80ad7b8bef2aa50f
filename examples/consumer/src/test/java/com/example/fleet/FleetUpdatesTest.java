package com.example.fleet;

import io.voyagerota.decision.NoUpdate;
import org.junit.jupiter.api.Test;

import java.lang.module.ModuleFinder;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class FleetUpdatesTest {
    @Test
    void aHostRunsVoyagerOnItsOwnDatabaseFromThePublishedArtifacts() {
        try (FleetUpdates updates = new FleetUpdates("jdbc:h2:mem:fleet;DB_CLOSE_DELAY=-1")) {
            updates.createLocker();
            NoUpdate none = assertInstanceOf(NoUpdate.class, updates.check("24:0a:c4:12:34:56", "v1.0"));
            assertEquals(NoUpdate.Reason.UP_TO_DATE, none.reason(), none.detail());
        }
    }

    @Test
    void theJarsHaveStableModuleNames() throws Exception {
        for (Class<?> type : new Class<?>[]{io.voyagerota.Voyager.class, io.voyagerota.jdbc.JdbcRegistry.class}) {
            Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            String name = ModuleFinder.of(jar).findAll().iterator().next().descriptor().name();
            assertEquals(type == io.voyagerota.Voyager.class ? "io.voyagerota.core" : "io.voyagerota.jdbc", name);
        }
    }
}
