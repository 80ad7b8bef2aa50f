/* The ESP-IDF port's helpers for the application: its configuration from Kconfig and the app descriptor. */
#include <string.h>

#include "esp_app_desc.h"
#include "esp_mac.h"
#include "sdkconfig.h"

#include "esp_port.h"

voyager_chip_t voyager_esp_chip(void) {
#if defined(CONFIG_IDF_TARGET_ESP32S2)
    return VOYAGER_CHIP_ESP32S2;
#elif defined(CONFIG_IDF_TARGET_ESP32S3)
    return VOYAGER_CHIP_ESP32S3;
#elif defined(CONFIG_IDF_TARGET_ESP32C2)
    return VOYAGER_CHIP_ESP32C2;
#elif defined(CONFIG_IDF_TARGET_ESP32C3)
    return VOYAGER_CHIP_ESP32C3;
#elif defined(CONFIG_IDF_TARGET_ESP32C5)
    return VOYAGER_CHIP_ESP32C5;
#elif defined(CONFIG_IDF_TARGET_ESP32C61)
    return VOYAGER_CHIP_ESP32C61;
#elif defined(CONFIG_IDF_TARGET_ESP32C6)
    return VOYAGER_CHIP_ESP32C6;
#elif defined(CONFIG_IDF_TARGET_ESP32H2)
    return VOYAGER_CHIP_ESP32H2;
#elif defined(CONFIG_IDF_TARGET_ESP32P4)
    return VOYAGER_CHIP_ESP32P4;
#else
    return VOYAGER_CHIP_ESP32;
#endif
}

void voyager_esp_config(voyager_config_t *cfg, voyager_esp_port_t *p) {
    const esp_app_desc_t *app = esp_app_get_description();
    memset(cfg, 0, sizeof *cfg);
    cfg->chip = voyager_esp_chip();
    cfg->running_version = app->version;
    cfg->secure_version = app->secure_version;
    cfg->port = &p->port;
#ifdef CONFIG_VOYAGER_SERVER_URL
    cfg->server_url = CONFIG_VOYAGER_SERVER_URL;
    cfg->product = CONFIG_VOYAGER_PRODUCT;
    cfg->model = CONFIG_VOYAGER_MODEL;
    cfg->check_interval_s = CONFIG_VOYAGER_CHECK_INTERVAL_S;
    cfg->retry_base_s = CONFIG_VOYAGER_RETRY_BASE_S;
    cfg->retry_max_s = CONFIG_VOYAGER_RETRY_MAX_S;
    cfg->first_check_jitter_s = CONFIG_VOYAGER_FIRST_CHECK_JITTER_S;
#endif
    /* the base64 body of each SubjectPublicKeyInfo, made a PEM at compile time */
#if defined(CONFIG_VOYAGER_VERIFY_SIGNATURE) && defined(CONFIG_VOYAGER_RELEASE_KEY_KCONFIG)
    cfg->release_key = "-----BEGIN PUBLIC KEY-----\n" CONFIG_VOYAGER_RELEASE_KEY_BASE64 "\n-----END PUBLIC KEY-----\n";
#elif defined(CONFIG_VOYAGER_SERVER_URL) && !defined(CONFIG_VOYAGER_VERIFY_SIGNATURE)
    cfg->allow_unsigned_releases = true; /* turned off in menuconfig, knowingly */
#endif
#if defined(CONFIG_VOYAGER_VERIFY_OFFERS) && defined(CONFIG_VOYAGER_OFFER_KEY_KCONFIG)
    cfg->offer_key = "-----BEGIN PUBLIC KEY-----\n" CONFIG_VOYAGER_OFFER_KEY_BASE64 "\n-----END PUBLIC KEY-----\n";
#elif defined(CONFIG_VOYAGER_SERVER_URL) && !defined(CONFIG_VOYAGER_VERIFY_OFFERS)
    cfg->allow_unsigned_offers = true;
#endif
#ifdef CONFIG_VOYAGER_ALLOW_INSECURE_HTTP
    cfg->allow_insecure_http = true;
#endif
}

voyager_err_t voyager_esp_device_id(char out[18]) {
    static const char hex[] = "0123456789abcdef";
    uint8_t mac[6];
    if (esp_read_mac(mac, ESP_MAC_WIFI_STA) != ESP_OK) {
        return VOYAGER_ERR_NOT_SUPPORTED;
    }
    for (int i = 0; i < 6; i++) {
        out[3 * i] = hex[mac[i] >> 4];
        out[3 * i + 1] = hex[mac[i] & 15];
        out[3 * i + 2] = i < 5 ? ':' : '\0';
    }
    return VOYAGER_OK;
}

const esp_partition_t *voyager_esp_ui_partition(const voyager_esp_port_t *p) {
    return p->ui_part[p->ui];
}
