/*
 * Under the rest of the client (session.h): failure and log, the clock, the update record across reboots and its
 * layouts, the API's URL and POST, the retry timing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "keys.h"
#include "session.h"

voyager_err_t voyager__fail(voyager_client_t *c, voyager_err_t err, const char *why) {
    c->why = why;
    if (why != NULL) {
        voyager__log(c, VOYAGER_LOG_WARN, "voyager: %s (%s)", why, voyager_err_code(err));
    }
    return err;
}

void voyager__log(voyager_client_t *c, voyager_log_level_t level, const char *fmt, ...) {
    const voyager_port_t *p = c->cfg.port;
    if (p->log != NULL) {
        va_list args;
        va_start(args, fmt);
        p->log(p->ctx, level, fmt, args);
        va_end(args);
    }
}

uint64_t voyager__now(const voyager_client_t *c) {
    return c->cfg.port->now_ms != NULL ? c->cfg.port->now_ms(c->cfg.port->ctx) : 0;
}

int voyager__battery(const voyager_client_t *c) {
    return c->cfg.battery != NULL ? c->cfg.battery(c->cfg.user) : -1;
}

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

/* The API URL base + "/devices/<id>/" + tail into c->url. */
voyager_err_t voyager__api_url(voyager_client_t *c, const char *tail) {
    size_t base = strlen(c->cfg.server_url);
    while (base > 0 && c->cfg.server_url[base - 1] == '/') {
        base--;
    }
    size_t id = strlen(c->cfg.device_id);
    size_t t = strlen(tail);
    if (base + 9 + id + 1 + t >= sizeof c->url) {
        return VOYAGER_ERR_BUFFER;
    }
    memcpy(c->url, c->cfg.server_url, base);
    memcpy(c->url + base, "/devices/", 9);
    memcpy(c->url + base + 9, c->cfg.device_id, id);
    c->url[base + 9 + id] = '/';
    memcpy(c->url + base + 10 + id, tail, t + 1);
    return VOYAGER_OK;
}

/* Collects a response body into c->body; past its end the answer is refused. */
static voyager_err_t collect(void *arg, const uint8_t *data, size_t len) {
    voyager_client_t *c = (voyager_client_t *) arg;
    if (len >= sizeof c->body - c->body_len) {
        return VOYAGER_ERR_BUFFER;
    }
    memcpy(c->body + c->body_len, data, len);
    c->body_len += len;
    return VOYAGER_OK;
}

/* POSTs the JSON in c->out (out_len bytes) to c->url; the answer's body goes to c->body. */
voyager_err_t voyager__post_json(voyager_client_t *c, const char *if_none_match, voyager_http_response_t *resp) {
    voyager_http_request_t req = {"POST", c->url, c->cfg.device_secret, if_none_match, NULL, -1, c->out,
                                  c->out_len};
    const voyager_port_t *p = c->cfg.port;
    c->body_len = 0;
    memset(resp, 0, sizeof *resp);
    voyager_err_t err = p->http(p->ctx, &req, resp, collect, c);
    c->body[c->body_len] = '\0';
    if (err == VOYAGER_OK && resp->status == 401) {
        return voyager__fail(c, VOYAGER_ERR_AUTH, "the server refused the device credential (401)");
    }
    return err;
}

/*
 * A uniform random delay in [0, bound_ms] from the port's random source (the one nonces come from). Should it fail,
 * the bound itself: the latest the schedule allows, never sooner than asked.
 */
uint64_t voyager__jitter_ms(voyager_client_t *c, uint64_t bound_ms) {
    const voyager_port_t *p = c->cfg.port;
    uint8_t r[4];
    if (bound_ms > UINT32_MAX - 1u) {
        bound_ms = UINT32_MAX - 1u; /* 49 days: beyond any interval worth jittering at this precision */
    }
    if (bound_ms == 0 || p->random(p->ctx, r, sizeof r) != VOYAGER_OK) {
        return bound_ms;
    }
    uint32_t u = (uint32_t) r[0] << 24 | (uint32_t) r[1] << 16 | (uint32_t) r[2] << 8 | r[3];
    return ((uint64_t) u * (bound_ms + 1u)) >> 32;
}

/* The n-th failure in a row's backoff bound: min(max_s, retry_base_s * 2^(n-1)) seconds, in ms. */
static uint64_t backoff_bound_ms(const voyager_client_t *c, uint32_t n, uint32_t max_s) {
    uint64_t bound = c->cfg.retry_base_s < max_s ? c->cfg.retry_base_s : max_s;
    for (uint32_t i = 1; i < n && bound < max_s; i++) {
        bound *= 2u;
    }
    return (bound < max_s ? bound : max_s) * 1000u;
}

/* Failures of a check worth retrying soon: the server was not reached, or did not answer as it does when up. */
static bool check_transient(voyager_err_t err) {
    return err == VOYAGER_ERR_NETWORK || err == VOYAGER_ERR_HTTP;
}

uint64_t voyager__api_backoff_ms(voyager_client_t *c, uint32_t n) {
    uint32_t max_s = c->cfg.retry_max_s < c->cfg.check_interval_s ? c->cfg.retry_max_s : c->cfg.check_interval_s;
    return voyager__jitter_ms(c, backoff_bound_ms(c, n, max_s));
}

void voyager__schedule_check(voyager_client_t *c, voyager_err_t err) {
    uint64_t now = voyager__now(c);
    uint64_t interval = (uint64_t) c->cfg.check_interval_s * 1000u;
    c->check_scheduled = true;
    if (check_transient(err)) {
        if (c->check_failures < UINT32_MAX) {
            c->check_failures++;
        }
        c->next_check_ms = now + voyager__api_backoff_ms(c, c->check_failures);
        return;
    }
    /* answered (an offer, nothing, or an offer refused): the next periodic check, 90 % to 110 % of the interval */
    c->check_failures = 0;
    c->next_check_ms = now + interval - interval / 10u + voyager__jitter_ms(c, interval / 5u);
}

/* After voyager_perform: a failure to retry backs the download off; progress made restarts the backoff. */
void voyager__schedule_download(voyager_client_t *c, voyager_err_t err, uint32_t before) {
    if (err == VOYAGER_OK || !c->updating) {
        c->download_failures = 0; /* installed, or given up: the next update starts afresh */
        c->next_download_ms = 0;
        return;
    }
    if (voyager_update_offset(&c->update) > before) {
        c->download_failures = 0; /* a slow link that gets somewhere waits little */
    }
    if (c->download_failures < UINT32_MAX) {
        c->download_failures++;
    }
    c->next_download_ms = voyager__now(c) + voyager__jitter_ms(c, backoff_bound_ms(c, c->download_failures,
                                                                         c->cfg.retry_max_s));
}
