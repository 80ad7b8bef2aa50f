/* The client: configuration, the exchanges with the server, the poll loop (the update record across boots: boot.c). */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "client.h"

#define DEFAULT_INTERVAL_S 3600u
#define DEFAULT_ATTEMPTS 5
/*
 * The download bounds (docs/sdk.md, "Slow and endless downloads"). 4096 bytes in 30 s is about 1 kbit/s: any link
 * that works, GPRS and NB-IoT included, is many times faster, while a trickle is far slower; and 30 s is twice the
 * ESP-IDF port's 15 s read timeout, so one stall that the port tolerates does not cut a link that is fine otherwise.
 * 1800 s per voyager_perform takes a 4 MB image over a link of 2.3 KB/s (18 kbit/s) in one poll; slower links get
 * there over several polls, each resuming from the checkpoint, with the radio off in between.
 */
#define DEFAULT_MIN_BYTES 4096u
#define DEFAULT_RATE_WINDOW_S 30u
#define DEFAULT_DEADLINE_S 1800u
/*
 * Retries (docs/sdk.md, "Retries and backoff"). 30 s doubles to an hour in eight failures; checks never wait more
 * than check_interval_s, so a device in trouble checks at least as often as a healthy one. The first check after
 * boot spreads over a minute, so a fleet powered up at once (after a power cut, a rollout) does not check at once.
 */
#define DEFAULT_RETRY_BASE_S 30u
#define DEFAULT_RETRY_MAX_S 3600u
#define DEFAULT_FIRST_JITTER_S 60u

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

static bool valid_id(const char *s, size_t max) {
    size_t n = s != NULL ? strlen(s) : 0;
    if (n == 0 || n > max) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '.'
                || ch == '_' || ch == ':' || ch == '-')) {
            return false;
        }
    }
    return true;
}

static voyager_err_t check_config(voyager_client_t *c, const voyager_config_t *cfg) {
    const voyager_port_t *p = cfg->port;
    if (p == NULL || p->http == NULL || p->state_get == NULL || p->state_set == NULL) {
        return voyager__fail(c, VOYAGER_ERR_ARG, NULL);
    }
    if (p->now_ms == NULL) {
        return voyager__fail(c, VOYAGER_ERR_ARG, "the port has no now_ms: without a monotonic clock a trickling"
                             " download could not be cut");
    }
    if (cfg->server_url == NULL || strlen(cfg->server_url) > VOYAGER_URL_BASE_MAX
            || (strncmp(cfg->server_url, "http://", 7) != 0 && strncmp(cfg->server_url, "https://", 8) != 0)) {
        return voyager__fail(c, VOYAGER_ERR_ARG, "server_url must be an https:// URL of at most 256 characters,"
                             " such as https://ota.example.com/v1 (http:// only with allow_insecure_http)");
    }
    if (strncmp(cfg->server_url, "http://", 7) == 0 && !cfg->allow_insecure_http) {
        return voyager__fail(c, VOYAGER_ERR_ARG, "server_url is http://, which sends the device secret in clear:"
                             " use https://, or set allow_insecure_http (development only)");
    }
    if (!valid_id(cfg->device_id, VOYAGER_ID_MAX)) {
        return voyager__fail(c, VOYAGER_ERR_ARG, "device_id must be 1 to 128 letters, digits, '.', '_', ':' or '-'");
    }
    if (!valid_id(cfg->product, VOYAGER_NAME_MAX) || !valid_id(cfg->model, VOYAGER_NAME_MAX)) {
        return voyager__fail(c, VOYAGER_ERR_ARG, "product and model must be ids of 1 to 64 characters");
    }
    if (cfg->device_secret == NULL || cfg->device_secret[0] == '\0') {
        return voyager__fail(c, VOYAGER_ERR_ARG, "device_secret is missing: enrol the device to get one");
    }
    if (voyager_chip_name(cfg->chip) == NULL) {
        return voyager__fail(c, VOYAGER_ERR_ARG, "chip must be one of the VOYAGER_CHIP_* values");
    }
    if (cfg->running_version == NULL || voyager_version_parse_lenient(&c->running, cfg->running_version,
                                                                      strlen(cfg->running_version)) != VOYAGER_OK) {
        return voyager__fail(c, VOYAGER_ERR_VERSION, "running_version is not a version, such as 1.4.2 or v1.4");
    }
    return voyager__trust_init(c);
}

