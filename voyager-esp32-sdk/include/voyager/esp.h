/*
 * Voyager OTA device SDK: the ESP-IDF port (ESP-IDF 5.x). HTTP with esp_http_client, the firmware slot from
 * esp_ota_ops (the next update partition, written with esp_partition_* so a download can resume at an offset
 * after a reboot, validated and switched by esp_ota_set_boot_partition), two UI data partitions for bundles
 * (labels "ui_0" and "ui_1" by default) chosen per app slot through NVS, app rollback with
 * esp_ota_mark_app_valid_cancel_rollback and esp_ota_mark_app_invalid_rollback_and_reboot, NVS for the small
 * persistent state, esp-mqtt for check hints, mbedTLS for the release signature.
 *
 * Needs CONFIG_BOOTLOADER_APP_ROLLBACK_ENABLE for rollback; without it new firmware is valid from its first boot.
 */
#ifndef VOYAGER_ESP_H
#define VOYAGER_ESP_H

#include "esp_partition.h"
#include "voyager/port.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *server_cert_pem;    /* the server's CA certificate (PEM); NULL: the ESP-IDF certificate bundle */
    const char *mqtt_uri;           /* "mqtt://broker:1883" or "mqtts://..." for check hints; NULL: no MQTT */
    const char *mqtt_client_id;     /* NULL: esp-mqtt's default */
    const char *nvs_namespace;      /* NULL: CONFIG_VOYAGER_NVS_NAMESPACE */
    int timeout_ms;                 /* per HTTP operation; 0: CONFIG_VOYAGER_HTTP_TIMEOUT_MS */
} voyager_esp_config_t;

/**
 * Fills port with the ESP-IDF functions. nvs_flash_init() must have run, and the network must be up before the
 * first check. cfg is copied; the strings it points to must stay.
 */
voyager_err_t voyager_esp_port(voyager_port_t *port, const voyager_esp_config_t *cfg);

/** This firmware's version, from its app descriptor (PROJECT_VER). */
const char *voyager_esp_running_version(void);

/** The UI (LittleFS) partition that belongs to the running firmware, to mount; NULL without UI partitions. */
const esp_partition_t *voyager_esp_ui_partition(void);

#ifdef __cplusplus
}
#endif

#endif
