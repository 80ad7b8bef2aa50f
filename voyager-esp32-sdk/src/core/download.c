/* Downloading the artifact: requests with Range resumes, paced, in bounded steps or a whole run at once. */
#include <string.h>

#include "client.h"

static const char TOO_SLOW[] = "the download was slower than download_min_bytes per download_rate_window_s: cut,"
        " it resumes from the last byte written";
static const char TOO_LONG[] = "the download took longer than download_deadline_s: stopped, it resumes from the"
        " last byte written at the next attempt";

/* A broken connection, an expired link or a download cut for slowness: the checkpoint stays, a later try resumes. */
static bool retryable(voyager_err_t err) {
    return err == VOYAGER_ERR_NETWORK || err == VOYAGER_ERR_EXPIRED || err == VOYAGER_ERR_TOO_SLOW;
}

static uint64_t deadline_ms(const voyager_client_t *c) {
    return (uint64_t) c->cfg.download_deadline_s * 1000u;
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
static voyager_err_t pace(voyager_client_t *c, size_t len) {
    voyager_transfer_t *t = &c->transfer;
    uint64_t now = voyager__now(c);
    uint64_t window = (uint64_t) c->cfg.download_rate_window_s * 1000u;
    if (c->download_spent_ms + (now - t->started) >= deadline_ms(c)) {
        t->out_of_time = true;
        return voyager__fail(c, VOYAGER_ERR_TOO_SLOW, TOO_LONG);
    }
    if (now - t->window >= window) {
        if (t->received < c->cfg.download_min_bytes || now - t->window >= 2 * window) {
            return voyager__fail(c, VOYAGER_ERR_TOO_SLOW, TOO_SLOW);
        }
        t->window = now;
        t->received = 0;
    }
    t->received = len < UINT32_MAX - t->received ? t->received + (uint32_t) len : UINT32_MAX;
    return VOYAGER_OK;
}

static voyager_err_t on_body(void *arg, const uint8_t *data, size_t len) {
    voyager_client_t *c = (voyager_client_t *) arg;
    voyager_transfer_t *t = &c->transfer;
    voyager_err_t err = pace(c, len);
    if (err != VOYAGER_OK) {
        return err;
    }
    if (!t->writing) {
        int status = t->resp.status;
        if (status == 206 && t->resp.range_start != (int64_t) t->from) {
            return voyager__fail(c, VOYAGER_ERR_NETWORK, "the server sent another range than asked for");
        }
        if (status != 200 && status != 206) {
            return VOYAGER_OK; /* a problem document: the status says it all */
        }
        if (status == 200 && t->from > 0) {
            /* a whole artifact instead of the range (Range ignored, or If-Range says it changed) */
            if ((err = voyager_update_restart(&c->update)) != VOYAGER_OK) {
                return err;
            }
            t->restarted = true;
        }
        t->writing = true;
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
 * The end of an attempt's exchange, which ended in err. The attempts of a run share its deadline; out_of_time says
 * this one used it up, and the run is over: the next attempt starts a new one.
 */
static voyager_err_t attempt_end(voyager_client_t *c, voyager_err_t err) {
    voyager_transfer_t *t = &c->transfer;
    c->download_spent_ms += voyager__now(c) - t->started;
    if (t->out_of_time) {
        c->download_spent_ms = 0;
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
        return voyager__stop(c, err);
    }
    switch (t->resp.status) {
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
            return voyager__stop(c, VOYAGER_ERR_HTTP);
    }
    if (t->restarted) {
        voyager__log(c, VOYAGER_LOG_INFO, "voyager: the server sent the whole artifact, not the range: started over");
    }
    if (voyager_update_offset(&c->update) < c->offer.size) {
        voyager_update_checkpoint(&c->update);
        return voyager__fail(c, VOYAGER_ERR_NETWORK, "the download ended early; it resumes from the last byte");
    }
    return VOYAGER_OK;
}

/* An attempt's request, from where the update stands: VOYAGER_IN_PROGRESS while its exchange stays open. */
static voyager_err_t attempt_open(voyager_client_t *c) {
    const voyager_port_t *p = c->cfg.port;
    voyager_transfer_t *t = &c->transfer;
    char etag[67];
    uint32_t from = voyager_update_offset(&c->update);
    memset(t, 0, sizeof *t);
    if (from == c->offer.size) {
        return VOYAGER_OK;
    }
    if (c->download_spent_ms >= deadline_ms(c)) {
        /* an attempt that broke off just at the deadline used it up without being cut */
        c->download_spent_ms = 0;
        t->out_of_time = true;
        return voyager__fail(c, VOYAGER_ERR_TOO_SLOW, TOO_LONG);
    }
    voyager_err_t err = download_url(c);
    if (err != VOYAGER_OK) {
        return voyager__stop(c, err);
    }
    artifact_etag(&c->offer, etag);
    voyager_http_request_t req = {"GET", c->url, NULL, NULL, from > 0 ? etag : NULL, from > 0 ? (int64_t) from : -1,
                                  NULL, 0};
    t->from = from;
    t->started = t->window = voyager__now(c);
    c->cancelled = false;
    if (p->http_open == NULL) {
        return attempt_end(c, p->http(p->ctx, &req, &t->resp, on_body, c));
    }
    err = p->http_open(p->ctx, &req, &t->resp);
    t->open = err == VOYAGER_OK;
    return t->open ? VOYAGER_IN_PROGRESS : attempt_end(c, err);
}

void voyager__transfer_close(voyager_client_t *c) {
    if (c->transfer.open) {
        c->transfer.open = false;
        c->cfg.port->http_close(c->cfg.port->ctx);
    }
}

/* A bounded share of one download attempt: its request, or one buffer of its body, or its end. */
static voyager_err_t step(voyager_client_t *c) {
    const voyager_port_t *p = c->cfg.port;
    bool done = false;
    if (!c->updating) {
        return VOYAGER_ERR_STATE;
    }
    if (!c->transfer.open) {
        return attempt_open(c);
    }
    voyager_err_t err = p->http_read(p->ctx, on_body, c, &done);
    if (err == VOYAGER_OK && !done) {
        return VOYAGER_IN_PROGRESS;
    }
    voyager__transfer_close(c);
    return attempt_end(c, err);
}

voyager_err_t voyager_download(voyager_client_t *c) {
    voyager_err_t err;
    while ((err = step(c)) == VOYAGER_IN_PROGRESS) {
    }
    return err;
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
        return voyager__stop(c, err == VOYAGER_NO_UPDATE ? VOYAGER_ERR_OFFER : err);
    }
    return VOYAGER_OK;
}

voyager_err_t voyager_perform_step(voyager_client_t *c) {
    voyager_err_t err = step(c);
    if (err == VOYAGER_IN_PROGRESS) {
        return err;
    }
    if (err == VOYAGER_ERR_EXPIRED && (err = refresh_link(c)) == VOYAGER_OK) {
        err = VOYAGER_ERR_NETWORK;
    }
    if (c->updating && retryable(err) && ++c->run_attempts < c->cfg.download_attempts
            && !c->transfer.out_of_time) {
        return VOYAGER_IN_PROGRESS; /* the next step resumes from the checkpoint */
    }
    /* the run is over; the checkpoint keeps the progress for the next one */
    c->run_attempts = 0;
    c->download_spent_ms = 0;
    return err;
}

voyager_err_t voyager_perform(voyager_client_t *c) {
    voyager_err_t err = c->updating ? VOYAGER_OK : voyager_begin(c);
    if (err != VOYAGER_OK) {
        return err;
    }
    c->run_attempts = 0;
    c->download_spent_ms = 0; /* each call, so each poll, may download for download_deadline_s */
    while ((err = voyager_perform_step(c)) == VOYAGER_IN_PROGRESS) {
    }
    return err == VOYAGER_OK ? voyager_finish(c) : err;
}
