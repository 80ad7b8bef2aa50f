/*
 * esp_partition over an emulated NOR flash: erase works on whole 4 KiB sectors and sets them to 0xFF, a write
 * can only clear bits. Writing over bytes that are not erased is not refused (esp_partition_write does not read
 * before it writes): the bits AND together as on the chip, and idf_host.bit_conflicts counts each byte that needed
 * a 0 to become 1, so a test can tell that something was written over unerased flash. With flash encryption on,
 * the app partitions and otadata are encrypted and take only writes of whole 16-byte blocks at 16-byte offsets;
 * the data is kept as it was written (the cipher itself is not modelled).
 */
#include <string.h>

#include "esp_err.h"
#include "idf_host.h"

#define FLASH_SIZE 0xb0000u

static uint8_t flash[FLASH_SIZE];

/* partitions_bundle.csv's layout, the slots made smaller to keep the tests quick */
static esp_partition_t table[] = {
    {NULL, ESP_PARTITION_TYPE_DATA, ESP_PARTITION_SUBTYPE_DATA_NVS, 0x9000, 0x4000, IDF_HOST_SECTOR, "nvs", false},
    {NULL, ESP_PARTITION_TYPE_DATA, ESP_PARTITION_SUBTYPE_DATA_OTA, 0xd000, 0x2000, IDF_HOST_SECTOR, "otadata", false},
    {NULL, ESP_PARTITION_TYPE_APP, ESP_PARTITION_SUBTYPE_APP_OTA_0, 0x10000, 0x40000, IDF_HOST_SECTOR, "ota_0", false},
    {NULL, ESP_PARTITION_TYPE_APP, ESP_PARTITION_SUBTYPE_APP_OTA_1, 0x50000, 0x40000, IDF_HOST_SECTOR, "ota_1", false},
    {NULL, ESP_PARTITION_TYPE_DATA, ESP_PARTITION_SUBTYPE_DATA_SPIFFS, 0x90000, 0x10000, IDF_HOST_SECTOR, "www_0",
     false},
    {NULL, ESP_PARTITION_TYPE_DATA, ESP_PARTITION_SUBTYPE_DATA_SPIFFS, 0xa0000, 0x10000, IDF_HOST_SECTOR, "www_1",
     false},
};
#define PARTITIONS (sizeof table / sizeof table[0])

idf_host_t idf_host;

void idf_host_set_flash_encryption(bool on) {
    idf_host.flash_encryption = on;
    for (size_t i = 0; i < PARTITIONS; i++) {
        table[i].encrypted = on && (table[i].type == ESP_PARTITION_TYPE_APP
                                    || table[i].subtype == ESP_PARTITION_SUBTYPE_DATA_OTA);
    }
}

void idf_host_reset(void) {
    memset(&idf_host, 0, sizeof idf_host);
    idf_host.rollback = true;
    idf_host_set_flash_encryption(false);
    memset(flash, 0xff, sizeof flash);
    idf_host__ota_reset();
    idf_host__nvs_reset(true);
}

bool idf_host__power(bool *torn) {
    *torn = false;
    if (idf_host.dead) {
        return false;
    }
    if (++idf_host.ops == idf_host.cut_at) {
        idf_host.dead = true;
        *torn = true;
        return false;
    }
    return true;
}

/* The table holds each partition once, so a partition pointer the port got from here is one of its entries. */
static bool known(const esp_partition_t *part) {
    return part != NULL && part >= table && part < table + PARTITIONS;
}

const esp_partition_t *esp_partition_find_first(esp_partition_type_t type, esp_partition_subtype_t subtype,
                                                const char *label) {
    for (size_t i = 0; i < PARTITIONS; i++) {
        const esp_partition_t *p = &table[i];
        if ((type == ESP_PARTITION_TYPE_ANY || p->type == type)
                && (subtype == ESP_PARTITION_SUBTYPE_ANY || p->subtype == subtype)
                && (label == NULL || strcmp(p->label, label) == 0)) {
            return p;
        }
    }
    return NULL;
}

static esp_err_t check_range(const esp_partition_t *part, size_t offset, size_t size) {
    if (!known(part)) {
        return ESP_ERR_INVALID_ARG;
    }
    return offset > part->size || size > part->size - offset ? ESP_ERR_INVALID_SIZE : ESP_OK;
}

esp_err_t esp_partition_read(const esp_partition_t *part, size_t src_offset, void *dst, size_t size) {
    esp_err_t err = check_range(part, src_offset, size);
    if (err == ESP_OK) {
        memcpy(dst, flash + part->address + src_offset, size);
    }
    return err;
}

esp_err_t esp_partition_write(const esp_partition_t *part, size_t dst_offset, const void *src, size_t size) {
    esp_err_t err = check_range(part, dst_offset, size);
    if (err != ESP_OK) {
        return err;
    }
    if (part->encrypted && (dst_offset % 16 != 0 || size % 16 != 0)) {
        return ESP_ERR_INVALID_ARG; /* encrypted flash is written in whole AES blocks */
    }
    bool torn;
    bool on = idf_host__power(&torn);
    size_t n = on ? size : torn ? size / 2 : 0;
    uint8_t *at = flash + part->address + dst_offset;
    const uint8_t *data = (const uint8_t *) src;
    for (size_t i = 0; i < n; i++) {
        if ((uint8_t) (at[i] & data[i]) != data[i]) {
            idf_host.bit_conflicts++;
        }
        at[i] &= data[i];
    }
    return on ? ESP_OK : ESP_FAIL;
}

esp_err_t esp_partition_erase_range(const esp_partition_t *part, size_t offset, size_t size) {
    esp_err_t err = check_range(part, offset, size);
    if (err != ESP_OK) {
        return err;
    }
    if (offset % part->erase_size != 0 || size % part->erase_size != 0) {
        return ESP_ERR_INVALID_SIZE;
    }
    /* the chip erases one sector after another: a cut leaves the earlier ones erased */
    for (size_t at = offset; at < offset + size; at += IDF_HOST_SECTOR) {
        bool torn;
        bool on = idf_host__power(&torn);
        if (on || torn) {
            memset(flash + part->address + at, 0xff, on ? IDF_HOST_SECTOR : IDF_HOST_SECTOR / 2);
        }
        if (!on) {
            return ESP_FAIL;
        }
    }
    return ESP_OK;
}

int idf_host_flash(const char *label, const uint8_t *data, size_t len) {
    const esp_partition_t *p = esp_partition_find_first(ESP_PARTITION_TYPE_ANY, ESP_PARTITION_SUBTYPE_ANY, label);
    if (p == NULL || len > p->size) {
        return -1;
    }
    memset(flash + p->address, 0xff, p->size);
    memcpy(flash + p->address, data, len);
    return 0;
}

const uint8_t *idf_host_bytes(const esp_partition_t *part) {
    return known(part) ? flash + part->address : NULL;
}

bool idf_host__is_ota_app(const esp_partition_t *p) {
    return known(p) && p->type == ESP_PARTITION_TYPE_APP && p->subtype >= ESP_PARTITION_SUBTYPE_APP_OTA_MIN
            && p->subtype < ESP_PARTITION_SUBTYPE_APP_OTA_MAX;
}
