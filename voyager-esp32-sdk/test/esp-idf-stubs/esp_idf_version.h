/* Stub of ESP-IDF esp_common/include/esp_idf_version.h; the version is chosen by the compile check. */
#pragma once
#ifndef STUB_IDF_MAJOR
#define STUB_IDF_MAJOR 5
#endif
#ifndef STUB_IDF_MINOR
#define STUB_IDF_MINOR 0
#endif
#ifndef STUB_IDF_PATCH
#define STUB_IDF_PATCH 0
#endif
#define ESP_IDF_VERSION_MAJOR STUB_IDF_MAJOR
#define ESP_IDF_VERSION_MINOR STUB_IDF_MINOR
#define ESP_IDF_VERSION_PATCH STUB_IDF_PATCH
#define ESP_IDF_VERSION_VAL(major, minor, patch) ((major << 16) | (minor << 8) | (patch))
#define ESP_IDF_VERSION ESP_IDF_VERSION_VAL(ESP_IDF_VERSION_MAJOR, ESP_IDF_VERSION_MINOR, ESP_IDF_VERSION_PATCH)
