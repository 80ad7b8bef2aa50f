/*
 * The ESP-IDF port: flash slots, the boot switch, rollback, NVS state, clock, random and log. HTTP and MQTT are in
 * voyager_esp_net.c, the configuration helpers in voyager_esp_config.c. On the host it runs unchanged against the
 * emulation of ESP-IDF's contracts in test/idf-host (docs/sdk.md, "The ESP-IDF port on the host").
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "esp_err.h"
#include "esp_idf_version.h"
#include "esp_log.h"
#include "esp_ota_ops.h"
#include "esp_partition.h"
#include "esp_random.h"
#include "esp_timer.h"
#include "nvs.h"

#include "../core/keys.h"
#include "../mbedtls/voyager_mbedtls.h"
#include "esp_port.h"

#define TAG VOYAGER_ESP_TAG

/* esp_ota_resume (continue an app slot without erasing it) came with ESP-IDF 5.3.3, 5.4.2 and 5.5. */
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 4, 2) \
        || (ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 3, 3) && ESP_IDF_VERSION < ESP_IDF_VERSION_VAL(5, 4, 0))
#define HAVE_OTA_RESUME 1
#else
#define HAVE_OTA_RESUME 0
#endif

#define WALL_CLOCK_KNOWN 1577836800 /* 2020-01-01: earlier means SNTP has not set the clock yet */

static voyager_esp_port_t *port_of(void *ctx) {
    return (voyager_esp_port_t *) ctx;
}

/*
 * Whether a download may continue after a reboot from where its checkpoint says: it needs esp_ota_resume.
 * Otherwise the port hides the checkpoint and a reboot starts over; within one boot a broken connection still
 * resumes with a Range request, the slot staying open. Flash encryption needs no exception: the core writes whole
 * 16-byte blocks at aligned offsets and keeps an incomplete block in the checkpoint, so everything the checkpoint
 * counts as written is on flash (esp_ota_write holds nothing back).
 */
static bool resume_after_reboot(void) {
    return HAVE_OTA_RESUME;
}

/* The app partition a fresh download went to, so a checkpoint is only believed for that same partition. */
#define KEY_SLOT "vy_fw_slot"

static bool same_slot_as_checkpoint(voyager_esp_port_t *p) {
    const esp_partition_t *next = esp_ota_get_next_update_partition(NULL);
    uint8_t slot = 0xff;
    return next != NULL && nvs_get_u8(p->nvs, KEY_SLOT, &slot) == ESP_OK && slot == (uint8_t) next->subtype;
}

/* NVS key holding the UI slot of an app partition: "vy_ui_0".."vy_ui_15", "vy_ui_f" for factory or test. */
static void ui_key(const esp_partition_t *app, char key[10]) {
    int index = app != NULL ? (int) app->subtype - (int) ESP_PARTITION_SUBTYPE_APP_OTA_MIN : -1;
    if (index >= 0 && index < 16) {
        snprintf(key, 10, "vy_ui_%d", index);
    } else {
        snprintf(key, 10, "vy_ui_f");
    }
}

static uint32_t round_up(uint32_t value, uint32_t unit) {
    return (value + unit - 1) / unit * unit;
}

