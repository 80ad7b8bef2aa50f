/*
 * The update check: what the device sends (who it is, and a fresh nonce), and what it makes of the answer, which
 * is authenticated before a byte of it is believed.
 */
#include <string.h>

#include "client.h"
#include "keys.h"

static voyager_err_t check_offer(voyager_client_t *c, const voyager_offer_t *o) {
    const voyager_port_t *p = c->cfg.port;
    int64_t now = p->unix_time != NULL ? p->unix_time(p->ctx) : 0;
    int64_t highest = 0;
    size_t len = 0;
    if (strcmp(o->device_id, c->cfg.device_id) != 0 || strcmp(o->model, c->cfg.model) != 0) {
        return voyager__fail(c, VOYAGER_ERR_WRONG_DEVICE, "the offer was issued for another device or model");
    }
    if (now > 0 && now >= o->expires_at) {
        return voyager__fail(c, VOYAGER_ERR_EXPIRED, "the offer has expired (or the device clock is wrong)");
    }
    if (p->state_get(p->ctx, VOYAGER_KEY_SEQUENCE, &highest, sizeof highest, &len) != VOYAGER_OK
            || len != sizeof highest) {
        /*
         * Never set, or lost with the NVS: the last update's is a floor too. Lost with it, the floor starts again
         * from the next offer acted on, which is safe: the floor only passes over nodes not caught up; the proof
         * bound to this check's nonce is what makes a replay impossible (docs/sdk.md, "NVS budget and NVS loss").
         */
        highest = c->pending.sequence;
    }
    if (o->sequence < highest) {
        /* made before the catalog the device acted on: a node not caught up yet, nothing wrong with the release */
        voyager__log(c, VOYAGER_LOG_INFO, "voyager: ignoring an offer of generation %lld, older than %lld acted on",
                     (long long) o->sequence, (long long) highest);
        memcpy(c->reason, "stale-offer", sizeof "stale-offer");
        return VOYAGER_NO_UPDATE;
    }
    int order = voyager_version_compare(&o->version, &c->running);
    if (o->kind == VOYAGER_KIND_UPGRADE ? order <= 0 : order >= 0) {
        return voyager__fail(c, VOYAGER_ERR_DOWNGRADE, o->kind == VOYAGER_KIND_UPGRADE
                             ? "the offered upgrade is not newer than the running firmware"
                             : "the offered rollback is not older than the running firmware");
    }
    if (o->secure_version < c->cfg.secure_version) {
        return voyager__fail(c, VOYAGER_ERR_SECURE_VERSION, "the offer's secureVersion is below this device's");
    }
    return VOYAGER_OK;
}

static bool append(char *out, size_t cap, size_t *n, const char *text) {
    size_t k = strlen(text);
    if (*n + k >= cap) {
        return false;
    }
    memcpy(out + *n, text, k);
    *n += k;
    return true;
}

static void decimal(uint32_t v, char out[11]) {
    char digits[10];
    size_t n = 0;
    do {
        digits[n++] = (char) ('0' + v % 10);
        v /= 10;
    } while (v != 0);
    for (size_t i = 0; i < n; i++) {
        out[i] = digits[n - 1 - i];
    }
    out[n] = '\0';
}

/* The check request: what the device is, and the nonce its answer must prove, as a JSON body. */
static voyager_err_t check_body(voyager_client_t *c) {
    char secure[11];
    char battery[11];
    int level = voyager__battery(c);
    bool has_battery = level >= 0 && level <= 100;
    decimal(c->cfg.secure_version, secure);
    decimal(has_battery ? (uint32_t) level : 0, battery);
    /* all values are ids, versions, chip names, numbers and hex digits: nothing in them needs escaping */
    const char *parts[] = {"{\"product\":\"", c->cfg.product, "\",\"model\":\"", c->cfg.model, "\",\"version\":\"",
                           c->running.text, "\",\"chip\":\"", voyager_chip_name(c->cfg.chip),
                           "\",\"secureVersion\":", secure, ",\"nonce\":\"", c->nonce, "\"",
                           has_battery ? ",\"battery\":" : "", has_battery ? battery : "", "}"};
    size_t n = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (!append(c->out, sizeof c->out, &n, parts[i])) {
            return VOYAGER_ERR_BUFFER;
        }
    }
    c->out_len = n;
    return VOYAGER_OK;
}

