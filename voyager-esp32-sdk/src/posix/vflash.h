/*
 * An ESP32 flash layout emulated on a host, for the device simulator and the power-loss tests: NOR semantics
 * (erase sets 0xFF, a write can only clear bits), two app slots and two UI slots, an otadata pair the bootloader
 * reads (each record CRC-checked, the newest intact one wins, so a torn write leaves the previous choice), the
 * bootloader's app rollback (a new image boots "pending verify"; booted again without being marked valid, it is
 * abandoned for the previous one), and a small atomic key-value store standing in for NVS.
 *
 * Every flash write, sector erase and state write counts as one operation; with fail_at = N the N-th operation
 * is torn (a write lands half, an erase half, a state write not at all) and every later one fails, as when the
 * power goes. vflash_boot then plays the bootloader on what is left.
 */
#ifndef VOYAGER_VFLASH_H
#define VOYAGER_VFLASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "voyager/port.h"

#define VFLASH_SECTOR 4096u
#define VFLASH_KEYS 8
#define VFLASH_VALUE_MAX 4096

typedef struct {
    uint8_t *mem;
    size_t size;
    int fd;                     /* the backing file, or -1 for memory only */
    uint32_t app_size;          /* each app slot */
    uint32_t ui_size;           /* each UI slot */
    long ops;                   /* operations so far */
    long fail_at;               /* the operation the power goes at, 0 for never */
    bool dead;
    const char *state_dir;      /* NULL: the state lives in memory */
    /* NVS's free space, for the in-memory state: each value costs what vflash_nvs_cost says */
    bool state_bounded;         /* false: unbounded */
    long state_free;            /* bytes of free NVS entries */
    int state_refused;          /* writes refused for want of space */
    struct {
        char key[16];
        size_t len;
        uint8_t value[VFLASH_VALUE_MAX];
    } kv[VFLASH_KEYS];
    /* what booted */
    uint8_t app;
    uint8_t ui;
    uint8_t boot_state;         /* VOYAGER_BOOT_* */
    bool fell_back;             /* the bootloader had to pass over an invalid image */
    char version[33];           /* the running image's descriptor version */
    /* the slots being written */
    uint8_t target[2];
    bool open[2];
} vflash_t;

/** A flash in memory (app_size and ui_size multiples of 4 KiB), erased. */
int vflash_init(vflash_t *f, uint32_t app_size, uint32_t ui_size);
/** A flash kept in a file (created erased when missing) with the state in state_dir. */
int vflash_open(vflash_t *f, const char *path, const char *state_dir, uint32_t app_size, uint32_t ui_size);
void vflash_close(vflash_t *f);
/** Writes a factory image into app slot 0 (and a UI image into UI slot 0), as esptool would; not counted. */
int vflash_flash_factory(vflash_t *f, const uint8_t *app, size_t app_len, const uint8_t *ui, size_t ui_len);
/** Power comes back: clears the failure and plays the bootloader. 0 when an app booted, -1 for a brick. */
int vflash_boot(vflash_t *f);
/** Where a slot lives in the flash. */
uint8_t *vflash_slot(vflash_t *f, voyager_part_t part, uint8_t slot);
/** Counts one operation: false when the power is gone or goes now (*torn: this operation is the torn one). */
bool vflash_power(vflash_t *f, bool *torn);
/** The state store (memory, or files in state_dir written atomically), as port functions. */
voyager_err_t vflash_state_get(void *ctx, const char *key, void *buf, size_t cap, size_t *len);
voyager_err_t vflash_state_set(void *ctx, const char *key, const void *data, size_t len);
/**
 * What a value of len bytes takes in NVS: 32-byte entries, a blob's header and index entries besides its data
 * (docs/sdk.md, "NVS budget"); 0 for none.
 */
long vflash_nvs_cost(size_t len);
/** Fills the flash, boot and state functions of a port with this flash as their context. */
void vflash_port(vflash_t *f, voyager_port_t *port);

#endif
