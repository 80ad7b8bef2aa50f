package io.voyagerota.jdbc;

import io.voyagerota.outbox.OutboxRelay;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Duration;

/**
 * A node that does nothing but relay the outbox of a PostgreSQL database until it is killed. Run in a child JVM by
 * {@link PostgresRelayCrashTest}.
 *
 * <p>Arguments: JDBC URL, user, relay owner, lease in milliseconds, pause after each event in milliseconds.
 */
public final class RelayChild {
    private RelayChild() {
    }

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(args[0]);
        dataSource.setUser(args[1]);
        String owner = args[2];
        JdbcRegistry registry = JdbcRegistry.builder(dataSource).dialect(Dialect.POSTGRESQL).build();
        OutboxRelay relay = OutboxRelay.builder(registry.outbox()).owner(owner)
                .lease(Duration.ofMillis(Long.parseLong(args[3]))).batchSize(50)
                .handler(RelayEffects.TYPE, RelayEffects.handler(dataSource, owner, Long.parseLong(args[4])))
                .build();
        System.out.println("relay " + owner + " started");
        while (true) {
            if (relay.runOnce() == 0) {
                Thread.sleep(20);
            }
        }
    }
}
