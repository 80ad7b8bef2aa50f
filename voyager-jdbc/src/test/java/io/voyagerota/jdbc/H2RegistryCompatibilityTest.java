package io.voyagerota.jdbc;

import io.voyagerota.spi.Registry;
import io.voyagerota.testkit.RegistryCompatibilityKit;
import org.junit.jupiter.api.AfterAll;

/** The registry kit (catalog, versions, fidelity, fleet, concurrency) on H2. */
class H2RegistryCompatibilityTest extends RegistryCompatibilityKit {
    private static TestDatabase database;
    private static JdbcRegistry registry;

    @Override
    protected Registry newRegistry() {
        if (database == null) {
            database = TestDatabase.h2();
            registry = database.registry();
        }
        database.clear();
        return registry;
    }

    @AfterAll
    static void closeDatabase() {
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
