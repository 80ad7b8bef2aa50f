package io.voyagerota.server.internal;

import org.h2.jdbcx.JdbcConnectionPool;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * The H2 database in {@code <data dir>/db}, behind H2's own small connection pool.
 *
 * <ul>
 *   <li>{@code WRITE_DELAY=0}: H2 otherwise writes committed changes to the file up to a second later, so a killed
 *       process would lose what it had already acknowledged. With it, every commit is in the file (the OS's page
 *       cache) before the request is answered; only a power cut can still lose the last moments, because H2 does
 *       not fsync each commit.</li>
 *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: the server closes the database itself, after the requests in progress have
 *       finished, instead of H2's shutdown hook closing it under them when the JVM begins to exit.</li>
 * </ul>
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 32;
    private final String url;
    private final JdbcConnectionPool pool;

    private EmbeddedDatabase(String url, JdbcConnectionPool pool) {
        this.url = url;
        this.pool = pool;
    }

    public static EmbeddedDatabase open(Path directory) {
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("voyager")
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "voyager", "");
        pool.setMaxConnections(MAX_CONNECTIONS);
        return new EmbeddedDatabase(url, pool);
    }

    public DataSource dataSource() {
        return pool;
    }

    /** The JDBC URL, for the log. */
    public String url() {
        return url;
    }

    /** Closes the pooled connections; with the last one H2 writes and closes the database file. */
    @Override
    public void close() {
        pool.dispose();
    }
}
