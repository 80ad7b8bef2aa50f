/*
 * Voyager OTA basic example: configure -> check -> perform -> reboot -> health check -> mark valid, with MQTT
 * push triggers. Set the server, product and model under "Voyager OTA" in menuconfig, the device secret and
 * broker under "Voyager OTA example", and Wi-Fi under "Example Connection Configuration".
 */
#include <stdbool.h>
#include <string.h>

#include "esp_crt_bundle.h"
#include "esp_event.h"
#include "esp_idf_version.h"
#include "esp_log.h"
#include "esp_netif.h"
#include "esp_sntp.h"
#include "esp_system.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "mqtt_client.h"
#include "nvs_flash.h"
#include "protocol_examples_common.h"
#include "sdkconfig.h"

#include "voyager/esp_idf.h"

static const char *TAG = "voyager-example";

static voyager_esp_port_t port;   /* the port's state and its network buffer */
static voyager_client_t ota;      /* the SDK's state: static, nothing on the heap */
static char device_id[18];

/* "May I update now?": a real device says no in the middle of a job, or below some battery level. */
static bool may_update(void *user, const voyager_offer_t *offer) {
    (void) user;
    ESP_LOGI(TAG, "installing %s (%lu bytes)", offer->version.text, (unsigned long) offer->size);
    return true;
}

static void on_progress(void *user, uint32_t done, uint32_t total) {
    static uint32_t last_tenth = 11;
    uint32_t tenth = total > 0 ? (uint32_t) ((uint64_t) done * 10 / total) : 0;
    (void) user;
    if (tenth != last_tenth) {
        last_tenth = tenth;
        ESP_LOGI(TAG, "download %lu%%", (unsigned long) tenth * 10);
    }
}

/*
 * The wall clock lets the SDK refuse expired offers; until SNTP sets it, expiry is not checked, and the proof that
 * each answer was made for the check that asked for it keeps old offers out.
 */
static void start_clock(void) {
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 1, 0)
    esp_sntp_setoperatingmode(ESP_SNTP_OPMODE_POLL);
    esp_sntp_setservername(0, "pool.ntp.org");
    esp_sntp_init();
#else
    sntp_setoperatingmode(SNTP_OPMODE_POLL);
    sntp_setservername(0, "pool.ntp.org");
    sntp_init();
#endif
}

/* An esp-mqtt client for push triggers, created but not started; NULL when no broker is configured. */
static esp_mqtt_client_handle_t create_mqtt(void) {
    esp_mqtt_client_config_t cfg;
    if (strlen(CONFIG_EXAMPLE_MQTT_BROKER_URI) == 0) {
        return NULL;
    }
    memset(&cfg, 0, sizeof cfg);
    cfg.broker.address.uri = CONFIG_EXAMPLE_MQTT_BROKER_URI;
    cfg.broker.verification.crt_bundle_attach = esp_crt_bundle_attach;
    cfg.credentials.client_id = device_id;
    cfg.credentials.username = device_id;
    cfg.credentials.authentication.password = CONFIG_EXAMPLE_DEVICE_SECRET;
    return esp_mqtt_client_init(&cfg);
}

/*
 * The new firmware's own verdict on itself. Here: it keeps running for a while and can still reach the server.
 * A product checks what it exists for (sensors read, actuators answer, the UI partition mounts).
 */
static bool healthy(void) {
    vTaskDelay(pdMS_TO_TICKS(CONFIG_EXAMPLE_HEALTH_CHECK_S * 1000));
    voyager_err_t err = voyager_check(&ota, NULL);
    return err == VOYAGER_OK || err == VOYAGER_NO_UPDATE;
}

static bool start_voyager(esp_mqtt_client_handle_t mqtt) {
    voyager_esp_port_config_t port_cfg = {.mqtt = mqtt};   /* CA, client certificate, init hook: see docs/sdk.md */
    voyager_config_t cfg;
    if (voyager_esp_port_init(&port, &port_cfg) != VOYAGER_OK) {
        return false;
    }
    voyager_esp_config(&cfg, &port);  /* server, product, model, version, chip and keys from Kconfig and the app */
    cfg.device_id = device_id;
    cfg.device_secret = CONFIG_EXAMPLE_DEVICE_SECRET;
    cfg.may_update = may_update;
    cfg.on_progress = on_progress;
    /* refused without the release key and the offer key (Kconfig "Voyager OTA"), saying which is missing */
    if (voyager_init(&ota, &cfg) != VOYAGER_OK) {
        ESP_LOGE(TAG, "configuration refused: %s", voyager_last_error(&ota));
        return false;
    }
    if (mqtt != NULL && voyager_mqtt_subscribe(&ota) == VOYAGER_OK) {
        esp_mqtt_client_start(mqtt);
    }
    return true;
}

void app_main(void) {
    esp_err_t err = nvs_flash_init();
    if (err == ESP_ERR_NVS_NO_FREE_PAGES || err == ESP_ERR_NVS_NEW_VERSION_FOUND) {
        nvs_flash_erase();
        err = nvs_flash_init();
    }
    if (err != ESP_OK || esp_netif_init() != ESP_OK || esp_event_loop_create_default() != ESP_OK
            || example_connect() != ESP_OK) {
        ESP_LOGE(TAG, "no NVS or no network: %s", esp_err_to_name(err));
        return;
    }
    start_clock();
    if (voyager_esp_device_id(device_id) != VOYAGER_OK || !start_voyager(create_mqtt())) {
        return;
    }
    const esp_partition_t *ui = voyager_esp_ui_partition(&port);
    if (ui != NULL) {
        ESP_LOGI(TAG, "the UI of this firmware is in %s", ui->label);
    }

    switch (voyager_boot_outcome(&ota)) {
        case VOYAGER_BOOT_NEW_FIRMWARE:
            /* pending verify: a crash or reset before voyager_mark_valid returns to the previous firmware */
            ESP_LOGI(TAG, "first boot of this firmware: checking it");
            if (healthy()) {
                voyager_mark_valid(&ota);   /* keeps it and reports SUCCESS */
            } else {
                voyager_mark_invalid(&ota); /* restarts into the previous firmware, which reports ROLLED_BACK */
            }
            break;
        case VOYAGER_BOOT_ROLLED_BACK:
            ESP_LOGW(TAG, "the last update did not survive its first boot; this is the previous firmware");
            break;
        default:
            break;
    }

    for (;;) {
        /*
         * checks every CONFIG_VOYAGER_CHECK_INTERVAL_S (or at once after a trigger), then installs; after failures
         * it backs off, so polling every second costs no traffic
         */
        voyager_err_t result = voyager_poll(&ota);
        if (result == VOYAGER_OK) {
            ESP_LOGI(TAG, "update installed: restarting into it");
            esp_restart();
        }
        if (result != VOYAGER_NO_UPDATE) {
            ESP_LOGW(TAG, "%s: %s", voyager_err_code(result), voyager_last_error(&ota));
        }
        vTaskDelay(pdMS_TO_TICKS(1000));
    }
}
