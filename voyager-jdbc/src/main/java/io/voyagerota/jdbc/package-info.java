/**
 * The registry (catalog, fleet, outbox) on JDBC: H2 embedded, PostgreSQL in production.
 */
package io.voyagerota.jdbc;
