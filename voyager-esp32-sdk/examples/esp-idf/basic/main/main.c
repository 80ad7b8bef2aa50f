/*
 * Voyager OTA on ESP-IDF: connect, settle the last update (keep new firmware once it works), then check every
 * few minutes (or at once on an MQTT hint) and install what the server offers, restarting into it.
 */
#include <stdio.h>
#include <string.h>

#include "esp_event.h"
#include "esp_log.h"
#include "esp_mac.h"
#include "esp_netif.h"
#include "esp_system.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "nvs_flash.h"
#include "protocol_examples_common.h"
#include "voyager/esp.h"
#include "voyager/voyager.h"

extern const char release_key_start[] asm("_binary_release_pub_pem_start");

static const char *TAG = "example";
static voyager_client_t ota; /* all of the SDK's state, allocated here */

/* The application's own health check after an update: here, that the network came up. */
static bool healthy(void) {
    return true;
}

static void progress(void *user, uint32_t done, uint32_t total) {
    (void) user;
    ESP_LOGI(TAG, "downloaded %lu of %lu bytes", (unsigned long) done, (unsigned long) total);
}

void app_main(void) {
    static char device_id[18];
    static voyager_port_t port;
    uint8_t mac[6];
    esp_err_t err = nvs_flash_init();
    if (err == ESP_ERR_NVS_NO_FREE_PAGES || err == ESP_ERR_NVS_NEW_VERSION_FOUND) {
        ESP_ERROR_CHECK(nvs_flash_erase());
        ESP_ERROR_CHECK(nvs_flash_init());
    }
    ESP_ERROR_CHECK(esp_netif_init());
    ESP_ERROR_CHECK(esp_event_loop_create_default());
    ESP_ERROR_CHECK(example_connect());

    esp_read_mac(mac, ESP_MAC_WIFI_STA);
    snprintf(device_id, sizeof device_id, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
             mac[5]);
    voyager_esp_config_t esp = {.mqtt_uri = CONFIG_EXAMPLE_MQTT_URI[0] != '\0' ? CONFIG_EXAMPLE_MQTT_URI : NULL,
                                .mqtt_client_id = device_id};
    ESP_ERROR_CHECK(voyager_esp_port(&port, &esp) == VOYAGER_OK ? ESP_OK : ESP_FAIL);
    bool signed_only = strncmp(release_key_start, "-----BEGIN PUBLIC KEY-----", 26) == 0;
    voyager_config_t cfg = {
        .server_url = CONFIG_EXAMPLE_SERVER_URL,
        .device_id = device_id,
        .device_secret = CONFIG_EXAMPLE_DEVICE_SECRET,
        .product = CONFIG_EXAMPLE_PRODUCT,
        .model = CONFIG_EXAMPLE_MODEL,
        .chip = VOYAGER_CHIP_ESP32S3,        /* the chip this firmware is built for */
        .running_version = voyager_esp_running_version(),
        .release_key = signed_only ? release_key_start : NULL,
        .check_interval_s = 300,
        .on_progress = progress,
        .port = &port,
    };
    if (voyager_init(&ota, &cfg) != VOYAGER_OK) {
        ESP_LOGE(TAG, "configuration: %s", voyager_last_error(&ota));
        return;
    }
    if (voyager_boot_outcome(&ota) == VOYAGER_BOOT_NEW_FIRMWARE) {
        if (healthy()) {
            voyager_mark_valid(&ota); /* keeps this firmware and reports SUCCESS */
        } else {
            voyager_mark_invalid(&ota); /* back to the previous firmware: it reports ROLLED_BACK */
        }
    }
    voyager_mqtt_subscribe(&ota);
    for (;;) {
        voyager_err_t result = voyager_poll(&ota);
        if (result == VOYAGER_OK) {
            ESP_LOGI(TAG, "restarting into the new firmware");
            esp_restart();
        }
        if (result != VOYAGER_NO_UPDATE) {
            ESP_LOGW(TAG, "%s: %s", voyager_err_code(result), voyager_last_error(&ota));
        }
        vTaskDelay(pdMS_TO_TICKS(1000));
    }
}