voyager_err_t voyager_init(voyager_client_t *c, const voyager_config_t *cfg) {
    if (c == NULL || cfg == NULL) {
        return VOYAGER_ERR_ARG;
    }
    memset(c, 0, sizeof *c);
    c->cfg = *cfg;
    voyager_err_t err = check_config(c, cfg);
    if (err != VOYAGER_OK) {
        return err;
    }
    if (c->cfg.check_interval_s == 0) {
        c->cfg.check_interval_s = DEFAULT_INTERVAL_S;
    }
    if (c->cfg.download_attempts == 0) {
        c->cfg.download_attempts = DEFAULT_ATTEMPTS;
    }
    if (c->cfg.download_min_bytes == 0) {
        c->cfg.download_min_bytes = DEFAULT_MIN_BYTES;
    }
    if (c->cfg.download_rate_window_s == 0) {
        c->cfg.download_rate_window_s = DEFAULT_RATE_WINDOW_S;
    }
    if (c->cfg.download_deadline_s == 0) {
        c->cfg.download_deadline_s = DEFAULT_DEADLINE_S;
    }
    if (c->cfg.retry_base_s == 0) {
        c->cfg.retry_base_s = DEFAULT_RETRY_BASE_S;
    }
    if (c->cfg.retry_max_s == 0) {
        c->cfg.retry_max_s = DEFAULT_RETRY_MAX_S;
    }
    if (c->cfg.retry_base_s > c->cfg.retry_max_s) {
        c->cfg.retry_base_s = c->cfg.retry_max_s;
    }
    if (c->cfg.first_check_jitter_s == 0) {
        c->cfg.first_check_jitter_s = c->cfg.check_interval_s < DEFAULT_FIRST_JITTER_S ? c->cfg.check_interval_s
                : DEFAULT_FIRST_JITTER_S;
    }
    /* the first check is scheduled by the first voyager_poll, after first_check_jitter_s at random */
    voyager__settle_pending(c);
    return VOYAGER_OK;
}

const char *voyager_no_update_reason(const voyager_client_t *c) {
    return c->reason;
}

const char *voyager_last_error(const voyager_client_t *c) {
    return c->why != NULL ? c->why : "";
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

void voyager_request_check(voyager_client_t *c) {
    c->check_requested = true;
}

/*
 * A trigger (docs/mqtt.md) names the release waiting for the device, or is empty once nothing is pending. Either way
 * it is only a hint: the offer is fetched over HTTP, where it is signed and bound to the check's nonce.
 */
static void on_trigger(void *arg, const char *topic, const uint8_t *payload, size_t len) {
    (void) topic;
    (void) payload;
    if (len > 0) {
        voyager_request_check((voyager_client_t *) arg);
    }
}

voyager_err_t voyager_mqtt_subscribe(voyager_client_t *c) {
    const voyager_port_t *p = c->cfg.port;
    char topic[16 + VOYAGER_ID_MAX];
    size_t dn = strlen(c->cfg.device_id);
    if (p->mqtt_subscribe == NULL) {
        return VOYAGER_ERR_NOT_SUPPORTED;
    }
    if (c->cfg.mqtt_topic != NULL) {
        return p->mqtt_subscribe(p->ctx, c->cfg.mqtt_topic, on_trigger, c);
    }
    memcpy(topic, "devices/", 8);
    memcpy(topic + 8, c->cfg.device_id, dn);
    memcpy(topic + 8 + dn, "/ota", 5);
    return p->mqtt_subscribe(p->ctx, topic, on_trigger, c);
}

/*
 * A uniform random delay in [0, bound_ms] from the port's random source (the one nonces come from). Should it fail,
 * the bound itself: the latest the schedule allows, never sooner than asked.
 */
static uint64_t jitter_ms(voyager_client_t *c, uint64_t bound_ms) {
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
    return jitter_ms(c, backoff_bound_ms(c, n, max_s));
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
    c->next_check_ms = now + interval - interval / 10u + jitter_ms(c, interval / 5u);
}

/* After voyager_perform: a failure to retry backs the download off; progress made restarts the backoff. */
static void schedule_download(voyager_client_t *c, voyager_err_t err, uint32_t before) {
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
    c->next_download_ms = voyager__now(c) + jitter_ms(c, backoff_bound_ms(c, c->download_failures,
                                                                         c->cfg.retry_max_s));
}

voyager_err_t voyager_poll(voyager_client_t *c) {
    uint64_t now = voyager__now(c);
    bool check_due = false;
    if (!c->updating) {
        if (!c->check_requested && !c->check_scheduled) {
            c->check_scheduled = true;
            c->next_check_ms = now + jitter_ms(c, (uint64_t) c->cfg.first_check_jitter_s * 1000u);
        }
        check_due = c->check_requested || now >= c->next_check_ms;
    }
    if (!check_due && now >= c->next_report_ms) {
        voyager__flush_reports(c); /* an owed outcome, backed off like checks; a check sends it itself */
    }
    if (!c->updating) {
        if (!check_due) {
            return VOYAGER_NO_UPDATE;
        }
        voyager_err_t err = voyager_check(c, NULL);
        if (err != VOYAGER_OK) {
            return err;
        }
    } else if (c->pushed || now < c->next_download_ms) {
        /* backing off the download (a trigger does not shorten it), or a relay feeds it (voyager/push.h) */
        return VOYAGER_NO_UPDATE;
    }
    uint32_t before = c->updating ? voyager_update_offset(&c->update) : 0;
    voyager_err_t err = voyager_perform(c);
    schedule_download(c, err, before);
    return err;
}
