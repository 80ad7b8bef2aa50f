/* The client's public entry points: configuration, the exchanges with the server, the poll loop (client.h). */
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

voyager_err_t voyager_poll(voyager_client_t *c) {
    uint64_t now = voyager__now(c);
    bool check_due = false;
    if (!c->updating) {
        if (!c->check_requested && !c->check_scheduled) {
            c->check_scheduled = true;
            c->next_check_ms = now + voyager__jitter_ms(c, (uint64_t) c->cfg.first_check_jitter_s * 1000u);
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
    voyager__schedule_download(c, err, before);
    return err;
}
