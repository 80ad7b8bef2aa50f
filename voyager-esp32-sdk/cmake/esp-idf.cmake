# The SDK as an ESP-IDF component (ESP-IDF 5.x): the portable core, mbedTLS verification and the ESP-IDF port.
# Requirements cannot depend on Kconfig (they are resolved before it is loaded): mqtt is always required, and
# CONFIG_VOYAGER_MQTT only decides whether it is used.
idf_component_register(
    SRCS ${VOYAGER_CORE_SOURCES}
         src/mbedtls/voyager_mbedtls.c
         src/esp-idf/voyager_esp.c
         src/esp-idf/voyager_esp_port.c
    INCLUDE_DIRS include
    PRIV_INCLUDE_DIRS src/core src/mbedtls src/esp-idf
    REQUIRES esp_partition
    PRIV_REQUIRES app_update esp_app_format esp_http_client esp_timer log mbedtls mqtt nvs_flash)
