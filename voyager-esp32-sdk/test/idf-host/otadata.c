/*
 * app_update's boot selection and the bootloader that reads it. otadata holds two esp_ota_select_entry_t
 * records, one in each of its sectors: ota_seq, a label, ota_state and a CRC-32 of ota_seq. A record is intact
 * when its seq is not 0xFFFFFFFF and its CRC matches; of the intact ones that are neither INVALID nor ABORTED, the
 * one with the highest seq is the active one and chooses the app: seq - 1 modulo the number of OTA app partitions.
 * esp_ota_set_boot_partition writes the next seq into the sector not holding the active record, so a torn write
 * leaves the previous choice in charge; a state change (the bootloader's NEW to PENDING_VERIFY, mark valid, mark
 * invalid) erases and rewrites the record in its own sector, as ESP-IDF does, so a cut there loses the record and
 * the other one chooses.
 */
#include <string.h>

#include "crc32.h"
#include "esp_err.h"
#include "esp_ota_ops.h"
#include "esp_system.h"
#include "idf_host.h"

typedef struct {
    uint32_t ota_seq;
    uint8_t seq_label[20];
    uint32_t ota_state;
    uint32_t crc;
} esp_ota_select_entry_t;

#define APP_SLOTS 2u
#define NO_RECORD (-1)

static const esp_partition_t *otadata(void) {
    return esp_partition_find_first(ESP_PARTITION_TYPE_DATA, ESP_PARTITION_SUBTYPE_DATA_OTA, NULL);
}

static uint32_t seq_crc(uint32_t seq) {
    uint8_t b[4] = {(uint8_t) seq, (uint8_t) (seq >> 8), (uint8_t) (seq >> 16), (uint8_t) (seq >> 24)};
    return ~voyager_crc32_raw(0xffffffffu, b, sizeof b);
}

static bool read_record(int sector, esp_ota_select_entry_t *e) {
    esp_partition_read(otadata(), (size_t) sector * IDF_HOST_SECTOR, e, sizeof *e);
    return e->ota_seq != 0xffffffffu && e->crc == seq_crc(e->ota_seq);
}

static bool selectable(int sector, esp_ota_select_entry_t *e) {
    return read_record(sector, e) && e->ota_state != ESP_OTA_IMG_INVALID && e->ota_state != ESP_OTA_IMG_ABORTED;
}

/* The active record: the intact one with the highest seq that is neither INVALID nor ABORTED, or NO_RECORD. */
static int active_record(esp_ota_select_entry_t e[2]) {
    bool ok0 = selectable(0, &e[0]);
    bool ok1 = selectable(1, &e[1]);
    if (ok0 && ok1) {
        return e[1].ota_seq > e[0].ota_seq ? 1 : 0;
    }
    return ok0 ? 0 : ok1 ? 1 : NO_RECORD;
}

static const esp_partition_t *app_of_seq(uint32_t seq) {
    uint32_t slot = (seq - 1) % APP_SLOTS;
    return esp_partition_find_first(ESP_PARTITION_TYPE_APP,
                                    (esp_partition_subtype_t) (ESP_PARTITION_SUBTYPE_APP_OTA_MIN + slot), NULL);
}

static esp_err_t write_record(int sector, uint32_t seq, uint32_t state) {
    esp_ota_select_entry_t e;
    memset(&e, 0xff, sizeof e);
    e.ota_seq = seq;
    e.ota_state = state;
    e.crc = seq_crc(seq);
    esp_err_t err = esp_partition_erase_range(otadata(), (size_t) sector * IDF_HOST_SECTOR, IDF_HOST_SECTOR);
    return err != ESP_OK ? err : esp_partition_write(otadata(), (size_t) sector * IDF_HOST_SECTOR, &e, sizeof e);
}

/* The intact record that chooses part, if any: its sector, or NO_RECORD. */
static int record_of(const esp_partition_t *part, esp_ota_select_entry_t e[2]) {
    int active = active_record(e);
    int found = NO_RECORD;
    for (int i = 0; i < 2; i++) {
        if (read_record(i, &e[i]) && app_of_seq(e[i].ota_seq) == part && (found == NO_RECORD || i == active)) {
            found = i;
        }
    }
    return found;
}

