/* What the two halves of the ESP-IDF port share. Not public API. */
#ifndef VOYAGER_ESP_INTERNAL_H
#define VOYAGER_ESP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "esp_partition.h"
#include "nvs.h"
#include "sdkconfig.h"
#include "voyager/esp.h"

/* Arduino builds the port without this component's Kconfig: its defaults, then. */
#if defined(ARDUINO) && !defined(CONFIG_VOYAGER_NVS_NAMESPACE)
#define CONFIG_VOYAGER_NVS_NAMESPACE "voyager"
#define CONFIG_VOYAGER_UI_PARTITION_0 "ui_0"
#define CONFIG_VOYAGER_UI_PARTITION_1 "ui_1"
#define CONFIG_VOYAGER_HTTP_TIMEOUT_MS 10000
#define CONFIG_VOYAGER_MQTT 1
#endif

#if CONFIG_VOYAGER_MQTT
#include "mqtt_client.h"
#endif

typedef struct {
    voyager_esp_config_t cfg;
    bool ready;                         /* voyager_esp_port ran: nvs is open */
    nvs_handle_t nvs;
    const esp_partition_t *target[2];   /* the slots being written, per voyager_part_t */
    int ui_index;                       /* the UI partition a bundle is written to */
    uint8_t buffer[1024];               /* HTTP bodies arrive through it */
#if CONFIG_VOYAGER_MQTT
    esp_mqtt_client_handle_t mqtt;
    char topic[200];
    voyager_mqtt_fn on_message;
    void *on_message_arg;
#endif
} voyager_esp_t;

/* One port per device: the context every port function gets. */
extern voyager_esp_t voyager_esp;

voyager_err_t voyager_esp_http(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp,
                               voyager_http_body_fn on_body, void *arg);
void voyager_esp_flash_port(voyager_port_t *port);

#endif