/* 16 random bytes as 32 hex digits: a nonce nobody can predict, so no answer can be made before the check. */
static voyager_err_t fresh_nonce(voyager_client_t *c) {
    static const char hex[] = "0123456789abcdef";
    const voyager_port_t *p = c->cfg.port;
    uint8_t r[16];
    c->nonce[0] = '\0';
    if (p->random(p->ctx, r, sizeof r) != VOYAGER_OK) {
        return voyager__fail(c, VOYAGER_ERR_CRYPTO, "the port's random source failed: no check without a fresh"
                             " nonce");
    }
    for (size_t i = 0; i < sizeof r; i++) {
        c->nonce[2 * i] = hex[r[i] >> 4];
        c->nonce[2 * i + 1] = hex[r[i] & 15];
    }
    c->nonce[2 * sizeof r] = '\0';
    return VOYAGER_OK;
}

voyager_err_t voyager__check_request(voyager_client_t *c) {
    voyager_err_t err = fresh_nonce(c);
    return err == VOYAGER_OK ? check_body(c) : err;
}

static void sha256_of(const void *data, size_t len, uint8_t out[32]) {
    voyager_sha256_t sha;
    voyager_sha256_init(&sha);
    voyager_sha256_update(&sha, data, len);
    voyager_sha256_final(&sha, out);
}

/* A 200: authenticated before a byte of it is believed, then read and held against the device. */
static voyager_err_t fresh_offer(voyager_client_t *c, const voyager_http_response_t *resp) {
    voyager_offer_t *o = &c->offer;
    uint8_t digest[32];
    char etag[VOYAGER_ETAG_MAX + 1];
    memcpy(etag, resp->etag, sizeof etag); /* fetching an offer key's endorsement reuses the response */
    sha256_of(c->body, c->body_len, digest);
    voyager_err_t err = voyager__authenticate(c, digest);
    if (err != VOYAGER_OK) {
        return err;
    }
    if (voyager_offer_parse(o, &c->manifest, c->body, c->body_len) != VOYAGER_OK) {
        return voyager__fail(c, VOYAGER_ERR_OFFER, "the server's offer is malformed");
    }
    memcpy(o->etag, etag, sizeof o->etag);
    memcpy(o->body_sha256, digest, sizeof digest);
    return VOYAGER_OK;
}

/*
 * Refusals of an offer the server did make (authenticated) are reported FAILED, so they show in the rollout's
 * statistics. One that may not come from the server, an expired one and a stale one are not: none says anything
 * about the release, and reporting them would let a replay pause a healthy rollout.
 */
voyager_err_t voyager__answer(voyager_client_t *c, const voyager_http_response_t *resp) {
    voyager_offer_t *o = &c->offer;
    voyager_err_t err;
    int status = resp->status;
    switch (status) {
        case 200:
            c->has_offer = false;
            if ((err = fresh_offer(c, resp)) != VOYAGER_OK) {
                return err;
            }
            break;
        case 204:
            c->has_offer = false;
            memcpy(c->reason, resp->reason, sizeof c->reason);
            return VOYAGER_NO_UPDATE;
        case 304:
            if (!c->has_offer) {
                return voyager__fail(c, VOYAGER_ERR_HTTP, "304 for an offer the device does not hold");
            }
            if ((err = voyager__prove(c, o->body_sha256)) != VOYAGER_OK) {
                c->has_offer = false;
                return err;
            }
            break;
        default:
            return voyager__fail(c, VOYAGER_ERR_HTTP, "the check was answered with an unexpected HTTP status");
    }
    err = check_offer(c, o);
    if (err == VOYAGER_OK && status == 200) {
        err = voyager__check_release(c);
    }
    if (err != VOYAGER_OK) {
        c->has_offer = false;
        if (err != VOYAGER_ERR_EXPIRED && err != VOYAGER_NO_UPDATE) {
            voyager__report_offer(c, VOYAGER_STATUS_FAILED, err);
        }
        return err;
    }
    c->has_offer = true;
    return VOYAGER_OK;
}

voyager_err_t voyager_check(voyager_client_t *c, const voyager_offer_t **offer) {
    if (c == NULL) {
        return VOYAGER_ERR_ARG;
    }
    voyager__flush_reports(c);
    c->reason[0] = '\0';
    c->check_requested = false;
    voyager_err_t err = voyager__check_request(c);
    if (err == VOYAGER_OK) {
        err = voyager__api_url(c, "update");
    }
    if (err == VOYAGER_OK) {
        err = voyager__post_json(c, c->has_offer && c->offer.etag[0] != '\0' ? c->offer.etag : NULL, &c->resp);
    }
    if (err == VOYAGER_OK) {
        err = voyager__answer(c, &c->resp);
    }
    c->nonce[0] = '\0'; /* answered: no other answer, pushed by a relay either, may prove this check */
    voyager__schedule_check(c, err);
    if (offer != NULL) {
        *offer = err == VOYAGER_OK ? &c->offer : NULL;
    }
    return err;
}
