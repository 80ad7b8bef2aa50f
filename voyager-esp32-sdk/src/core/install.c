/* Installing an offer: the attempt begun, the switch recorded and made, or the attempt given up and reported. */
#include <string.h>

#include "client.h"
#include "keys.h"

voyager_err_t voyager__stop(voyager_client_t *c, voyager_err_t err) {
    if (err != VOYAGER_ERR_NETWORK && err != VOYAGER_ERR_EXPIRED && err != VOYAGER_ERR_TOO_SLOW) {
        voyager_abort(c, err);
    }
    return err;
}

/*
 * Which install attempt this begin is. The one whose download a power cut or a reboot interrupted, when the offer is
 * for the same artifact: its reports keep their ids, and the server counts it once. Otherwise (*fresh) the next one,
 * saved before a byte is written, so a cut from here on resumes it instead of counting another. Were the count not
 * saved, the next boot would give the same number to another attempt and the server would drop its reports.
 */
static voyager_err_t begin_attempt(voyager_client_t *c, bool *fresh) {
    voyager_pending_t *pd = &c->pending;
    const voyager_offer_t *o = &c->offer;
    *fresh = false;
    if (pd->downloading != 0 && pd->download_size == o->size
            && memcmp(pd->download_sha256, o->sha256, sizeof pd->download_sha256) == 0) {
        c->attempt = pd->downloading;
        return VOYAGER_OK;
    }
    uint32_t attempts = pd->attempts, downloading = pd->downloading, size = pd->download_size;
    uint8_t sha256[sizeof pd->download_sha256];
    memcpy(sha256, pd->download_sha256, sizeof sha256);
    pd->attempts++;
    pd->downloading = pd->attempts;
    pd->download_size = o->size;
    memcpy(pd->download_sha256, o->sha256, sizeof pd->download_sha256);
    if (voyager__save_pending(c, pd->state) != VOYAGER_OK) {
        /* as it is saved: the number goes to the next attempt, since no report carried it */
        pd->attempts = attempts;
        pd->downloading = downloading;
        pd->download_size = size;
        memcpy(pd->download_sha256, sha256, sizeof sha256);
        return voyager__fail(c, VOYAGER_ERR_STORAGE, "the install attempt could not be saved");
    }
    c->attempt = pd->attempts;
    *fresh = true;
    return VOYAGER_OK;
}

/*
 * The attempt is over (failed: its FAILED report follows): the next begin, even of the same offer, is another.
 * Saved before the report goes out, so that a cut in between loses the report, never the difference between the ids.
 */
static void end_attempt(voyager_client_t *c) {
    if (c->pending.downloading != 0) {
        c->pending.downloading = 0;
        voyager__save_pending(c, c->pending.state);
    }
}

