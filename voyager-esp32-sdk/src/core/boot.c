/*
 * What a boot means for the update waiting for it, from what the bootloader did; marking the new firmware valid or
 * giving it up. The record's layouts, and how it is saved and read: session.c.
 */
#include <string.h>

#include "client.h"

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
