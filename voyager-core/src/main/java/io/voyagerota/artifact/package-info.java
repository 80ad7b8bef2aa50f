/**
 * Firmware artifacts as uploaded: {@link io.voyagerota.artifact.ArtifactInspector} tells an ESP32 application image
 * from a universal bundle from anything else and checks it while it streams, in constant memory, reporting named
 * {@link io.voyagerota.artifact.Check}s and a {@link io.voyagerota.artifact.Verdict}. The formats themselves live in
 * {@code …artifact.esp32} (application images) and {@code …artifact.bundle} (bundles and their LittleFS UI part).
 */
@NullMarked
package io.voyagerota.artifact;

import org.jspecify.annotations.NullMarked;
