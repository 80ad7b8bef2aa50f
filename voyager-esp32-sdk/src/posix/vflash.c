/* The emulated flash: NOR semantics, slots, otadata, the bootloader's rollback, and a key-value store. */
#include "vflash.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "crc32.h"
#include "voyager/image.h"

#define OTADATA_MAGIC 0x544f5956u /* "VYOT" */
#define RECORD_LEN 32u
#define APP_BASE (2u * VFLASH_SECTOR)

enum { REC_NEW = 0, REC_PENDING = 1, REC_VALID = 2 };

typedef struct {
    uint32_t gen;
    uint8_t app, ui, prev_app, prev_ui, state;
} record_t;

static uint32_t crc32(const uint8_t *p, size_t n) {
    return ~voyager_crc32_raw(0xffffffffu, p, n);
}

static size_t offset_of(const vflash_t *f, voyager_part_t part, uint8_t slot) {
    return part == VOYAGER_PART_FIRMWARE ? APP_BASE + (size_t) slot * f->app_size
            : APP_BASE + 2u * f->app_size + (size_t) slot * f->ui_size;
}

uint8_t *vflash_slot(vflash_t *f, voyager_part_t part, uint8_t slot) {
    return f->mem + offset_of(f, part, slot);
}

static void persist(vflash_t *f, size_t at, size_t len) {
    if (f->fd >= 0) {
        if (pwrite(f->fd, f->mem + at, len, (off_t) at) != (ssize_t) len || fsync(f->fd) != 0) {
            perror("vflash: writing the flash file");
        }
    }
}

bool vflash_power(vflash_t *f, bool *torn) {
    *torn = false;
    if (f->dead) {
        return false;
    }
    if (f->fail_at > 0 && ++f->ops == f->fail_at) {
        f->dead = true;
        *torn = true;
        return false;
    }
    if (f->fail_at <= 0) {
        f->ops++;
    }
    return true;
}

static bool program(vflash_t *f, size_t at, const uint8_t *data, size_t len) {
    bool torn;
    bool ok = vflash_power(f, &torn);
    size_t n = ok ? len : torn ? len / 2 : 0;
    for (size_t i = 0; i < n; i++) {
        f->mem[at + i] &= data[i];
    }
    persist(f, at, n);
    return ok;
}

static bool erase(vflash_t *f, size_t at) {
    bool torn;
    bool ok = vflash_power(f, &torn);
    size_t n = ok ? VFLASH_SECTOR : torn ? VFLASH_SECTOR / 2 : 0;
    memset(f->mem + at, 0xff, n);
    persist(f, at, n);
    return ok;
}

static bool read_record(const vflash_t *f, unsigned which, record_t *r) {
    const uint8_t *p = f->mem + which * VFLASH_SECTOR;
    if (voyager_le32(p) != OTADATA_MAGIC || voyager_le32(p + 28) != crc32(p, 28)) {
        return false;
    }
    r->gen = voyager_le32(p + 4);
    r->app = p[8];
    r->ui = p[9];
    r->prev_app = p[10];
    r->prev_ui = p[11];
    r->state = p[12];
    return r->app < 2 && r->ui < 2 && r->prev_app < 2 && r->prev_ui < 2 && r->state <= REC_VALID;
}

/* The record the bootloader follows, and which sector holds it (-1: none, a factory flash). */
static int current(const vflash_t *f, record_t *r) {
    record_t a, b;
    bool has_a = read_record(f, 0, &a);
    bool has_b = read_record(f, 1, &b);
    if (!has_a && !has_b) {
        memset(r, 0, sizeof *r);
        r->state = REC_VALID;
        return -1;
    }
    bool pick_a = has_a && (!has_b || a.gen > b.gen);
    *r = pick_a ? a : b;
    return pick_a ? 0 : 1;
}

/* Writes the next record into the sector not holding the current one: a torn write leaves that one in charge. */
static bool write_record(vflash_t *f, record_t r) {
    record_t now;
    int at = current(f, &now);
    unsigned sector = at == 0 ? 1u : 0u;
    uint8_t p[RECORD_LEN];
    memset(p, 0xff, sizeof p);
    r.gen = at < 0 ? 1 : now.gen + 1;
    voyager_put_le32(p, OTADATA_MAGIC);
    voyager_put_le32(p + 4, r.gen);
    p[8] = r.app;
    p[9] = r.ui;
    p[10] = r.prev_app;
    p[11] = r.prev_ui;
    p[12] = r.state;
    voyager_put_le32(p + 28, crc32(p, 28));
    return erase(f, sector * VFLASH_SECTOR) && program(f, sector * VFLASH_SECTOR, p, sizeof p);
}

