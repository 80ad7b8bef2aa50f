/* The ESP-IDF port, part two: NVS for the persistent state, esp-mqtt for hints, clocks, logs, and the table. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "esp_log.h"
#include "esp_timer.h"
#include "nvs.h"
#include "sdkconfig.h"
#include "voyager/esp.h"
#include "voyager_esp_internal.h"
#include "voyager_mbedtls.h"

static const char *TAG = "voyager";

static voyager_err_t state_get(void *ctx, const char *key, void *buf, size_t cap, size_t *len) {
    voyager_esp_t *esp = (voyager_esp_t *) ctx;
    size_t n = cap;
    esp_err_t err = nvs_get_blob(esp->nvs, key, buf, &n);
    *len = 0;
    if (err == ESP_ERR_NVS_NOT_FOUND) {
        return VOYAGER_OK;
    }
    if (err == ESP_ERR_NVS_INVALID_LENGTH) {
        return VOYAGER_OK; /* a blob of another layout: as good as none */
    }
    if (err != ESP_OK) {
        return VOYAGER_ERR_STORAGE;
    }
    *len = n;
    return VOYAGER_OK;
}

/* nvs_set_blob replaces a value atomically: after a power loss the old or the new one is there. */
static voyager_err_t state_set(void *ctx, const char *key, const void *data, size_t len) {
    voyager_esp_t *esp = (voyager_esp_t *) ctx;
    esp_err_t err = len == 0 ? nvs_erase_key(esp->nvs, key) : nvs_set_blob(esp->nvs, key, data, len);
    if (err == ESP_ERR_NVS_NOT_FOUND) {
        err = ESP_OK;
    }
    return err == ESP_OK && nvs_commit(esp->nvs) == ESP_OK ? VOYAGER_OK : VOYAGER_ERR_STORAGE;
}

static uint64_t now_ms(void *ctx) {
    (void) ctx;
    return (uint64_t) esp_timer_get_time() / 1000u;
}

/* The wall clock once SNTP set it (anything before 2023 means it did not yet), else 0: "unknown". */
static int64_t unix_time(void *ctx) {
    (void) ctx;
    time_t now = time(NULL);
    return now > 1672531200 ? (int64_t) now : 0;
}

static void log_line(void *ctx, voyager_log_level_t level, const char *fmt, va_list args) {
    char line[192];
    (void) ctx;
    vsnprintf(line, sizeof line, fmt, args);
    switch (level) {
        case VOYAGER_LOG_ERROR:
            ESP_LOGE(TAG, "%s", line);
            break;
        case VOYAGER_LOG_WARN:
            ESP_LOGW(TAG, "%s", line);
            break;
        case VOYAGER_LOG_INFO:
            ESP_LOGI(TAG, "%s", line);
            break;
        default:
            ESP_LOGD(TAG, "%s", line);
            break;
    }
}

#if CONFIG_VOYAGER_MQTT
/* Runs in the esp-mqtt task: a hint only sets a flag the application's task reads at its next voyager_poll. */
static void on_mqtt(void *arg, esp_event_base_t base, int32_t id, void *data) {
    voyager_esp_t *esp = (voyager_esp_t *) arg;
    esp_mqtt_event_handle_t event = (esp_mqtt_event_handle_t) data;
    (void) base;
    if (id == MQTT_EVENT_CONNECTED && esp->topic[0] != '\0') {
        esp_mqtt_client_subscribe(esp->mqtt, esp->topic, 1); /* again after every reconnect */
    } else if (id == MQTT_EVENT_DATA && esp->on_message != NULL) {
        esp->on_message(esp->on_message_arg, esp->topic, (const uint8_t *) event->data, (size_t) event->data_len);
    }
}

static voyager_err_t mqtt_subscribe(void *ctx, const char *topic, voyager_mqtt_fn on_message, void *arg) {
    voyager_esp_t *esp = (voyager_esp_t *) ctx;
    if (esp->mqtt == NULL || strlen(topic) >= sizeof esp->topic) {
        return VOYAGER_ERR_NOT_SUPPORTED;
    }
    strcpy(esp->topic, topic);
    esp->on_message = on_message;
    esp->on_message_arg = arg;
    return esp_mqtt_client_subscribe(esp->mqtt, topic, 1) >= 0 ? VOYAGER_OK : VOYAGER_OK; /* or on connect */
}

static voyager_err_t mqtt_publish(void *ctx, const char *topic, const void *payload, size_t len) {
    voyager_esp_t *esp = (voyager_esp_t *) ctx;
    if (esp->mqtt == NULL) {
        return VOYAGER_ERR_NOT_SUPPORTED;
    }
    return esp_mqtt_client_publish(esp->mqtt, topic, (const char *) payload, (int) len, 1, 0) >= 0 ? VOYAGER_OK
            : VOYAGER_ERR_NETWORK;
}

static voyager_err_t start_mqtt(voyager_esp_t *esp) {
    esp_mqtt_client_config_t config = {0};
    config.broker.address.uri = esp->cfg.mqtt_uri;
    config.credentials.client_id = esp->cfg.mqtt_client_id;
    esp->mqtt = esp_mqtt_client_init(&config);
    if (esp->mqtt == NULL) {
        return VOYAGER_ERR_NETWORK;
    }
    esp_mqtt_client_register_event(esp->mqtt, ESP_EVENT_ANY_ID, on_mqtt, esp);
    return esp_mqtt_client_start(esp->mqtt) == ESP_OK ? VOYAGER_OK : VOYAGER_ERR_NETWORK;
}
#endif

voyager_err_t voyager_esp_port(voyager_port_t *port, const voyager_esp_config_t *cfg) {
    voyager_esp_t *esp = &voyager_esp;
    if (port == NULL || cfg == NULL) {
        return VOYAGER_ERR_ARG;
    }
    memset(port, 0, sizeof *port);
    esp->cfg = *cfg;
    if (esp->cfg.timeout_ms == 0) {
        esp->cfg.timeout_ms = CONFIG_VOYAGER_HTTP_TIMEOUT_MS;
    }
    const char *ns = cfg->nvs_namespace != NULL ? cfg->nvs_namespace : CONFIG_VOYAGER_NVS_NAMESPACE;
    if (!esp->ready && nvs_open(ns, NVS_READWRITE, &esp->nvs) != ESP_OK) {
        return VOYAGER_ERR_STORAGE;
    }
    esp->ready = true;
    port->ctx = esp;
    port->http = voyager_esp_http;
    voyager_esp_flash_port(port);
    port->state_get = state_get;
    port->state_set = state_set;
    port->now_ms = now_ms;
    port->unix_time = unix_time;
    port->log = log_line;
    port->verify_p256 = voyager_mbedtls_verify_p256;
#if CONFIG_VOYAGER_MQTT
    if (cfg->mqtt_uri != NULL) {
        port->mqtt_subscribe = mqtt_subscribe;
        port->mqtt_publish = mqtt_publish;
        return start_mqtt(esp);
    }
#endif
    return VOYAGER_OK;
}
