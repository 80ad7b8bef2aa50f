/* Installing an offer: begin, download with Range resumes, verify, record, switch; or abort and report. */
#include <string.h>

#include "client.h"
#include "keys.h"

typedef struct {
    voyager_client_t *c;
    voyager_http_response_t *resp;
    uint32_t from;       /* where this request asked to start */
    bool writing;        /* the answer is the artifact, being written */
    bool restarted;      /* a 200 made the update start over from byte 0 */
    uint64_t started;    /* when the request went out: the first rate window and this attempt's time begin here */
    uint64_t window;     /* when the current rate window began */
    uint32_t received;   /* body bytes received in it */
    bool out_of_time;    /* the deadline, not the rate, cut this attempt */
} download_t;

/* A broken connection, an expired link or a download cut for slowness: the checkpoint stays, a later try resumes. */
static bool retryable(voyager_err_t err) {
    return err == VOYAGER_ERR_NETWORK || err == VOYAGER_ERR_EXPIRED || err == VOYAGER_ERR_TOO_SLOW;
}

static const char TOO_SLOW[] = "the download was slower than download_min_bytes per download_rate_window_s: cut,"
        " it resumes from the last byte written";
static const char TOO_LONG[] = "the download took longer than download_deadline_s: stopped, it resumes from the"
        " last byte written at the next attempt";

static uint64_t deadline_ms(const voyager_client_t *c) {
    return (uint64_t) c->cfg.download_deadline_s * 1000u;
}