static voyager_err_t part_begin(void *ctx, voyager_part_t part, uint32_t size, uint32_t offset) {
    voyager_esp_port_t *p = port_of(ctx);
    voyager_esp_slot_t *s = &p->slot[part];
    bool firmware = part == VOYAGER_PART_FIRMWARE;
    if (s->open && firmware) {
        esp_ota_abort(s->ota); /* begin again: the update starts over */
    }
    memset(s, 0, sizeof *s);
    const esp_partition_t *target = firmware ? esp_ota_get_next_update_partition(NULL)
            : p->ui_part[0] != NULL && p->ui_part[1] != NULL ? p->ui_part[1 - p->ui] : NULL;
    if (target == NULL) {
        ESP_LOGE(TAG, "%s", firmware ? "no OTA app partition to update: the partition table needs ota_0 and ota_1"
                 : "a bundle needs the UI partitions www_0 and www_1 (see partitions_bundle.csv)");
        return VOYAGER_ERR_FLASH;
    }
    if (size > target->size) {
        return VOYAGER_ERR_TOO_LARGE;
    }
    if (offset > size) {
        return VOYAGER_ERR_ARG;
    }
    esp_err_t err = ESP_OK;
    if (firmware && offset == 0) {
        /* erases sector by sector as the writes arrive, so no long erase stalls the download */
        err = esp_ota_begin(target, OTA_WITH_SEQUENTIAL_WRITES, &s->ota);
        if (err == ESP_OK && (nvs_set_u8(p->nvs, KEY_SLOT, (uint8_t) target->subtype) != ESP_OK
                || nvs_commit(p->nvs) != ESP_OK)) {
            esp_ota_abort(s->ota);
            return VOYAGER_ERR_STORAGE;
        }
    } else if (firmware) {
#if HAVE_OTA_RESUME
        err = esp_ota_resume(target, OTA_WITH_SEQUENTIAL_WRITES, offset, &s->ota);
#else
        err = ESP_ERR_NOT_SUPPORTED; /* unreachable: resume_after_reboot() hides checkpoints on this IDF */
#endif
    } else {
        /* the sector holding offset was erased when its first byte was written; later ones are erased anew */
        s->erased_to = round_up(offset, target->erase_size);
    }
    if (err != ESP_OK) {
        ESP_LOGE(TAG, "cannot open %s at %lu: %s", target->label, (unsigned long) offset, esp_err_to_name(err));
        return VOYAGER_ERR_FLASH;
    }
    s->part = target;
    s->next = offset;
    s->open = true;
    return VOYAGER_OK;
}

/* A UI slot: erase ahead of the write, a sector at a time, then program. */
static esp_err_t ui_write(voyager_esp_slot_t *s, uint32_t offset, const uint8_t *data, size_t len) {
    uint32_t end = offset + (uint32_t) len;
    if (end > s->part->size) {
        return ESP_ERR_INVALID_SIZE;
    }
    if (end > s->erased_to) {
        uint32_t to = round_up(end, s->part->erase_size);
        esp_err_t err = esp_partition_erase_range(s->part, s->erased_to, to - s->erased_to);
        if (err != ESP_OK) {
            return err;
        }
        s->erased_to = to;
    }
    return esp_partition_write(s->part, offset, data, len);
}

static voyager_err_t part_write(void *ctx, voyager_part_t part, uint32_t offset, const uint8_t *data, size_t len) {
    voyager_esp_slot_t *s = &port_of(ctx)->slot[part];
    if (!s->open || offset != s->next) {
        ESP_LOGE(TAG, "write at %lu, expected %lu", (unsigned long) offset, (unsigned long) s->next);
        return VOYAGER_ERR_STATE;
    }
    esp_err_t err = part == VOYAGER_PART_FIRMWARE ? esp_ota_write(s->ota, data, len) : ui_write(s, offset, data, len);
    if (err != ESP_OK) {
        ESP_LOGE(TAG, "writing %s at %lu: %s", s->part->label, (unsigned long) offset, esp_err_to_name(err));
        return VOYAGER_ERR_FLASH;
    }
    s->next += (uint32_t) len;
    return VOYAGER_OK;
}

static voyager_err_t part_end(void *ctx, voyager_part_t part) {
    voyager_esp_slot_t *s = &port_of(ctx)->slot[part];
    if (!s->open) {
        return VOYAGER_ERR_STATE;
    }
    s->open = false;
    if (part == VOYAGER_PART_FIRMWARE) {
        /* validates the image (and its Secure Boot signature when enabled); frees the handle either way */
        esp_err_t err = esp_ota_end(s->ota);
        if (err != ESP_OK) {
            ESP_LOGE(TAG, "esp_ota_end: %s", esp_err_to_name(err));
            return VOYAGER_ERR_FLASH;
        }
    }
    s->done = true;
    return VOYAGER_OK;
}

static void part_abort(void *ctx, voyager_part_t part) {
    voyager_esp_slot_t *s = &port_of(ctx)->slot[part];
    if (s->open && part == VOYAGER_PART_FIRMWARE) {
        esp_ota_abort(s->ota);
    }
    memset(s, 0, sizeof *s);
}

/*
 * The one atomic step is esp_ota_set_boot_partition. Before it, NVS and the record beside the new image say which
 * UI slot the new app partition uses; they matter only once that partition boots, so a power loss in between
 * changes nothing.
 */
