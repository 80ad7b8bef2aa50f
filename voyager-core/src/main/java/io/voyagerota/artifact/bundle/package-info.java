/**
 * Universal bundles: a 12-byte header ({@code BNDL}, firmware size, UI size, little-endian), an ESP32 application
 * image and a LittleFS image, switched together on the device. {@link io.voyagerota.artifact.bundle.BundleInspector}
 * checks one while streaming, {@link io.voyagerota.artifact.bundle.BundleWriter} packs one.
 */
@NullMarked
package io.voyagerota.artifact.bundle;

import org.jspecify.annotations.NullMarked;
