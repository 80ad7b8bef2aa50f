# The SDK as an ESP-IDF component (ESP-IDF 5.x and 6.x): the portable core, the shared mbedTLS verifier and the ESP-IDF
# port. Included from CMakeLists.txt when ESP_PLATFORM is set, also during ESP-IDF's early requirement scan, so it
# only registers and reads no CONFIG_ value. The requirements are all ESP-IDF components; the public ones are
# those whose types appear in include/voyager/esp_idf.h.
# esp-mqtt: part of ESP-IDF 5.x (mqtt), the registry's espressif/mqtt from ESP-IDF 6 on (idf_component.yml fetches it)
if(IDF_VERSION_MAJOR GREATER_EQUAL 6)
    set(voyager_mqtt espressif__mqtt)
else()
    set(voyager_mqtt mqtt)
endif()
idf_component_register(
    SRCS ${VOYAGER_CORE_SOURCES}
         src/mbedtls/voyager_mbedtls.c
         src/esp-idf/voyager_port_esp_idf.c
         src/esp-idf/voyager_esp_net.c
         src/esp-idf/voyager_esp_pairing.c
         src/esp-idf/voyager_esp_config.c
    INCLUDE_DIRS include
    PRIV_INCLUDE_DIRS src/core src/mbedtls src/esp-idf
    REQUIRES app_update esp_http_client esp_partition ${voyager_mqtt} nvs_flash
    PRIV_REQUIRES esp_app_format esp_timer log mbedtls)
