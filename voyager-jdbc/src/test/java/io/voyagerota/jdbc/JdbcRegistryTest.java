package io.voyagerota.jdbc;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Building a registry: dialects, and the errors a host sees when its database is wrong or away. */
class JdbcRegistryTest {

    @Test
    void aNamedDialectBuildsWithoutTouchingTheDatabase() {
        JdbcRegistry registry = JdbcRegistry.builder(unreachable()).dialect(Dialect.POSTGRESQL).build();
        assertEquals(Dialect.POSTGRESQL, registry.dialect());
        assertEquals("JdbcRegistry[POSTGRESQL]", registry.toString());
        JdbcException e = assertThrows(JdbcException.class, () -> registry.catalog().products());
        assertEquals("database-unavailable", e.code());
        assertTrue(e.getMessage().contains("listing products") && e.getMessage().contains("URL, credentials"),
                e.getMessage());
    }

    @Test
    void detectingTheDialectOfAnUnreachableDatabaseSaysWhatToCheck() {
        JdbcException e = assertThrows(JdbcException.class, () -> JdbcRegistry.builder(unreachable()).build());
        assertEquals("database-unavailable", e.code());
        assertTrue(e.getMessage().contains("detecting the database dialect"), e.getMessage());
        assertTrue(e.getCause() instanceof SQLException);
    }

    @Test
    void argumentsAreChecked() {
        assertThrows(NullPointerException.class, () -> JdbcRegistry.builder(null));
        assertThrows(NullPointerException.class, () -> JdbcRegistry.builder(unreachable()).dialect(null));
    }

    private static PGSimpleDataSource unreachable() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {"127.0.0.1"});
        source.setPortNumbers(new int[] {1}); // nothing listens on port 1
        source.setConnectTimeout(2);
        return source;
    }
}