/* The length esp-idf's bootloader finds by walking the header and segments, or 0 when it cannot. */
static uint32_t image_length(const uint8_t *p, uint32_t max) {
    uint32_t pos = VOYAGER_IMAGE_HEADER_LEN;
    if (p[0] != 0xE9 || p[1] == 0 || p[1] > 16) {
        return 0;
    }
    for (unsigned i = 0; i < p[1]; i++) {
        if (pos + 8 > max) {
            return 0;
        }
        uint32_t len = voyager_le32(p + pos + 4);
        if (len > max - pos - 8) {
            return 0;
        }
        pos += 8 + len;
    }
    pos = (pos + 16) & ~15u;
    pos += p[23] == 1 ? 32u : 0u;
    return pos <= max ? pos : 0;
}

/* Checks the image in an app slot as the bootloader would; its descriptor version into version. */
static bool bootable(vflash_t *f, uint8_t slot, char version[33]) {
    const uint8_t *p = vflash_slot(f, VOYAGER_PART_FIRMWARE, slot);
    uint32_t len = image_length(p, f->app_size);
    voyager_image_t img;
    if (len == 0) {
        return false;
    }
    voyager_image_begin(&img, VOYAGER_CHIP_ANY, 0, len);
    if (voyager_image_feed(&img, p, len) != VOYAGER_OK || voyager_image_finish(&img) != VOYAGER_OK) {
        return false;
    }
    memcpy(version, img.app_version, sizeof img.app_version);
    return true;
}

int vflash_boot(vflash_t *f) {
    record_t r;
    f->dead = false;
    f->fail_at = 0;
    f->fell_back = false;
    f->open[0] = f->open[1] = false;
    int at = current(f, &r);
    if (at >= 0 && r.state == REC_NEW) {
        r.state = REC_PENDING;
        write_record(f, r);
    } else if (at >= 0 && r.state == REC_PENDING) {
        /* booted once and never marked valid: the bootloader goes back to the previous image */
        record_t back = {0, r.prev_app, r.prev_ui, r.prev_app, r.prev_ui, REC_VALID};
        write_record(f, back);
        r = back;
    }
    f->app = r.app;
    f->ui = r.ui;
    f->boot_state = r.state == REC_PENDING ? VOYAGER_BOOT_PENDING_VERIFY : VOYAGER_BOOT_VALID;
    if (!bootable(f, f->app, f->version)) {
        f->fell_back = true;
        f->app = (uint8_t) (1 - f->app);
        f->boot_state = VOYAGER_BOOT_VALID;
        if (!bootable(f, f->app, f->version)) {
            return -1;
        }
    }
    return 0;
}

int vflash_flash_factory(vflash_t *f, const uint8_t *app, size_t app_len, const uint8_t *ui, size_t ui_len) {
    if (app_len > f->app_size || ui_len > f->ui_size) {
        return -1;
    }
    memset(f->mem, 0xff, f->size);
    memcpy(vflash_slot(f, VOYAGER_PART_FIRMWARE, 0), app, app_len);
    if (ui != NULL) {
        memcpy(vflash_slot(f, VOYAGER_PART_UI, 0), ui, ui_len);
    }
    persist(f, 0, f->size);
    return vflash_boot(f);
}

static int setup(vflash_t *f, uint32_t app_size, uint32_t ui_size) {
    if (app_size == 0 || ui_size == 0 || app_size % VFLASH_SECTOR != 0 || ui_size % VFLASH_SECTOR != 0) {
        return -1;
    }
    f->app_size = app_size;
    f->ui_size = ui_size;
    f->size = APP_BASE + 2u * (size_t) app_size + 2u * (size_t) ui_size;
    f->mem = malloc(f->size);
    if (f->mem == NULL) {
        return -1;
    }
    memset(f->mem, 0xff, f->size);
    return 0;
}

int vflash_init(vflash_t *f, uint32_t app_size, uint32_t ui_size) {
    memset(f, 0, sizeof *f);
    f->fd = -1;
    return setup(f, app_size, ui_size);
}

int vflash_open(vflash_t *f, const char *path, const char *state_dir, uint32_t app_size, uint32_t ui_size) {
    memset(f, 0, sizeof *f);
    f->fd = -1;
    f->state_dir = state_dir;
    if (setup(f, app_size, ui_size) != 0) {
        return -1;
    }
    f->fd = open(path, O_RDWR | O_CREAT, 0644);
    if (f->fd < 0) {
        return -1;
    }
    ssize_t got = pread(f->fd, f->mem, f->size, 0);
    if (got < (ssize_t) f->size) {
        memset(f->mem + (got > 0 ? got : 0), 0xff, f->size - (size_t) (got > 0 ? got : 0));
        persist(f, 0, f->size);
    }
    return 0;
}

