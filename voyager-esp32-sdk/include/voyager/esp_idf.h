/*
 * Voyager OTA device SDK: the ESP-IDF port (ESP-IDF 5.x, which Arduino-ESP32 3.x is built on, and 6.x).
 *
 *     static voyager_esp_port_t port;               // caller-allocated, holds the HTTP read buffer
 *     static voyager_client_t ota;
 *     voyager_esp_port_config_t pcfg = { .mqtt = mqtt_client };   // all fields optional
 *     voyager_esp_port_init(&port, &pcfg);          // after nvs_flash_init()
 *     voyager_config_t cfg;
 *     voyager_esp_config(&cfg, &port);              // Kconfig, the app descriptor, the chip, the port
 *     cfg.device_id = id; cfg.device_secret = secret;
 *     voyager_init(&ota, &cfg);
 *
 * What it maps: HTTP to esp_http_client (streamed; TLS through the certificate bundle or a given CA, one for the
 * server and one for downloads, mutual TLS with the server when given a client certificate), the firmware
 * slot to esp_ota_begin/write/end (esp_ota_resume after a reboot where the IDF has it), the UI slots of bundles to
 * the data partitions "www_0" and "www_1" (esp_partition), rollback to the bootloader's app rollback, the small
 * state to NVS, triggers to esp-mqtt, signatures to mbedTLS. The firmware slot and the UI slot switch together:
 * before esp_ota_set_boot_partition the port records in NVS which UI slot belongs to the new firmware's app
 * partition, so whichever app boots (the new one, or the old one after a power loss or a rollback) finds its own UI;
 * a copy beside the image in the app partition's last sector finds it again after an NVS erase.
 *
 * This port is compile-checked on the host against stub headers, and runs unchanged on a host emulation of the
 * ESP-IDF APIs it calls (test/idf-host, power loss included); it has not run on a device in this repository's tests.
 */
#ifndef VOYAGER_ESP_IDF_H
#define VOYAGER_ESP_IDF_H

#include <stdbool.h>
#include <stdint.h>

#include "esp_http_client.h"
#include "esp_ota_ops.h"
#include "esp_partition.h"
#include "mqtt_client.h"
#include "nvs.h"
#include "sdkconfig.h"

#include "voyager/voyager.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef CONFIG_VOYAGER_BUFFER_SIZE
#define VOYAGER_ESP_BUFFER_SIZE CONFIG_VOYAGER_BUFFER_SIZE
#else
#define VOYAGER_ESP_BUFFER_SIZE 4096 /* bytes read from the network and written to flash at a time */
#endif
#define VOYAGER_ESP_AUTH_MAX 200     /* "Bearer " and the device secret */
#define VOYAGER_ESP_UI_0 "www_0"     /* the labels of the two UI (LittleFS) partitions of bundles */
#define VOYAGER_ESP_UI_1 "www_1"

/** Which of the two kinds of connection a request opens: they may go to different hosts, trusting other CAs. */
typedef enum {
    VOYAGER_ESP_CONN_SERVER = 0,     /* the Voyager server: checks, reports, offer-key fetches */
    VOYAGER_ESP_CONN_DOWNLOAD = 1,   /* the offer's URL: the server itself, a CDN, S3 ... */
} voyager_esp_conn_t;

/**
 * Called right after esp_http_client_init, before the SDK sets its own headers (which win over the same names):
 * to add headers, set a proxy or anything else esp_http_client allows on a handle, as esp_https_ota's
 * http_client_init_cb does. Anything but ESP_OK fails the request as a network error.
 */
typedef esp_err_t (*voyager_esp_http_init_fn)(esp_http_client_handle_t client, voyager_esp_conn_t conn, void *arg);

typedef struct {
    int timeout_ms;                  /* per network operation; 0: CONFIG_VOYAGER_HTTP_TIMEOUT_MS or 15000 */
    const char *server_ca_pem;       /* the server's CA certificate (PEM); NULL: the ESP-IDF certificate bundle */
    esp_mqtt_client_handle_t mqtt;   /* an esp-mqtt client the application created, for push triggers; or NULL */
    const char *nvs_namespace;       /* NULL: "voyager" */
    /* Downloads: download_ca_pem; else the bundle when download_ca_bundle; else what the server is trusted by. */
    const char *download_ca_pem;
    bool download_ca_bundle;
    const char *client_cert_pem;     /* mutual TLS with the server (not downloads): both PEM, or both NULL */
    const char *client_key_pem;
    voyager_esp_http_init_fn http_init; /* or NULL */
    void *http_init_arg;
} voyager_esp_port_config_t;

/** A partition being written. Private. */
typedef struct {
    const esp_partition_t *part;
    esp_ota_handle_t ota;            /* the firmware slot's esp_ota handle, while open */
    bool open;
    bool done;                       /* written and ended: ready for the switch */
    uint32_t next;                   /* the offset the next write must start at */
    uint32_t erased_to;              /* UI slots: erased up to here */
} voyager_esp_slot_t;

/** The port's state: allocate it statically; its fields are private except port. */
typedef struct {
    voyager_port_t port;             /* hand &port to voyager_config_t.port */
    voyager_esp_port_config_t cfg;
    nvs_handle_t nvs;
    voyager_esp_slot_t slot[2];      /* indexed by voyager_part_t */
    const esp_partition_t *ui_part[2];
    uint8_t ui;                      /* the UI slot of the running firmware */
    char auth[VOYAGER_ESP_AUTH_MAX];
    void *http;                      /* the esp_http_client of an exchange opened by http_open, or NULL */
    char topic[16 + VOYAGER_NAME_MAX + VOYAGER_ID_MAX];
    voyager_mqtt_fn on_message;
    void *on_message_arg;
    char buf[VOYAGER_ESP_BUFFER_SIZE];
} voyager_esp_port_t;

/**
 * Opens the NVS namespace (call nvs_flash_init() first), finds the UI partitions, registers for MQTT events when
 * a client is given, and fills p->port. VOYAGER_ERR_STORAGE when NVS cannot be opened.
 */
voyager_err_t voyager_esp_port_init(voyager_esp_port_t *p, const voyager_esp_port_config_t *cfg);

/**
 * Fills a configuration with what the device knows: the running version and secure_version from the app
 * descriptor, the chip of this build, the port, and from Kconfig the server URL, product, model, check interval,
 * the release key and the offer key (when Kconfig holds them), and the opt-outs menuconfig turned on. Left for
 * the application: the device id and secret, the callbacks, and the keys when it supplies them itself. Without
 * Kconfig (Arduino) no key and no opt-out is set: voyager_init refuses until the application sets them.
 */
void voyager_esp_config(voyager_config_t *cfg, voyager_esp_port_t *p);

/** The chip this firmware is built for (CONFIG_IDF_TARGET_*). */
voyager_chip_t voyager_esp_chip(void);

/** The Wi-Fi station MAC as "24:0a:c4:12:34:56", a stable device id; out holds 18 bytes. */
voyager_err_t voyager_esp_device_id(char out[18]);

/** The UI partition ("www_0" or "www_1") that belongs to the running firmware, to mount; NULL without them. */
const esp_partition_t *voyager_esp_ui_partition(const voyager_esp_port_t *p);

#ifdef __cplusplus
}
#endif

#endif
