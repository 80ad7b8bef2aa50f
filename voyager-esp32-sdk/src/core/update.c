/* The update state machine: check, split, hash and write an artifact as it streams; verify; switch. */
#include "voyager/update.h"

#include <string.h>

#include "bytes.h"
#include "crc32.h"
#include "keys.h"

#define STATE_MAGIC 0x31445956u /* "VYD1" */

static voyager_err_t fail(voyager_update_t *u, voyager_err_t err, const char *why) {
    if (u->err == VOYAGER_OK) {
        u->err = err;
        u->why = why;
    }
    return u->err;
}

static uint32_t state_crc(const voyager_update_state_t *st) {
    return ~voyager_crc32_raw(0xffffffffu, (const uint8_t *) st, offsetof(voyager_update_state_t, crc));
}

static bool is_bundle(const voyager_update_t *u) {
    return u->st.format == VOYAGER_FORMAT_BUNDLE;
}

static uint32_t ui_offset(const voyager_update_t *u) {
    return VOYAGER_BUNDLE_HEADER_LEN + u->st.fw_size;
}

static void fresh_state(voyager_update_t *u) {
    voyager_update_state_t *st = &u->st;
    const voyager_offer_t *o = &u->offer;
    memset(st, 0, sizeof *st);
    st->magic = STATE_MAGIC;
    st->layout = (uint32_t) sizeof *st;
    st->size = o->size;
    memcpy(st->sha256, o->sha256, sizeof st->sha256);
    st->format = (uint8_t) o->format;
    voyager_sha256_init(&st->sha);
    if (o->format == VOYAGER_FORMAT_BUNDLE) {
        st->fw_size = o->firmware_part.size;
        st->ui_size = o->ui_part.size;
        voyager_littlefs_begin(&st->fs, st->ui_size);
    } else {
        st->fw_size = o->size;
    }
    voyager_image_begin(&st->img, u->cfg.chip, u->cfg.min_secure_version, st->fw_size);
    u->checkpointed = 0;
}

/* A checkpoint counts only if it is intact, of this layout, for this very artifact and not failed. */
static bool load_checkpoint(voyager_update_t *u) {
    voyager_update_state_t *st = &u->st;
    size_t len = 0;
    if (u->cfg.port->state_get(u->cfg.port->ctx, VOYAGER_KEY_DOWNLOAD, st, sizeof *st, &len) != VOYAGER_OK
            || len != sizeof *st || st->magic != STATE_MAGIC || st->layout != sizeof *st || st->crc != state_crc(st)
            || st->size != u->offer.size || memcmp(st->sha256, u->offer.sha256, sizeof st->sha256) != 0
            || st->format != (uint8_t) u->offer.format || st->pos > st->size || st->img.err != VOYAGER_OK
            || st->fs.err != VOYAGER_OK) {
        return false;
    }
    u->checkpointed = st->pos;
    return true;
}

/* Where part begins in the artifact and how many of its bytes are written. */
static uint32_t part_done(const voyager_update_t *u, voyager_part_t part) {
    uint32_t start = !is_bundle(u) ? 0 : part == VOYAGER_PART_FIRMWARE ? VOYAGER_BUNDLE_HEADER_LEN : ui_offset(u);
    uint32_t size = part == VOYAGER_PART_FIRMWARE ? u->st.fw_size : u->st.ui_size;
    uint32_t done = u->st.pos > start ? u->st.pos - start : 0;
    return done < size ? done : size;
}

/* How many bytes of a part are on flash: those taken in, less the incomplete block held in the state. */
static uint32_t part_flushed(const voyager_update_t *u, voyager_part_t part) {
    return part_done(u, part) - u->st.tail_len[part];
}

static voyager_err_t begin_parts(voyager_update_t *u) {
    const voyager_port_t *p = u->cfg.port;
    voyager_err_t err = p->part_begin(p->ctx, VOYAGER_PART_FIRMWARE, u->st.fw_size,
                                      part_flushed(u, VOYAGER_PART_FIRMWARE));
    if (err == VOYAGER_OK && is_bundle(u)) {
        err = p->part_begin(p->ctx, VOYAGER_PART_UI, u->st.ui_size, part_flushed(u, VOYAGER_PART_UI));
        if (err != VOYAGER_OK) {
            p->part_abort(p->ctx, VOYAGER_PART_FIRMWARE);
        }
    }
    return err;
}