esp_ota_img_states_t idf_host_ota_state(const esp_partition_t *part, bool *found) {
    esp_ota_img_states_t state = ESP_OTA_IMG_UNDEFINED;
    *found = esp_ota_get_state_partition(part, &state) == ESP_OK;
    return state;
}

esp_err_t esp_ota_get_state_partition(const esp_partition_t *partition, esp_ota_img_states_t *ota_state) {
    esp_ota_select_entry_t e[2];
    if (partition == NULL || ota_state == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    if (!idf_host__is_ota_app(partition)) {
        return ESP_ERR_NOT_SUPPORTED;
    }
    int i = record_of(partition, e);
    if (i == NO_RECORD) {
        return ESP_ERR_NOT_FOUND;
    }
    *ota_state = (esp_ota_img_states_t) e[i].ota_state;
    return ESP_OK;
}

const esp_partition_t *esp_ota_get_running_partition(void) {
    return idf_host.running;
}

const esp_partition_t *esp_ota_get_boot_partition(void) {
    esp_ota_select_entry_t e[2];
    int i = active_record(e);
    return i == NO_RECORD ? app_of_seq(1) : app_of_seq(e[i].ota_seq);
}

const esp_partition_t *esp_ota_get_next_update_partition(const esp_partition_t *start_from) {
    const esp_partition_t *from = start_from != NULL ? start_from : idf_host.running;
    if (!idf_host__is_ota_app(from)) {
        return app_of_seq(1);
    }
    return app_of_seq((uint32_t) (from->subtype - ESP_PARTITION_SUBTYPE_APP_OTA_MIN) + 2);
}

esp_err_t esp_ota_set_boot_partition(const esp_partition_t *partition) {
    esp_ota_select_entry_t e[2];
    if (!idf_host__is_ota_app(partition)) {
        return ESP_ERR_INVALID_ARG; /* a factory app would erase otadata: this table has none */
    }
    if (!idf_host__image_ok(partition)) {
        return ESP_ERR_OTA_VALIDATE_FAILED;
    }
    int active = active_record(e);
    uint32_t slot = (uint32_t) (partition->subtype - ESP_PARTITION_SUBTYPE_APP_OTA_MIN);
    uint32_t seq = slot + 1;
    while (active != NO_RECORD && seq <= e[active].ota_seq) {
        seq += APP_SLOTS;
    }
    return write_record(active == 0 ? 1 : 0, seq, idf_host.rollback ? ESP_OTA_IMG_NEW : ESP_OTA_IMG_UNDEFINED);
}

/*
 * What esp_ota_begin does with rollback on: the record that is not the active one is erased when it chooses an app
 * other than the running one, so that no record can send the bootloader to the slot about to be overwritten.
 */
void idf_host__invalidate_inactive(void) {
    esp_ota_select_entry_t e[2];
    int active = active_record(e);
    int inactive = active == NO_RECORD ? NO_RECORD : 1 - active;
    if (inactive != NO_RECORD && read_record(inactive, &e[inactive])
            && app_of_seq(e[inactive].ota_seq) != idf_host.running) {
        esp_partition_erase_range(otadata(), (size_t) inactive * IDF_HOST_SECTOR, IDF_HOST_SECTOR);
    }
}

/* Rewrites the running app's record with a new state, in place (unless it has it already). */
static esp_err_t set_running_state(esp_ota_img_states_t to) {
    esp_ota_select_entry_t e[2];
    if (!idf_host__is_ota_app(idf_host.running)) {
        return ESP_ERR_NOT_SUPPORTED;
    }
    int i = record_of(idf_host.running, e);
    if (i == NO_RECORD) {
        return ESP_ERR_NOT_FOUND; /* flashed over the cable: otadata never chose it */
    }
    return e[i].ota_state == (uint32_t) to ? ESP_OK : write_record(i, e[i].ota_seq, to);
}

esp_err_t esp_ota_mark_app_valid_cancel_rollback(void) {
    return set_running_state(ESP_OTA_IMG_VALID);
}

esp_err_t esp_ota_mark_app_invalid_rollback_and_reboot(void) {
    const esp_partition_t *other = esp_ota_get_next_update_partition(NULL);
    if (!idf_host__image_ok(other)) {
        return ESP_ERR_OTA_ROLLBACK_FAILED; /* nothing to roll back to */
    }
    esp_err_t err = set_running_state(ESP_OTA_IMG_INVALID);
    if (err == ESP_OK) {
        esp_restart();
    }
    return err;
}

const esp_partition_t *esp_ota_get_last_invalid_partition(void) {
    esp_ota_select_entry_t e[2];
    const esp_partition_t *found = NULL;
    uint32_t best = 0;
    for (int i = 0; i < 2; i++) {
        if (read_record(i, &e[i]) && (e[i].ota_state == ESP_OTA_IMG_INVALID || e[i].ota_state == ESP_OTA_IMG_ABORTED)
                && e[i].ota_seq >= best) {
            best = e[i].ota_seq;
            found = app_of_seq(e[i].ota_seq);
        }
    }
    return found;
}

/*
 * The second-stage bootloader: the intact records from the newest, skipping INVALID and ABORTED; with rollback on,
 * NEW becomes PENDING_VERIFY and boots, PENDING_VERIFY (booted once, never marked valid) becomes ABORTED and is
 * skipped. An app that does not verify is passed over. No record at all: ota_0, as esptool flashed it.
 */
static void choose_app(void) {
    esp_ota_select_entry_t e[2];
    int first = active_record(e);
    int order[2] = {first, NO_RECORD};
    if (first != NO_RECORD && read_record(1 - first, &e[1 - first])) {
        order[1] = 1 - first;
    }
    for (int k = 0; k < 2 && order[k] != NO_RECORD; k++) {
        int i = order[k];
        uint32_t state = e[i].ota_state;
        if (state == ESP_OTA_IMG_INVALID || state == ESP_OTA_IMG_ABORTED) {
            continue;
        }
        if (idf_host.rollback && state == ESP_OTA_IMG_PENDING_VERIFY) {
            write_record(i, e[i].ota_seq, ESP_OTA_IMG_ABORTED);
            continue;
        }
        const esp_partition_t *app = app_of_seq(e[i].ota_seq);
        if (!idf_host__image_ok(app)) {
            idf_host.passed_over = true;
            continue;
        }
        if (idf_host.rollback && state == ESP_OTA_IMG_NEW) {
            write_record(i, e[i].ota_seq, ESP_OTA_IMG_PENDING_VERIFY);
        }
        idf_host.running = app;
        break;
    }
    if (idf_host.running == NULL) {
        bool ok = idf_host__image_ok(app_of_seq(1));
        idf_host.passed_over = idf_host.passed_over || !ok;
        idf_host.running = ok ? app_of_seq(1) : NULL;
    }
}

/* A cut in the bootloader's own otadata writes (boot_cut_at) resets the chip: the bootloader runs again. */
int idf_host_boot(void) {
    long cut = idf_host.boot_cut_at;
    idf_host.boot_cut_at = 0;
    idf_host.cut_in_boot = false;
    do {
        idf_host.dead = false;
        idf_host.ops = 0;
        idf_host.cut_at = cut;
        idf_host.running = NULL;
        idf_host.passed_over = false;
        idf_host.restarted = false;
        idf_host.now_us = 0;
        idf_host__ota_reset();
        idf_host__nvs_reset(false);
        choose_app();
        idf_host.cut_in_boot = idf_host.cut_in_boot || idf_host.dead;
        cut = 0;
    } while (idf_host.dead);
    idf_host.cut_at = 0;
    idf_host.ops = 0;
    return idf_host.running != NULL ? 0 : -1;
}
