/*
 * The small system calls the port and the SDK reach: esp_log (to stderr; debug lines, and lines after a power cut,
 * only with IDF_HOST_VERBOSE set), esp_err_to_name, esp_timer (the time since boot, which the test moves on),
 * esp_random, the MAC, esp_restart and the esp-mqtt calls (no broker here: they fail as with a client that is not
 * connected).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "esp_err.h"
#include "esp_http_client.h"
#include "esp_log.h"
#include "esp_mac.h"
#include "esp_ota_ops.h"
#include "esp_random.h"
#include "esp_system.h"
#include "esp_timer.h"
#include "idf_host.h"
#include "mqtt_client.h"
#include "nvs.h"

void esp_log_write(esp_log_level_t level, const char *tag, const char *format, ...) {
    static const char letters[] = "NEWIDV";
    /* after a power cut everything fails by design: only the verbose log tells of it */
    if ((level > ESP_LOG_WARN || idf_host.dead) && getenv("IDF_HOST_VERBOSE") == NULL) {
        return;
    }
    va_list args;
    va_start(args, format);
    fprintf(stderr, "%c (%lld) %s: ", letters[level], (long long) (idf_host.now_us / 1000), tag);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
}

const char *esp_err_to_name(esp_err_t code) {
    switch (code) {
        case ESP_OK: return "ESP_OK";
        case ESP_FAIL: return "ESP_FAIL";
        case ESP_ERR_NO_MEM: return "ESP_ERR_NO_MEM";
        case ESP_ERR_INVALID_ARG: return "ESP_ERR_INVALID_ARG";
        case ESP_ERR_INVALID_STATE: return "ESP_ERR_INVALID_STATE";
        case ESP_ERR_INVALID_SIZE: return "ESP_ERR_INVALID_SIZE";
        case ESP_ERR_NOT_FOUND: return "ESP_ERR_NOT_FOUND";
        case ESP_ERR_NOT_SUPPORTED: return "ESP_ERR_NOT_SUPPORTED";
        case ESP_ERR_OTA_PARTITION_CONFLICT: return "ESP_ERR_OTA_PARTITION_CONFLICT";
        case ESP_ERR_OTA_VALIDATE_FAILED: return "ESP_ERR_OTA_VALIDATE_FAILED";
        case ESP_ERR_OTA_ROLLBACK_FAILED: return "ESP_ERR_OTA_ROLLBACK_FAILED";
        case ESP_ERR_OTA_ROLLBACK_INVALID_STATE: return "ESP_ERR_OTA_ROLLBACK_INVALID_STATE";
        case ESP_ERR_NVS_NOT_FOUND: return "ESP_ERR_NVS_NOT_FOUND";
        case ESP_ERR_NVS_INVALID_LENGTH: return "ESP_ERR_NVS_INVALID_LENGTH";
        case -ESP_ERR_HTTP_EAGAIN: return "ESP_ERR_HTTP_EAGAIN";
        default: return "UNKNOWN ERROR";
    }
}

int64_t esp_timer_get_time(void) {
    return idf_host.now_us;
}

/* Not the hardware RNG's quality, which nothing here needs: offers' nonces only have to differ. */
uint32_t esp_random(void) {
    static uint64_t state;
    if (state == 0) {
        state = 0x9e3779b97f4a7c15u ^ (uint64_t) (uintptr_t) &state ^ (uint64_t) rand();
    }
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (uint32_t) (state >> 32);
}

void esp_fill_random(void *buf, size_t len) {
    uint8_t *p = (uint8_t *) buf;
    for (size_t i = 0; i < len; i++) {
        p[i] = (uint8_t) esp_random();
    }
}

esp_err_t esp_read_mac(uint8_t *mac, esp_mac_type_t type) {
    static const uint8_t station[6] = {0x24, 0x0a, 0xc4, 0x12, 0x34, 0x56};
    for (int i = 0; i < 6; i++) {
        mac[i] = (uint8_t) (station[i] + (i == 5 ? (int) type : 0));
    }
    return ESP_OK;
}

void esp_restart(void) {
    idf_host.restarted = true;
    if (idf_host.on_restart != NULL) {
        idf_host.on_restart();
    }
    abort();
}

esp_err_t esp_mqtt_client_register_event(esp_mqtt_client_handle_t client, esp_mqtt_event_id_t event,
                                         esp_event_handler_t event_handler, void *event_handler_arg) {
    (void) client;
    (void) event;
    (void) event_handler;
    (void) event_handler_arg;
    return ESP_ERR_NOT_SUPPORTED;
}

int esp_mqtt_client_subscribe(esp_mqtt_client_handle_t client, const char *topic, int qos) {
    (void) client;
    (void) topic;
    (void) qos;
    return -1;
}

int esp_mqtt_client_publish(esp_mqtt_client_handle_t client, const char *topic, const char *data, int len, int qos,
                            int retain) {
    (void) client;
    (void) topic;
    (void) data;
    (void) len;
    (void) qos;
    (void) retain;
    return -1;
}