voyager_err_t voyager_begin(voyager_client_t *c) {
    const voyager_port_t *p = c->cfg.port;
    const voyager_offer_t *o = &c->offer;
    if (!c->has_offer || c->updating) {
        return VOYAGER_ERR_STATE;
    }
    if (c->cfg.may_update != NULL && !c->cfg.may_update(c->cfg.user, o)) {
        return voyager__fail(c, VOYAGER_ERR_DEFERRED, NULL);
    }
    if (o->min_battery >= 0 && c->cfg.battery != NULL) {
        int level = c->cfg.battery(c->cfg.user);
        if (level >= 0 && level < o->min_battery) {
            return voyager__fail(c, VOYAGER_ERR_BATTERY, "the battery is below the release's minimum");
        }
    }
    if (p->state_set(p->ctx, VOYAGER_KEY_SEQUENCE, &o->sequence, sizeof o->sequence) != VOYAGER_OK) {
        return voyager__fail(c, VOYAGER_ERR_STORAGE, "the offer's sequence could not be saved");
    }
    bool fresh;
    voyager_err_t err = begin_attempt(c, &fresh);
    if (err != VOYAGER_OK) {
        return err;
    }
    voyager_update_config_t ucfg = {p, c->cfg.chip, c->cfg.secure_version, c->cfg.checkpoint_interval,
                                    c->cfg.skip_app_version_check};
    err = voyager_update_begin(&c->update, &ucfg, o);
    if (err != VOYAGER_OK) {
        voyager__fail(c, err, c->update.why);
        if (fresh) {
            /*
             * Nothing written, nothing reported yet (the firmware not yet marked valid, a port without flash ...):
             * no attempt, but a refusal like those at the check, the same one at every check counted once. The
             * number goes back in the write that ends the attempt; were that write lost, the number would merely
             * go to the next attempt, as no report carried it.
             */
            c->pending.attempts--;
            c->attempt = 0;
        }
        end_attempt(c);
        voyager__report_offer(c, VOYAGER_STATUS_FAILED, err);
        c->attempt = 0;
        return err;
    }
    c->updating = true;
    c->download_spent_ms = 0;
    c->run_attempts = 0;
    c->started_ms = voyager__now(c);
    if (c->started_ms == 0) {
        c->started_ms = 1;
    }
    voyager__log(c, VOYAGER_LOG_INFO, "voyager: installing %s (%lu bytes) from byte %lu", o->version.text,
                 (unsigned long) o->size, (unsigned long) voyager_update_offset(&c->update));
    voyager__report_offer(c, VOYAGER_STATUS_DOWNLOADING, VOYAGER_OK);
    return VOYAGER_OK;
}

voyager_err_t voyager_finish(voyager_client_t *c) {
    voyager_pending_t *pd = &c->pending;
    if (!c->updating) {
        return VOYAGER_ERR_STATE;
    }
    voyager_err_t err = voyager_update_finish(&c->update);
    if (err != VOYAGER_OK) {
        voyager__fail(c, err, c->update.why);
        return voyager__stop(c, err);
    }
    /* the record of the switch ends the download in the same write: a cut leaves one or the other to carry on */
    uint32_t attempts = pd->attempts;
    memset(pd, 0, sizeof *pd);
    pd->attempts = attempts;
    pd->attempt = c->attempt;
    pd->sequence = c->offer.sequence;
    pd->download_ms = (int64_t) (voyager__now(c) - c->started_ms);
    pd->bytes = c->offer.size;
    memcpy(pd->from, c->running.text, sizeof pd->from);
    memcpy(pd->to, c->offer.version.text, sizeof pd->to);
    pd->from_slot = voyager__running_slot(c);
    if (voyager__save_pending(c, PENDING_SWITCHING) != VOYAGER_OK) {
        voyager__load_pending(c); /* the record as it is saved, still with the download, which the abort ends */
        voyager__fail(c, VOYAGER_ERR_STORAGE, "the update could not be recorded before switching");
        return voyager__stop(c, VOYAGER_ERR_STORAGE);
    }
    err = voyager_update_activate(&c->update);
    if (err != VOYAGER_OK) {
        voyager__save_pending(c, PENDING_NONE);
        voyager__fail(c, err, c->update.why);
        return voyager__stop(c, err);
    }
    /* if this write is lost, the next boot still tells the new firmware from the old by the slot it runs */
    voyager__save_pending(c, PENDING_SWITCHED);
    voyager__report_offer(c, VOYAGER_STATUS_REBOOTING, VOYAGER_OK);
    c->updating = false;
    c->pushed = false;
    c->has_offer = false;
    c->attempt = 0;
    return VOYAGER_OK;
}

void voyager_abort(voyager_client_t *c, voyager_err_t err) {
    if (!c->updating) {
        return;
    }
    voyager__transfer_close(c);
    voyager_update_abort(&c->update);
    c->updating = false;
    c->pushed = false;
    c->has_offer = false;
    end_attempt(c);
    voyager__report_offer(c, VOYAGER_STATUS_FAILED, err);
    c->attempt = 0;
}

void voyager_cancel(voyager_client_t *c) {
    c->cancelled = c->updating;
}

