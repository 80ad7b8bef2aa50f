/**
 * Housekeeping of artifact storage: what a run found and purged, and its settings. Run by
 * {@link io.voyagerota.Voyager#housekeeping()}.
 */
@NullMarked
package io.voyagerota.housekeeping;

import org.jspecify.annotations.NullMarked;