static voyager_err_t set_boot(void *ctx, bool with_ui) {
    voyager_esp_port_t *p = port_of(ctx);
    voyager_esp_slot_t *fw = &p->slot[VOYAGER_PART_FIRMWARE];
    if (!fw->done || (with_ui && !p->slot[VOYAGER_PART_UI].done)) {
        return VOYAGER_ERR_STATE;
    }
    if (p->ui_part[0] != NULL && p->ui_part[1] != NULL) {
        char key[10];
        ui_key(fw->part, key);
        uint8_t ui = (uint8_t) (with_ui ? 1 - p->ui : p->ui);
        if (nvs_set_u8(p->nvs, key, ui) != ESP_OK || nvs_commit(p->nvs) != ESP_OK) {
            return VOYAGER_ERR_STORAGE;
        }
        voyager_err_t err = voyager_esp__pairing_write(fw->part, fw->next, ui);
        if (err != VOYAGER_OK) {
            return err;
        }
    }
    esp_err_t err = esp_ota_set_boot_partition(fw->part);
    if (err != ESP_OK) {
        ESP_LOGE(TAG, "esp_ota_set_boot_partition: %s", esp_err_to_name(err));
        return VOYAGER_ERR_FLASH;
    }
    memset(p->slot, 0, sizeof p->slot);
    return VOYAGER_OK;
}

static voyager_boot_state_t boot_state(void *ctx) {
    esp_ota_img_states_t state;
    (void) ctx;
    esp_err_t err = esp_ota_get_state_partition(esp_ota_get_running_partition(), &state);
    if (err == ESP_ERR_NOT_SUPPORTED || err == ESP_ERR_NOT_FOUND) {
        return VOYAGER_BOOT_VALID; /* a factory app, or an app slot flashed over the cable */
    }
    if (err != ESP_OK) {
        return VOYAGER_BOOT_UNKNOWN;
    }
    switch (state) {
        case ESP_OTA_IMG_PENDING_VERIFY:
            return VOYAGER_BOOT_PENDING_VERIFY;
        case ESP_OTA_IMG_VALID:
        case ESP_OTA_IMG_UNDEFINED: /* rollback disabled: nothing waits for a verdict */
            return VOYAGER_BOOT_VALID;
        default:
            return VOYAGER_BOOT_UNKNOWN;
    }
}

/* The running app partition's subtype (factory 0x00, ota_N 0x10 + N): after an update it tells a rollback. */
static int running_slot(void *ctx) {
    const esp_partition_t *running = esp_ota_get_running_partition();
    (void) ctx;
    return running != NULL ? (int) running->subtype : -1;
}

static voyager_err_t mark_valid(void *ctx) {
    /* only a pending image needs it; a valid one would just cost an otadata write (and a factory app refuses) */
    if (boot_state(ctx) != VOYAGER_BOOT_PENDING_VERIFY) {
        return VOYAGER_OK;
    }
    esp_err_t err = esp_ota_mark_app_valid_cancel_rollback();
    return err == ESP_OK ? VOYAGER_OK : VOYAGER_ERR_FLASH;
}

static voyager_err_t rollback(void *ctx) {
    (void) ctx;
    esp_err_t err = esp_ota_mark_app_invalid_rollback_and_reboot(); /* returns only when it could not */
    ESP_LOGE(TAG, "rollback impossible: %s", esp_err_to_name(err));
    return VOYAGER_ERR_FLASH;
}

static voyager_err_t state_get(void *ctx, const char *key, void *buf, size_t cap, size_t *len) {
    voyager_esp_port_t *p = port_of(ctx);
    size_t n = cap;
    *len = 0;
    if (strcmp(key, VOYAGER_KEY_DOWNLOAD) == 0 && (!resume_after_reboot() || !same_slot_as_checkpoint(p))) {
        return VOYAGER_OK; /* see resume_after_reboot; a checkpoint for another slot is worth nothing */
    }
    esp_err_t err = nvs_get_blob(p->nvs, key, buf, &n);
    if (err == ESP_OK) {
        *len = n;
        return VOYAGER_OK;
    }
    /* absent, or larger than anything this firmware writes under that key: both read as absent */
    return err == ESP_ERR_NVS_NOT_FOUND || err == ESP_ERR_NVS_INVALID_LENGTH ? VOYAGER_OK : VOYAGER_ERR_STORAGE;
}

