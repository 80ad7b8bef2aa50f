/**
 * ESP32 application images as esp-idf defines them ({@code esp_app_format.h}, {@code esp_app_desc.h},
 * {@code esp_image_format.c}): the header, segments, checksum, appended SHA-256, app descriptor and the Secure Boot v2
 * signature sector, checked while streaming by {@link io.voyagerota.artifact.esp32.Esp32ImageInspector}.
 */
@NullMarked
package io.voyagerota.artifact.esp32;

import org.jspecify.annotations.NullMarked;
