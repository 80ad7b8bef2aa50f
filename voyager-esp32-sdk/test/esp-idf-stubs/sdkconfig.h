/* Stub of a generated sdkconfig.h: an ESP32-S3 build with the certificate bundle and app rollback on. */
#pragma once
#define CONFIG_IDF_TARGET "esp32s3"
#define CONFIG_IDF_TARGET_ESP32S3 1
#ifndef STUB_NO_CERT_BUNDLE /* the compile check builds one variant without it */
#define CONFIG_MBEDTLS_CERTIFICATE_BUNDLE 1
#endif
#define CONFIG_BOOTLOADER_APP_ROLLBACK_ENABLE 1
#ifdef STUB_VOYAGER_KCONFIG
/* What the component's Kconfig writes with its defaults (an Arduino build has none of these). */
#define CONFIG_VOYAGER_SERVER_URL "https://ota.example.com/v1"
#define CONFIG_VOYAGER_PRODUCT "demo"
#define CONFIG_VOYAGER_MODEL "demo-board"
#define CONFIG_VOYAGER_CHECK_INTERVAL_S 3600
#define CONFIG_VOYAGER_RETRY_BASE_S 30
#define CONFIG_VOYAGER_RETRY_MAX_S 3600
#define CONFIG_VOYAGER_FIRST_CHECK_JITTER_S 60
#define CONFIG_VOYAGER_BUFFER_SIZE 4096
#define CONFIG_VOYAGER_HTTP_TIMEOUT_MS 15000
#define CONFIG_VOYAGER_VERIFY_SIGNATURE 1
#define CONFIG_VOYAGER_RELEASE_KEY_KCONFIG 1
#define CONFIG_VOYAGER_RELEASE_KEY_BASE64 "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"
#define CONFIG_VOYAGER_VERIFY_OFFERS 1
#define CONFIG_VOYAGER_OFFER_KEY_KCONFIG 1
#define CONFIG_VOYAGER_OFFER_KEY_BASE64 "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE"
/* the example's own options */
#define CONFIG_EXAMPLE_DEVICE_SECRET "secret"
#define CONFIG_EXAMPLE_MQTT_BROKER_URI "mqtts://broker.example.com"
#define CONFIG_EXAMPLE_HEALTH_CHECK_S 30
#endif
