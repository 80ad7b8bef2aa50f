/**
 * The registry (catalog, fleet, outbox) on JDBC: H2 embedded, PostgreSQL in production. The API is
 * {@link io.voyagerota.jdbc.JdbcRegistry}, its {@link io.voyagerota.jdbc.Dialect} and its exceptions; every other
 * class is package-private.
 */
@NullMarked
package io.voyagerota.jdbc;

import org.jspecify.annotations.NullMarked;