voyager_err_t voyager_update_begin(voyager_update_t *u, const voyager_update_config_t *cfg,
                                   const voyager_offer_t *offer) {
    if (u == NULL || cfg == NULL || offer == NULL || cfg->port == NULL) {
        return VOYAGER_ERR_ARG;
    }
    const voyager_port_t *p = cfg->port;
    memset(u, 0, sizeof *u);
    if (p->part_begin == NULL || p->part_write == NULL || p->part_end == NULL || p->part_abort == NULL
            || p->set_boot == NULL || p->state_get == NULL || p->state_set == NULL) {
        return VOYAGER_ERR_NOT_SUPPORTED;
    }
    u->cfg = *cfg;
    if (u->cfg.checkpoint_interval == 0) {
        u->cfg.checkpoint_interval = VOYAGER_CHECKPOINT_DEFAULT;
    }
    u->offer = *offer;
    if (offer->size == 0 || (offer->format == VOYAGER_FORMAT_BUNDLE && (!offer->has_firmware_part
            || !offer->has_ui_part || (uint64_t) VOYAGER_BUNDLE_HEADER_LEN + offer->firmware_part.size
            + offer->ui_part.size != offer->size))) {
        return fail(u, VOYAGER_ERR_OFFER, "the offer's size or bundle parts are inconsistent");
    }
    if (p->boot_state != NULL && p->boot_state(p->ctx) == VOYAGER_BOOT_PENDING_VERIFY) {
        /* the other slot holds the image a rollback would return to: it must not be overwritten yet */
        return fail(u, VOYAGER_ERR_STATE, "the running firmware is not yet marked valid");
    }
    if (offer->secure_version < cfg->min_secure_version) {
        return fail(u, VOYAGER_ERR_SECURE_VERSION, "the offer's secureVersion is below this device's");
    }
    if (!load_checkpoint(u)) {
        fresh_state(u);
    }
    voyager_err_t err = begin_parts(u);
    if (err != VOYAGER_OK) {
        return fail(u, err, "the partition could not be prepared for the image");
    }
    u->active = true;
    return VOYAGER_OK;
}

uint32_t voyager_update_offset(const voyager_update_t *u) {
    return u->st.pos;
}

voyager_err_t voyager_update_restart(voyager_update_t *u) {
    if (!u->active) {
        return VOYAGER_ERR_STATE;
    }
    if (u->err != VOYAGER_OK) {
        return u->err;
    }
    fresh_state(u);
    u->cfg.port->state_set(u->cfg.port->ctx, VOYAGER_KEY_DOWNLOAD, NULL, 0);
    voyager_err_t err = begin_parts(u);
    return err == VOYAGER_OK ? VOYAGER_OK : fail(u, err, "the partition could not be prepared for the image");
}

voyager_err_t voyager_update_checkpoint(voyager_update_t *u) {
    if (!u->active || u->err != VOYAGER_OK) {
        return u->err != VOYAGER_OK ? u->err : VOYAGER_ERR_STATE;
    }
    u->st.crc = state_crc(&u->st);
    voyager_err_t err = u->cfg.port->state_set(u->cfg.port->ctx, VOYAGER_KEY_DOWNLOAD, &u->st, sizeof u->st);
    if (err == VOYAGER_OK) {
        u->checkpointed = u->st.pos;
    }
    return err;
}

/* A slot refusing its bytes because they are the other slot's kind is cross-flashing, not just a bad magic. */
static voyager_err_t classify(voyager_update_t *u, voyager_err_t err, bool firmware) {
    voyager_update_state_t *st = &u->st;
    const uint8_t *head = firmware ? st->img.header : st->fs.head;
    bool bundle = memcmp(head, "BNDL", 4) == 0;
    bool other = firmware ? memcmp(head + 8, "littlefs", 8) == 0 : head[0] == 0xE9;
    if (err == VOYAGER_ERR_MAGIC && (bundle || other)) {
        return fail(u, VOYAGER_ERR_CROSS_FLASH, firmware ? "the firmware slot holds a LittleFS image or a bundle"
                : "the UI slot holds an ESP image or a bundle");
    }
    return fail(u, err, firmware ? st->img.why : st->fs.why);
}

static voyager_err_t on_bundle_header(voyager_update_t *u) {
    const uint8_t *h = u->st.bundle_header;
    if (memcmp(h, "BNDL", 4) != 0) {
        return fail(u, VOYAGER_ERR_MAGIC, "not a bundle: no \"BNDL\" at offset 0");
    }
    if (voyager_le32(h + 4) != u->st.fw_size || voyager_le32(h + 8) != u->st.ui_size) {
        return fail(u, VOYAGER_ERR_BUNDLE, "the bundle header's part sizes differ from the offer's parts");
    }
    return VOYAGER_OK;
}

