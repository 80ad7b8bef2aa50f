package io.voyagerota.server.internal;

import org.h2.jdbcx.JdbcConnectionPool;

import javax.sql.DataSource;
import java.nio.file.Path;

/**
 * The H2 database in {@code <data dir>/db}, behind H2's own small connection pool. H2's shutdown hook is turned
 * off ({@code DB_CLOSE_ON_EXIT=FALSE}): the server closes the database itself, after the requests in progress have
 * finished, instead of H2 closing it under them when the JVM begins to exit.
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
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("voyager") + ";DB_CLOSE_ON_EXIT=FALSE";
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