static voyager_err_t stop(voyager_client_t *c, voyager_err_t err) {
    if (!retryable(err)) {
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
    c->started_ms = voyager__now(c);
    if (c->started_ms == 0) {
        c->started_ms = 1;
    }
    voyager__log(c, VOYAGER_LOG_INFO, "voyager: installing %s (%lu bytes) from byte %lu", o->version.text,
                 (unsigned long) o->size, (unsigned long) voyager_update_offset(&c->update));
    voyager__report_offer(c, VOYAGER_STATUS_DOWNLOADING, VOYAGER_OK);
    return VOYAGER_OK;
}

/* The download URL: the offer's, made absolute with the server's scheme and authority when it is a path. */
static voyager_err_t download_url(voyager_client_t *c) {
    const char *url = c->offer.url;
    size_t n = strlen(url);
    if (strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0) {
        memcpy(c->url, url, n + 1);
        return VOYAGER_OK;
    }
    if (url[0] != '/' || url[1] == '/') {
        return voyager__fail(c, VOYAGER_ERR_OFFER, "the offer's url is neither absolute nor a path");
    }
    const char *base = c->cfg.server_url;
    const char *authority = strstr(base, "://") + 3;
    const char *slash = strchr(authority, '/');
    size_t origin = slash != NULL ? (size_t) (slash - base) : strlen(base);
    if (origin + n >= sizeof c->url) {
        return VOYAGER_ERR_BUFFER;
    }
    memcpy(c->url, base, origin);
    memcpy(c->url + origin, url, n + 1);
    return VOYAGER_OK;
}

/*
 * Whether a chunk arriving now may still be taken. The core sees the body only as the port hands it over, so this
 * is where a trickle shows: a few bytes now and then, each within the port's own read timeout. The rate is judged
 * per window, the first beginning with the request: the first chunk after a window's end judges it, and when that
 * chunk comes a whole window late, the window in between had nothing. A stall without any byte is for the port's
 * timeout to end. A chunk refused here is not written; the resume asks for it again.
 */
static voyager_err_t pace(download_t *d, size_t len) {
    voyager_client_t *c = d->c;
    uint64_t now = voyager__now(c);
    uint64_t window = (uint64_t) c->cfg.download_rate_window_s * 1000u;
    if (c->download_spent_ms + (now - d->started) >= deadline_ms(c)) {
        d->out_of_time = true;
        return voyager__fail(c, VOYAGER_ERR_TOO_SLOW, TOO_LONG);
    }
    if (now - d->window >= window) {
        if (d->received < c->cfg.download_min_bytes || now - d->window >= 2 * window) {
            return voyager__fail(c, VOYAGER_ERR_TOO_SLOW, TOO_SLOW);
        }
        d->window = now;
        d->received = 0;
    }
    d->received = len < UINT32_MAX - d->received ? d->received + (uint32_t) len : UINT32_MAX;
    return VOYAGER_OK;
}

static voyager_err_t on_body(void *arg, const uint8_t *data, size_t len) {
    download_t *d = (download_t *) arg;
    voyager_client_t *c = d->c;
    voyager_err_t err = pace(d, len);
    if (err != VOYAGER_OK) {
        return err;
    }
    if (!d->writing) {
        int status = d->resp->status;
        if (status == 206 && d->resp->range_start != (int64_t) d->from) {
            return voyager__fail(c, VOYAGER_ERR_NETWORK, "the server sent another range than asked for");
        }
        if (status != 200 && status != 206) {
            return VOYAGER_OK; /* a problem document: the status says it all */
        }
        if (status == 200 && d->from > 0) {
            /* a whole artifact instead of the range (Range ignored, or If-Range says it changed) */
            if ((err = voyager_update_restart(&c->update)) != VOYAGER_OK) {
                return err;
            }
            d->restarted = true;
        }
        d->writing = true;
    }
    err = voyager_update_write(&c->update, data, len);
    if (err != VOYAGER_OK) {
        return voyager__fail(c, err, c->update.why);
    }
    if (c->cfg.on_progress != NULL) {
        c->cfg.on_progress(c->cfg.user, voyager_update_offset(&c->update), c->offer.size);
    }
    return c->cancelled ? voyager__fail(c, VOYAGER_ERR_CANCELLED, "the application cancelled the download; it"
                                        " resumes from the last checkpoint") : VOYAGER_OK;
}

/* The artifact's strong ETag, as the server sends it: the SHA-256 in lowercase hex, quoted. */
static void artifact_etag(const voyager_offer_t *o, char out[67]) {
    static const char hex[] = "0123456789abcdef";
    out[0] = '"';
    for (int i = 0; i < 32; i++) {
        out[1 + 2 * i] = hex[o->sha256[i] >> 4];
        out[2 + 2 * i] = hex[o->sha256[i] & 15];
    }
    out[65] = '"';
    out[66] = '\0';
}

/*
 * One download attempt. The attempts of a run share its deadline; *out_of_time says this one used it up, and the
 * run is over: voyager_perform stops trying, and the next attempt starts a new run.
 */
static voyager_err_t attempt(voyager_client_t *c, bool *out_of_time) {
    const voyager_port_t *p = c->cfg.port;
    voyager_http_response_t resp;
    char etag[67];
    *out_of_time = false;
    if (!c->updating) {
        return VOYAGER_ERR_STATE;
    }
    uint32_t from = voyager_update_offset(&c->update);
    if (from == c->offer.size) {
        return VOYAGER_OK;
    }
    if (c->download_spent_ms >= deadline_ms(c)) {
        /* an attempt that broke off just at the deadline used it up without being cut */
        c->download_spent_ms = 0;
        *out_of_time = true;
        return voyager__fail(c, VOYAGER_ERR_TOO_SLOW, TOO_LONG);
    }
    voyager_err_t err = download_url(c);
    if (err != VOYAGER_OK) {
        return stop(c, err);
    }
    artifact_etag(&c->offer, etag);
    voyager_http_request_t req = {"GET", c->url, NULL, NULL, from > 0 ? etag : NULL, from > 0 ? (int64_t) from : -1,
                                  NULL, 0};
    uint64_t now = voyager__now(c);
    download_t d = {c, &resp, from, false, false, now, now, 0, false};
    c->cancelled = false;
    memset(&resp, 0, sizeof resp);
    err = p->http(p->ctx, &req, &resp, on_body, &d);
    c->download_spent_ms += voyager__now(c) - d.started;
    if (d.out_of_time) {
        c->download_spent_ms = 0;
        *out_of_time = true;
    }
    if (err == VOYAGER_ERR_CANCELLED) {
        /* as a reboot would leave it: no install under way, nothing reported, the next begin resumes the attempt */
        voyager_update_pause(&c->update);
        c->updating = false;
        c->attempt = 0;
        return err;
    }
    if (err != VOYAGER_OK) {
        if (err == VOYAGER_ERR_NETWORK || err == VOYAGER_ERR_TOO_SLOW) {
            voyager_update_checkpoint(&c->update);
            return err == VOYAGER_ERR_TOO_SLOW ? err
                    : voyager__fail(c, err, "the download broke off; it resumes from the last byte written");
        }
        return stop(c, err);
    }
    switch (resp.status) {
        case 200:
        case 206:
            break;
        case 403:
            return voyager__fail(c, VOYAGER_ERR_EXPIRED, "the download link expired: check again for a fresh one");
        case 416:
            /* the range starts past the end: the checkpoint cannot be trusted, start over */
            voyager_update_restart(&c->update);
            return voyager__fail(c, VOYAGER_ERR_NETWORK, "the server refused the resume range");
        default:
            voyager__fail(c, VOYAGER_ERR_HTTP, "the download was answered with an unexpected HTTP status");
            return stop(c, VOYAGER_ERR_HTTP);
    }
    if (d.restarted) {
        voyager__log(c, VOYAGER_LOG_INFO, "voyager: the server sent the whole artifact, not the range: started over");
    }
    if (voyager_update_offset(&c->update) < c->offer.size) {
        voyager_update_checkpoint(&c->update);
        return voyager__fail(c, VOYAGER_ERR_NETWORK, "the download ended early; it resumes from the last byte");
    }
    return VOYAGER_OK;
}

voyager_err_t voyager_download(voyager_client_t *c) {
    bool out_of_time;
    return attempt(c, &out_of_time);
}

voyager_err_t voyager_finish(voyager_client_t *c) {
    voyager_pending_t *pd = &c->pending;
    if (!c->updating) {
        return VOYAGER_ERR_STATE;
    }
    voyager_err_t err = voyager_update_finish(&c->update);
    if (err != VOYAGER_OK) {
        voyager__fail(c, err, c->update.why);
        return stop(c, err);
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
        return stop(c, VOYAGER_ERR_STORAGE);
    }
    err = voyager_update_activate(&c->update);
    if (err != VOYAGER_OK) {
        voyager__save_pending(c, PENDING_NONE);
        voyager__fail(c, err, c->update.why);
        return stop(c, err);
    }
    /* if this write is lost, the next boot still tells the new firmware from the old by the slot it runs */
    voyager__save_pending(c, PENDING_SWITCHED);
    voyager__report_offer(c, VOYAGER_STATUS_REBOOTING, VOYAGER_OK);
    c->updating = false;
    c->has_offer = false;
    c->attempt = 0;
    return VOYAGER_OK;
}

void voyager_abort(voyager_client_t *c, voyager_err_t err) {
    if (!c->updating) {
        return;
    }
    voyager_update_abort(&c->update);
    c->updating = false;
    c->has_offer = false;
    end_attempt(c);
    voyager__report_offer(c, VOYAGER_STATUS_FAILED, err);
    c->attempt = 0;
}

void voyager_cancel(voyager_client_t *c) {
    c->cancelled = c->updating;
}

/*
 * An answer that may not be the server's, or comes from a node that has not caught up: no reason to give up the
 * download, only to wait for a better answer.
 */
static bool not_the_servers_word(const voyager_client_t *c, voyager_err_t err) {
    return err == VOYAGER_ERR_REPLAY || err == VOYAGER_ERR_UNSIGNED_OFFER || err == VOYAGER_ERR_OFFER_SIGNATURE
            || err == VOYAGER_ERR_OFFER_KEY || (err == VOYAGER_NO_UPDATE && strcmp(c->reason, "stale-offer") == 0);
}

/*
 * After an expired link: a fresh offer for the very same artifact lets the download continue. The update holds
 * the offer it began with, so the client's is restored from there, not from a copy on the stack.
 */
static voyager_err_t refresh_link(voyager_client_t *c) {
    const voyager_offer_t *held = &c->update.offer;
    c->updating = false; /* voyager_check must not see an update in progress */
    voyager_err_t err = voyager_check(c, NULL);
    c->updating = true;
    if (err == VOYAGER_OK && (c->offer.size != held->size || memcmp(c->offer.sha256, held->sha256, 32) != 0)) {
        err = voyager__fail(c, VOYAGER_ERR_OFFER, "the server now offers another artifact");
    }
    if (err != VOYAGER_OK) {
        c->offer = *held;
        if (not_the_servers_word(c, err)) {
            return VOYAGER_ERR_EXPIRED; /* the link is still expired: tried again on the next attempt or poll */
        }
        return stop(c, err == VOYAGER_NO_UPDATE ? VOYAGER_ERR_OFFER : err);
    }
    return VOYAGER_OK;
}

voyager_err_t voyager_perform(voyager_client_t *c) {
    voyager_err_t err = c->updating ? VOYAGER_OK : voyager_begin(c);
    bool out_of_time = false;
    c->download_spent_ms = 0; /* each call, so each poll, may download for download_deadline_s */
    for (unsigned n = 0; err == VOYAGER_OK || retryable(err); n++) {
        if (n >= c->cfg.download_attempts || out_of_time) {
            return err; /* the checkpoint keeps the progress for the next poll */
        }
        err = attempt(c, &out_of_time);
        if (err == VOYAGER_OK) {
            return voyager_finish(c);
        }
        if (err == VOYAGER_ERR_EXPIRED && (err = refresh_link(c)) == VOYAGER_OK) {
            err = VOYAGER_ERR_NETWORK;
        }
    }
    return err;
}
