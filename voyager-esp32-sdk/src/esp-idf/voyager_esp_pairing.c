/*
 * Which UI slot goes with the firmware in an app partition, kept on flash beside the image as well as in NVS, so
 * that an NVS erase does not lose it: a record in the partition's last sector, which OTA_WITH_SEQUENTIAL_WRITES
 * leaves alone when the image ends before it. It names the image by its SHA-256, so a record left by an earlier
 * install in that partition, or under an image flashed over the cable, is not believed; nor is a torn one.
 */
#include <string.h>

#include "esp_err.h"
#include "esp_log.h"
#include "esp_partition.h"

#include "../core/crc32.h"
#include "esp_port.h"

#define TAG VOYAGER_ESP_TAG
#define PAIRING_MAGIC 0x31555956u /* "VYU1" */

/* 48 bytes: whole 16-byte blocks, as an encrypted partition needs them. */
typedef struct {
    uint32_t magic;
    uint8_t ui;
    uint8_t subtype;                 /* the app partition's: a record copied into another partition is not its */
    uint8_t reserved[6];
    uint8_t sha256[32];              /* of the image, as esp_partition_get_sha256 computes it */
    uint32_t crc;                    /* CRC-32 of everything above */
} pairing_t;

static uint32_t record_at(const esp_partition_t *app) {
    return app->size - app->erase_size;
}

static uint32_t record_crc(const pairing_t *r) {
    return ~voyager_crc32_raw(0xffffffffu, (const uint8_t *) r, offsetof(pairing_t, crc));
}

voyager_err_t voyager_esp__pairing_write(const esp_partition_t *app, uint32_t image_len, uint8_t ui) {
    pairing_t r;
    if (app->size < 2 * app->erase_size || image_len > record_at(app)) {
        ESP_LOGW(TAG, "%s: no room beside the image for its UI record; NVS alone keeps it", app->label);
        return VOYAGER_OK;
    }
    memset(&r, 0, sizeof r);
    r.magic = PAIRING_MAGIC;
    r.ui = ui;
    r.subtype = (uint8_t) app->subtype;
    if (esp_partition_get_sha256(app, r.sha256) != ESP_OK) {
        return VOYAGER_ERR_FLASH;
    }
    r.crc = record_crc(&r);
    if (esp_partition_erase_range(app, record_at(app), app->erase_size) != ESP_OK
            || esp_partition_write(app, record_at(app), &r, sizeof r) != ESP_OK) {
        return VOYAGER_ERR_FLASH;
    }
    return VOYAGER_OK;
}

uint8_t voyager_esp__pairing_read(const esp_partition_t *running) {
    pairing_t r;
    uint8_t sha256[32];
    if (running == NULL || running->size < 2 * running->erase_size
            || esp_partition_read(running, record_at(running), &r, sizeof r) != ESP_OK || r.magic != PAIRING_MAGIC
            || r.crc != record_crc(&r) || r.ui > 1 || r.subtype != (uint8_t) running->subtype
            || esp_partition_get_sha256(running, sha256) != ESP_OK || memcmp(sha256, r.sha256, 32) != 0) {
        return 0; /* no record to believe: the www_0 flashed with the first firmware */
    }
    ESP_LOGI(TAG, "the UI slot of %s recovered from its flash record: www_%u", running->label, (unsigned) r.ui);
    return r.ui;
}