/*
 * Writes a part's bytes in whole blocks at block-aligned offsets, holding an incomplete block in the state (and
 * so in the checkpoint) until it fills up or the part ends.
 */
static voyager_err_t stage(voyager_update_t *u, voyager_part_t part, const uint8_t *d, uint32_t n) {
    const voyager_port_t *p = u->cfg.port;
    uint8_t *tail = u->st.tail[part];
    uint8_t *len = &u->st.tail_len[part];
    uint32_t at = part_flushed(u, part);
    if (*len > 0) {
        uint32_t room = VOYAGER_WRITE_BLOCK - *len;
        uint32_t take = room < n ? room : n;
        memcpy(tail + *len, d, take);
        *len = (uint8_t) (*len + take);
        d += take;
        n -= take;
        if (*len < VOYAGER_WRITE_BLOCK) {
            return VOYAGER_OK;
        }
        if (p->part_write(p->ctx, part, at, tail, VOYAGER_WRITE_BLOCK) != VOYAGER_OK) {
            return VOYAGER_ERR_FLASH;
        }
        at += VOYAGER_WRITE_BLOCK;
        *len = 0;
    }
    uint32_t whole = n - n % VOYAGER_WRITE_BLOCK;
    if (whole > 0 && p->part_write(p->ctx, part, at, d, whole) != VOYAGER_OK) {
        return VOYAGER_ERR_FLASH;
    }
    memcpy(tail, d + whole, n - whole);
    *len = (uint8_t) (n - whole);
    return VOYAGER_OK;
}

/* At the end of a part: its last, possibly short, block. */
static voyager_err_t flush(voyager_update_t *u, voyager_part_t part) {
    const voyager_port_t *p = u->cfg.port;
    uint8_t *len = &u->st.tail_len[part];
    if (*len > 0) {
        if (p->part_write(p->ctx, part, part_flushed(u, part), u->st.tail[part], *len) != VOYAGER_OK) {
            return VOYAGER_ERR_FLASH;
        }
        *len = 0;
    }
    return VOYAGER_OK;
}

/* Feeds n bytes that all lie in one region (bundle header, firmware or UI) and writes them to their slot. */
static voyager_err_t region(voyager_update_t *u, const uint8_t *d, uint32_t n) {
    voyager_update_state_t *st = &u->st;
    voyager_err_t err;
    if (is_bundle(u)) {
        voyager_sha256_update(&st->sha, d, n);
    }
    if (is_bundle(u) && st->pos < VOYAGER_BUNDLE_HEADER_LEN) {
        memcpy(st->bundle_header + st->pos, d, n);
        st->pos += n;
        return st->pos == VOYAGER_BUNDLE_HEADER_LEN ? on_bundle_header(u) : VOYAGER_OK;
    }
    bool firmware = !is_bundle(u) || st->pos < ui_offset(u);
    voyager_part_t part = firmware ? VOYAGER_PART_FIRMWARE : VOYAGER_PART_UI;
    err = firmware ? voyager_image_feed(&st->img, d, n) : voyager_littlefs_feed(&st->fs, d, n);
    if (err != VOYAGER_OK) {
        return classify(u, err, firmware);
    }
    if (stage(u, part, d, n) != VOYAGER_OK) {
        return fail(u, VOYAGER_ERR_FLASH, "writing to the flash partition failed");
    }
    st->pos += n;
    return VOYAGER_OK;
}

voyager_err_t voyager_update_write(voyager_update_t *u, const uint8_t *data, size_t len) {
    if (u->err != VOYAGER_OK) {
        return u->err;
    }
    if (!u->active || (data == NULL && len > 0)) {
        return VOYAGER_ERR_STATE;
    }
    if (len > u->st.size - u->st.pos) {
        return fail(u, VOYAGER_ERR_TOO_LARGE, "more bytes than the offer's size");
    }
    while (len > 0) {
        uint32_t pos = u->st.pos;
        uint32_t end = !is_bundle(u) ? u->st.size : pos < VOYAGER_BUNDLE_HEADER_LEN ? VOYAGER_BUNDLE_HEADER_LEN
                : pos < ui_offset(u) ? ui_offset(u) : u->st.size;
        uint32_t n = end - pos < len ? end - pos : (uint32_t) len;
        voyager_err_t err = region(u, data, n);
        if (err != VOYAGER_OK) {
            return err;
        }
        data += n;
        len -= n;
    }
    if (u->st.pos - u->checkpointed >= u->cfg.checkpoint_interval) {
        voyager_update_checkpoint(u); /* a lost checkpoint only costs a longer resume */
    }
    return VOYAGER_OK;
}

