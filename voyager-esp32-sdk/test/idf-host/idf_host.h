/*
 * A host emulation of the ESP-IDF APIs the ESP-IDF port calls, written from their documented contracts, so that
 * src/esp-idf runs unchanged on a host: esp_partition over an emulated NOR flash, app_update (otadata and its
 * rollback states) with a bootloader that reads it, NVS with commit semantics, esp_http_client over a socket, and
 * the small system calls (log, timer, random, app descriptor). The declarations are test/esp-idf-stubs'.
 *
 * Power: every sector erase, every flash write and every NVS commit counts as one operation; with cut_at = N the
 * N-th is torn (a write lands half, an erase half, a commit not at all) and the power is gone: every later flash
 * operation and commit fails and no connection opens, as the code under test runs on to its end. idf_host_boot
 * then brings the power back: what lived in RAM (OTA handles with what they held back, uncommitted NVS writes) is
 * lost and the bootloader chooses the app from otadata.
 */
#ifndef VOYAGER_IDF_HOST_H
#define VOYAGER_IDF_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "esp_flash_partitions.h"
#include "esp_partition.h"

#define IDF_HOST_SECTOR 4096u

#define IDF_HOST_HTTP_LOG 32

/** What one esp_http_client_init was given for TLS, and whether the bundle was attached when it connected. */
typedef struct {
    char url[160];
    const char *cert_pem;
    const char *client_cert_pem;
    const char *client_key_pem;
    bool crt_bundle;                   /* crt_bundle_attach was set */
    bool bundle_attached;              /* and esp_crt_bundle_attach ran as the connection opened */
} idf_host_http_t;

typedef struct {
    long ops;                          /* flash erases, writes and NVS commits since idf_host_boot */
    long cut_at;                       /* the operation the power goes at; 0: never */
    bool dead;
    long bit_conflicts;                /* bytes written over that needed a 0 to become 1: NOR left them corrupt */
    bool rollback;                     /* CONFIG_BOOTLOADER_APP_ROLLBACK_ENABLE: on unless a test turns it off */
    bool flash_encryption;             /* set with idf_host_set_flash_encryption */
    long boot_cut_at;                  /* the bootloader's own operation the power goes at in the next boot */
    bool cut_in_boot;                  /* it went there, and the bootloader ran again */
    /* what the last boot did */
    const esp_partition_t *running;
    bool passed_over;                  /* the bootloader had to skip an app that did not verify */
    bool restarted;                    /* esp_restart was called */
    void (*on_restart)(void);          /* what esp_restart does (it must not return: longjmp); NULL: abort() */
    int64_t now_us;                    /* esp_timer_get_time: since boot, moved on by the test */
    /* the clients initialised since idf_host_reset (or the test zeroed http_count): the last IDF_HOST_HTTP_LOG */
    idf_host_http_t http[IDF_HOST_HTTP_LOG];
    long http_count;
} idf_host_t;

extern idf_host_t idf_host;

/**
 * A new board: every partition erased (nvs, otadata, the app slots ota_0/ota_1 of 256 KiB, the UI partitions
 * www_0/www_1 of 64 KiB; the table itself is fixed), NVS empty, the power on, nothing booted.
 */
void idf_host_reset(void);
/** Flash encryption on or off (off after idf_host_reset): the app partitions and otadata become encrypted. */
void idf_host_set_flash_encryption(bool on);
/** Writes an image into a partition as esptool would: not counted, never cut. 0, or -1 when it does not fit. */
int idf_host_flash(const char *label, const uint8_t *data, size_t len);
/**
 * Power back on, the RAM state lost, then the bootloader: it chooses from otadata, turning NEW into PENDING_VERIFY
 * and PENDING_VERIFY into ABORTED when rollback is on. 0 when an app booted, -1 when none would.
 */
int idf_host_boot(void);
/** The bytes of a partition in the emulated flash. */
const uint8_t *idf_host_bytes(const esp_partition_t *part);
/** The latest client initialised for a URL containing needle, or NULL. */
const idf_host_http_t *idf_host_http_find(const char *needle);
/** The state otadata records for an app partition, or ESP_OTA_IMG_UNDEFINED with *found false. */
esp_ota_img_states_t idf_host_ota_state(const esp_partition_t *part, bool *found);

/* Between the emulation's parts. */
/** Counts one operation; false when the power is gone or goes now (*torn: this is the one that tears). */
bool idf_host__power(bool *torn);
/** Whether an app partition holds an image that verifies (header, segments, checksum, appended SHA-256). */
bool idf_host__image_ok(const esp_partition_t *part);
/** Whether a partition is an OTA app slot (not factory, not test). */
bool idf_host__is_ota_app(const esp_partition_t *part);
/** esp_ota_begin's invalidation of the inactive otadata record (rollback on). */
void idf_host__invalidate_inactive(void);
/** Forgets what lives in RAM, as a reset does. */
void idf_host__ota_reset(void);
void idf_host__nvs_reset(bool erase);

#endif
