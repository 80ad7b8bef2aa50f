package io.voyagerota.catalog;

/** What a release's artifact holds. */
public enum ArtifactKind {
    /** An ESP32 application image, flashed to the inactive OTA slot. */
    APP_IMAGE,
    /** A universal bundle: firmware image plus LittleFS UI image, switched together. */
    BUNDLE
}
