/*
 * The update record across reboots: its layouts, and what a boot means for the update waiting for it, from what the
 * bootloader did; marking the new firmware valid or giving it up.
 */
#include <stddef.h>
#include <string.h>

#include "client.h"
#include "keys.h"

voyager_err_t voyager__save_pending(voyager_client_t *c, uint32_t state) {
    const voyager_port_t *p = c->cfg.port;
    c->pending.magic = PENDING_MAGIC;
    c->pending.state = state;
    c->report_pending = state >= OUTCOME_SUCCESS;
    /* never deleted, not even with nothing owed: the attempt count must not start over, or report ids would repeat */
    return p->state_set(p->ctx, VOYAGER_KEY_PENDING, &c->pending, sizeof c->pending);
}

/*
 * The record as SDKs before the attempt count wrote it ("VYP1", deleted when nothing was owed). A device updated in
 * the field to this SDK boots with one, "switched" by the old firmware; it must settle and report as before.
 */
typedef struct {
    uint32_t magic;
    uint32_t state;
    int64_t sequence;
    int64_t download_ms;
    int64_t bytes;
    char from[VOYAGER_VERSION_MAX + 1];
    char to[VOYAGER_VERSION_MAX + 1];
} pending_v1_t;

/* from_slot took the tail padding: the record is as long as before it, which older firmware insists on. */
typedef char pending_size_kept[sizeof(voyager_pending_t) == (offsetof(voyager_pending_t, from_slot) + 7) / 8 * 8
                               ? 1 : -1];

/* It is the start of the record of today, byte for byte: read into it, only the fields after it need clearing. */
typedef char pending_v1_is_a_prefix[offsetof(voyager_pending_t, to) == offsetof(pending_v1_t, to)
                                    && offsetof(voyager_pending_t, attempt) >= offsetof(pending_v1_t, to)
                                    + VOYAGER_VERSION_MAX + 1 ? 1 : -1];

/*
 * Whether the len bytes read into pd are a record: of this layout, or of the one before, taken over with no attempt
 * counted yet. Its update is then reported with attempt 0 (an id made from what the report says, unlike any the old
 * firmware gave: those had no "." after the sequence), and the count starts from there at 1.
 */
static bool read_pending(voyager_pending_t *pd, size_t len) {
    const size_t added = offsetof(voyager_pending_t, attempt);
    if (len == sizeof(pending_v1_t) && pd->magic == PENDING_MAGIC_V1) {
        memset((uint8_t *) pd + added, 0, sizeof *pd - added);
        pd->magic = PENDING_MAGIC;
    } else if (len != sizeof *pd || pd->magic != PENDING_MAGIC) {
        return false;
    }
    return memchr(pd->to, '\0', sizeof pd->to) != NULL && memchr(pd->from, '\0', sizeof pd->from) != NULL;
}

void voyager__load_pending(voyager_client_t *c) {
    const voyager_port_t *p = c->cfg.port;
    voyager_pending_t *pd = &c->pending;
    size_t len = 0;
    if (p->state_get(p->ctx, VOYAGER_KEY_PENDING, pd, sizeof *pd, &len) != VOYAGER_OK || !read_pending(pd, len)) {
        memset(pd, 0, sizeof *pd);
    }
    c->report_pending = pd->state >= OUTCOME_SUCCESS;
}

/*
 * The running slot, tagged: an older SDK left its padding there, most likely zero, never this tag in the high half.
 * 0 when the port cannot tell.
 */
#define SLOT_TAG 0x534c0000u /* "SL" */

uint32_t voyager__running_slot(const voyager_client_t *c) {
    const voyager_port_t *p = c->cfg.port;
    int slot = p->running_slot != NULL ? p->running_slot(p->ctx) : -1;
    return slot >= 0 && slot <= 0xffff ? SLOT_TAG | (uint32_t) slot : 0;
}

static bool pending_verify(const voyager_client_t *c) {
    const voyager_port_t *p = c->cfg.port;
    return p->boot_state != NULL && p->boot_state(p->ctx) == VOYAGER_BOOT_PENDING_VERIFY;
}

