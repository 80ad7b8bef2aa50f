/**
 * Firmware versions: strict SemVer 2.0.0 for release metadata, a documented lenient form for what devices report, the
 * SemVer precedence order, and two ways to store that order in a database: a collation-proof
 * {@linkplain io.voyagerota.version.Version#sortKey() sort key} for every version and a compact
 * {@linkplain io.voyagerota.version.Version#code() version code} for plain releases.
 */
@NullMarked
package io.voyagerota.version;

import org.jspecify.annotations.NullMarked;