void vflash_close(vflash_t *f) {
    if (f->fd >= 0) {
        close(f->fd);
    }
    free(f->mem);
    f->mem = NULL;
}

/* The inactive slot of a part: the one the running image does not use. */
static voyager_err_t part_begin(void *ctx, voyager_part_t part, uint32_t size, uint32_t offset) {
    vflash_t *f = (vflash_t *) ctx;
    uint8_t slot = (uint8_t) (1 - (part == VOYAGER_PART_FIRMWARE ? f->app : f->ui));
    uint32_t cap = part == VOYAGER_PART_FIRMWARE ? f->app_size : f->ui_size;
    if (size > cap) {
        return VOYAGER_ERR_TOO_LARGE;
    }
    if (offset > size) {
        return VOYAGER_ERR_ARG;
    }
    f->target[part] = slot;
    f->open[part] = true;
    /* keep the sector a resumed download stopped in; erase the rest */
    size_t base = offset_of(f, part, slot);
    for (uint32_t at = (offset + VFLASH_SECTOR - 1) / VFLASH_SECTOR * VFLASH_SECTOR; at < size; at += VFLASH_SECTOR) {
        if (!erase(f, base + at)) {
            return VOYAGER_ERR_FLASH;
        }
    }
    return VOYAGER_OK;
}

static voyager_err_t part_write(void *ctx, voyager_part_t part, uint32_t offset, const uint8_t *data, size_t len) {
    vflash_t *f = (vflash_t *) ctx;
    uint32_t cap = part == VOYAGER_PART_FIRMWARE ? f->app_size : f->ui_size;
    /* as esp_partition_write with flash encryption wants: 16-byte aligned offsets (only a part's last write
     * may be shorter than a whole block) */
    if (!f->open[part] || offset > cap || len > cap - offset || offset % 16 != 0) {
        return VOYAGER_ERR_ARG;
    }
    return program(f, offset_of(f, part, f->target[part]) + offset, data, len) ? VOYAGER_OK : VOYAGER_ERR_FLASH;
}

static voyager_err_t part_end(void *ctx, voyager_part_t part) {
    vflash_t *f = (vflash_t *) ctx;
    return f->open[part] && !f->dead ? VOYAGER_OK : VOYAGER_ERR_FLASH;
}

static void part_abort(void *ctx, voyager_part_t part) {
    ((vflash_t *) ctx)->open[part] = false;
}

static voyager_err_t set_boot(void *ctx, bool with_ui) {
    vflash_t *f = (vflash_t *) ctx;
    if (!f->open[VOYAGER_PART_FIRMWARE] || (with_ui && !f->open[VOYAGER_PART_UI])) {
        return VOYAGER_ERR_STATE;
    }
    record_t r = {0, f->target[VOYAGER_PART_FIRMWARE], with_ui ? f->target[VOYAGER_PART_UI] : f->ui, f->app, f->ui,
                  REC_NEW};
    f->open[0] = f->open[1] = false;
    return write_record(f, r) ? VOYAGER_OK : VOYAGER_ERR_FLASH;
}

static voyager_boot_state_t boot_state(void *ctx) {
    return (voyager_boot_state_t) ((vflash_t *) ctx)->boot_state;
}

static int running_slot(void *ctx) {
    return ((vflash_t *) ctx)->app;
}

static voyager_err_t mark_valid(void *ctx) {
    vflash_t *f = (vflash_t *) ctx;
    record_t r;
    if (f->boot_state != VOYAGER_BOOT_PENDING_VERIFY) {
        return VOYAGER_OK;
    }
    current(f, &r);
    r.state = REC_VALID;
    if (!write_record(f, r)) {
        return VOYAGER_ERR_FLASH;
    }
    f->boot_state = VOYAGER_BOOT_VALID;
    return VOYAGER_OK;
}

/* Gives up on the running image; the caller then "reboots" with vflash_boot. */
static voyager_err_t rollback(void *ctx) {
    vflash_t *f = (vflash_t *) ctx;
    record_t r;
    current(f, &r);
    record_t back = {0, r.prev_app, r.prev_ui, r.prev_app, r.prev_ui, REC_VALID};
    return write_record(f, back) ? VOYAGER_OK : VOYAGER_ERR_FLASH;
}

void vflash_port(vflash_t *f, voyager_port_t *port) {
    port->ctx = f;
    port->part_begin = part_begin;
    port->part_write = part_write;
    port->part_end = part_end;
    port->part_abort = part_abort;
    port->set_boot = set_boot;
    port->boot_state = boot_state;
    port->running_slot = running_slot;
    port->mark_valid = mark_valid;
    port->rollback = rollback;
    port->state_get = vflash_state_get;
    port->state_set = vflash_state_set;
}
