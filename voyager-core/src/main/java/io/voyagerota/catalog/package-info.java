/**
 * Products, hardware models, releases and the release lifecycle (Draft → Staging → Production → Revoked).
 */
package io.voyagerota.catalog;