static voyager_err_t state_set(void *ctx, const char *key, const void *data, size_t len) {
    voyager_esp_port_t *p = port_of(ctx);
    esp_err_t err = len == 0 ? nvs_erase_key(p->nvs, key) : nvs_set_blob(p->nvs, key, data, len);
    if (err == ESP_ERR_NVS_NOT_FOUND) {
        err = ESP_OK; /* deleting what is not there */
    }
    if (err == ESP_OK) {
        err = nvs_commit(p->nvs);
    }
    return err == ESP_OK ? VOYAGER_OK : VOYAGER_ERR_STORAGE;
}

static uint64_t now_ms(void *ctx) {
    (void) ctx;
    return (uint64_t) (esp_timer_get_time() / 1000);
}

static int64_t unix_time(void *ctx) {
    (void) ctx;
    time_t now = time(NULL);
    return now >= WALL_CLOCK_KNOWN ? (int64_t) now : 0;
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

/*
 * The hardware RNG: truly random while Wi-Fi or Bluetooth runs, which a device that checks for updates has on
 * (see esp_random() in the ESP-IDF documentation).
 */
static voyager_err_t fill_random(void *ctx, uint8_t *buf, size_t len) {
    (void) ctx;
    esp_fill_random(buf, len);
    return VOYAGER_OK;
}

voyager_err_t voyager_esp_port_init(voyager_esp_port_t *p, const voyager_esp_port_config_t *cfg) {
    static const voyager_esp_port_config_t defaults = {0};
    memset(p, 0, sizeof *p);
    p->cfg = cfg != NULL ? *cfg : defaults;
    if (p->cfg.timeout_ms <= 0) {
#ifdef CONFIG_VOYAGER_HTTP_TIMEOUT_MS
        p->cfg.timeout_ms = CONFIG_VOYAGER_HTTP_TIMEOUT_MS;
#else
        p->cfg.timeout_ms = 15000;
#endif
    }
    esp_err_t err = nvs_open(p->cfg.nvs_namespace != NULL ? p->cfg.nvs_namespace : "voyager", NVS_READWRITE, &p->nvs);
    if (err != ESP_OK) {
        ESP_LOGE(TAG, "nvs_open: %s (call nvs_flash_init first)", esp_err_to_name(err));
        return VOYAGER_ERR_STORAGE;
    }
    p->ui_part[0] = esp_partition_find_first(ESP_PARTITION_TYPE_DATA, ESP_PARTITION_SUBTYPE_ANY, VOYAGER_ESP_UI_0);
    p->ui_part[1] = esp_partition_find_first(ESP_PARTITION_TYPE_DATA, ESP_PARTITION_SUBTYPE_ANY, VOYAGER_ESP_UI_1);
    char key[10];
    uint8_t ui = 0;
    ui_key(esp_ota_get_running_partition(), key);
    if (nvs_get_u8(p->nvs, key, &ui) != ESP_OK || ui > 1) {
        ui = voyager_esp__pairing_read(esp_ota_get_running_partition()); /* NVS erased, or never recorded */
    }
    p->ui = ui;
    const esp_partition_t *invalid = esp_ota_get_last_invalid_partition();
    if (invalid != NULL) {
        ESP_LOGW(TAG, "the firmware in %s was rolled back", invalid->label);
    }
    const voyager_port_t port = {
        .ctx = p, .http = voyager_esp__http,
        .part_begin = part_begin, .part_write = part_write, .part_end = part_end, .part_abort = part_abort,
        .set_boot = set_boot, .boot_state = boot_state, .mark_valid = mark_valid, .rollback = rollback,
        .state_get = state_get, .state_set = state_set, .now_ms = now_ms, .unix_time = unix_time, .log = log_line,
        .verify_p256 = voyager_mbedtls_verify_p256, .hmac_sha256 = voyager_mbedtls_hmac_sha256,
        .random = fill_random, .running_slot = running_slot, .http_open = voyager_esp__http_open,
        .http_read = voyager_esp__http_read, .http_close = voyager_esp__http_close,
    };
    p->port = port; /* the MQTT functions join when a client is attached */
    return p->cfg.mqtt != NULL ? voyager_esp__mqtt_attach(p) : VOYAGER_OK;
}
