/**
 * Products, hardware models, releases and the release lifecycle (Draft → Staging → Production → Revoked).
 */
@NullMarked
package io.voyagerota.catalog;

import org.jspecify.annotations.NullMarked;