/*
 * Whether the update's firmware runs, from what the bootloader did rather than from version strings (a sketch's
 * version may not change with its build): an image pending verification is the new one; otherwise the slot the
 * update was installed from running again means it is not. -1 when the port cannot say which slot runs, or the
 * record predates slots: then the running version against the update's is all there is (docs/sdk.md).
 */
static int runs_new_firmware(const voyager_client_t *c) {
    uint32_t slot = voyager__running_slot(c);
    if (pending_verify(c)) {
        return 1;
    }
    if (slot == 0 || (c->pending.from_slot & 0xffff0000u) != SLOT_TAG) {
        return -1;
    }
    return slot != c->pending.from_slot;
}

void voyager__settle_pending(voyager_client_t *c) {
    voyager_pending_t *pd = &c->pending;
    voyager_version_t to;
    voyager__load_pending(c);
    if (pd->state == PENDING_NONE) {
        /*
         * Nothing owed: the record only counts attempts (and may hold a download to resume). Or it is gone with the
         * NVS: an image pending verify is then still an update under test, for the application to judge, never
         * kept unasked; which update it was is lost with the record, so there is nothing to report.
         */
        c->boot = pending_verify(c) ? VOYAGER_BOOT_NEW_FIRMWARE : VOYAGER_BOOT_NORMAL;
        return;
    }
    if (pd->state >= OUTCOME_SUCCESS) {
        c->boot = pd->state == OUTCOME_ROLLED_BACK ? VOYAGER_BOOT_ROLLED_BACK : VOYAGER_BOOT_NORMAL;
        return;
    }
    int running_new = runs_new_firmware(c);
    if (running_new < 0) {
        running_new = voyager_version_parse(&to, pd->to, strlen(pd->to)) == VOYAGER_OK
                && voyager_version_compare(&to, &c->running) == 0;
    }
    if (running_new) {
        c->boot = VOYAGER_BOOT_NEW_FIRMWARE;
        voyager__save_pending(c, PENDING_BOOTED);
    } else if (pd->state == PENDING_SWITCHING) {
        /* the switch may never have happened: all that is sure is that the install did not complete */
        voyager__save_pending(c, OUTCOME_INTERRUPTED);
    } else {
        c->boot = VOYAGER_BOOT_ROLLED_BACK;
        voyager__save_pending(c, OUTCOME_ROLLED_BACK);
    }
}

voyager_boot_outcome_t voyager_boot_outcome(const voyager_client_t *c) {
    return c->boot;
}

voyager_err_t voyager_mark_valid(voyager_client_t *c) {
    const voyager_port_t *p = c->cfg.port;
    if (p->mark_valid != NULL && p->mark_valid(p->ctx) != VOYAGER_OK) {
        return voyager__fail(c, VOYAGER_ERR_FLASH, "the running image could not be marked valid");
    }
    if (c->boot == VOYAGER_BOOT_NEW_FIRMWARE) {
        c->boot = VOYAGER_BOOT_NORMAL; /* also when the record was lost: nothing to report then */
    }
    if (c->pending.state == PENDING_BOOTED) {
        voyager_err_t err = voyager__save_pending(c, OUTCOME_SUCCESS);
        if (err != VOYAGER_OK) {
            return voyager__fail(c, VOYAGER_ERR_STORAGE, "the update's outcome could not be saved");
        }
        voyager__flush_reports(c);
    }
    return VOYAGER_OK;
}

voyager_err_t voyager_mark_invalid(voyager_client_t *c) {
    const voyager_port_t *p = c->cfg.port;
    if (p->rollback == NULL) {
        return VOYAGER_ERR_NOT_SUPPORTED;
    }
    /* the pending record stays "booted": the previous firmware, once running, reports the rollback */
    return p->rollback(p->ctx) == VOYAGER_OK ? VOYAGER_OK
            : voyager__fail(c, VOYAGER_ERR_FLASH, "the rollback to the previous firmware failed");
}
