package com.example.fleet;

import io.voyagerota.Voyager;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.UpdateDecision;
import io.voyagerota.jdbc.JdbcRegistry;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.version.Version;
import org.h2.jdbcx.JdbcConnectionPool;

/** The host's own wiring: Voyager on the host's database, as a user of the published artifacts writes it. */
public final class FleetUpdates implements AutoCloseable {
    private final JdbcConnectionPool pool;
    private final Voyager voyager;

    public FleetUpdates(String jdbcUrl) {
        pool = JdbcConnectionPool.create(jdbcUrl, "sa", "");
        voyager = Voyager.builder()
                .registry(JdbcRegistry.builder(pool).migrateOnStart(true).build())
                .artifactStorage(new InMemoryArtifactStorage())
                .build();
    }

    public void createLocker() {
        voyager.products().create(Product.of("locker", "Smart locker", new HardwareModel("locker-s3", Chip.ESP32_S3)));
    }

    public UpdateDecision check(String deviceId, String version) {
        return voyager.check(DeviceCheck.of(deviceId, "locker", "locker-s3", Version.parseLenient(version)));
    }

    @Override
    public void close() {
        voyager.close();
        pool.dispose();
    }
}