static void digest_of(const voyager_sha256_t *sha, uint8_t out[32]) {
    voyager_sha256_t copy = *sha;
    voyager_sha256_final(&copy, out);
}

static voyager_err_t verify(voyager_update_t *u) {
    voyager_update_state_t *st = &u->st;
    const voyager_offer_t *o = &u->offer;
    uint8_t digest[32];
    voyager_err_t err = voyager_image_finish(&st->img);
    if (err != VOYAGER_OK) {
        return classify(u, err, true);
    }
    if (is_bundle(u)) {
        digest_of(&st->img.sha, digest);
        if (memcmp(digest, o->firmware_part.sha256, 32) != 0) {
            return fail(u, VOYAGER_ERR_SHA256, "the firmware part does not hash to the offer's SHA-256");
        }
        if ((err = voyager_littlefs_finish(&st->fs)) != VOYAGER_OK) {
            return classify(u, err, false);
        }
        digest_of(&st->fs.sha, digest);
        if (memcmp(digest, o->ui_part.sha256, 32) != 0) {
            return fail(u, VOYAGER_ERR_SHA256, "the UI part does not hash to the offer's SHA-256");
        }
    }
    digest_of(is_bundle(u) ? &st->sha : &st->img.sha, digest);
    if (memcmp(digest, o->sha256, 32) != 0) {
        return fail(u, VOYAGER_ERR_SHA256, "the download does not hash to the offer's SHA-256");
    }
    if (st->img.app_version[0] != '\0' && !u->cfg.skip_app_version_check) {
        voyager_version_t declared;
        if (voyager_version_parse_lenient(&declared, st->img.app_version, strlen(st->img.app_version)) == VOYAGER_OK
                && voyager_version_compare(&declared, &o->version) != 0) {
            return fail(u, VOYAGER_ERR_IMAGE, "the image's app descriptor names another version than the offer");
        }
    }
    return VOYAGER_OK;
}

voyager_err_t voyager_update_finish(voyager_update_t *u) {
    const voyager_port_t *p = u->cfg.port;
    if (u->err != VOYAGER_OK) {
        return u->err;
    }
    if (!u->active || u->verified) {
        return VOYAGER_ERR_STATE;
    }
    if (u->st.pos != u->st.size) {
        return fail(u, VOYAGER_ERR_TRUNCATED, "the download ended before the offer's size");
    }
    voyager_err_t err = verify(u);
    if (err != VOYAGER_OK) {
        return err;
    }
    if (flush(u, VOYAGER_PART_FIRMWARE) != VOYAGER_OK || (is_bundle(u) && flush(u, VOYAGER_PART_UI) != VOYAGER_OK)
            || p->part_end(p->ctx, VOYAGER_PART_FIRMWARE) != VOYAGER_OK
            || (is_bundle(u) && p->part_end(p->ctx, VOYAGER_PART_UI) != VOYAGER_OK)) {
        return fail(u, VOYAGER_ERR_FLASH, "the flash partition could not be completed");
    }
    u->verified = true;
    return VOYAGER_OK;
}

voyager_err_t voyager_update_activate(voyager_update_t *u) {
    const voyager_port_t *p = u->cfg.port;
    if (u->err != VOYAGER_OK) {
        return u->err;
    }
    if (!u->active || !u->verified) {
        return VOYAGER_ERR_STATE;
    }
    if (p->set_boot(p->ctx, is_bundle(u)) != VOYAGER_OK) {
        return fail(u, VOYAGER_ERR_FLASH, "the boot partition could not be switched");
    }
    p->state_set(p->ctx, VOYAGER_KEY_DOWNLOAD, NULL, 0);
    u->active = false;
    return VOYAGER_OK;
}

/* Closes the slots being written; what is on flash stays, for a checkpoint to resume from. */
static void close_parts(voyager_update_t *u) {
    const voyager_port_t *p = u->cfg.port;
    p->part_abort(p->ctx, VOYAGER_PART_FIRMWARE);
    if (is_bundle(u)) {
        p->part_abort(p->ctx, VOYAGER_PART_UI);
    }
    u->active = false;
}

void voyager_update_pause(voyager_update_t *u) {
    if (u->active) {
        voyager_update_checkpoint(u);
        close_parts(u);
    }
}

void voyager_update_abort(voyager_update_t *u) {
    if (u->active) {
        close_parts(u);
        u->cfg.port->state_set(u->cfg.port->ctx, VOYAGER_KEY_DOWNLOAD, NULL, 0);
    }
}
