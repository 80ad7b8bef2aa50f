/*
 * A pushed update (voyager/push.h): the server's answer and the artifact come from a relay, and go through the
 * very code a check and a download use, so that no path into the flash trusts more than the direct one.
 */
#include "voyager/push.h"

#include <string.h>

#include "client.h"

#ifndef VOYAGER_WITH_PUSH
#define VOYAGER_WITH_PUSH 1
#endif

#if VOYAGER_WITH_PUSH

voyager_err_t voyager_push_prepare(voyager_client_t *c, char *out, size_t cap, size_t *len) {
    if (c == NULL || out == NULL || len == NULL) {
        return VOYAGER_ERR_ARG;
    }
    voyager_err_t err = voyager__check_request(c);
    if (err == VOYAGER_OK && c->out_len >= cap) {
        err = VOYAGER_ERR_BUFFER;
    }
    if (err != VOYAGER_OK) {
        c->nonce[0] = '\0';
        return err;
    }
    memcpy(out, c->out, c->out_len);
    out[c->out_len] = '\0';
    *len = c->out_len;
    return VOYAGER_OK;
}

/* A header's value into its field of the response; one too long for it is as good as missing, and refused so. */
static void header(char *field, size_t cap, const char *value) {
    size_t n = value != NULL ? strlen(value) : 0;
    field[0] = '\0';
    if (n < cap) {
        memcpy(field, value, n);
        field[n] = '\0';
    }
}

voyager_err_t voyager_push_begin(voyager_client_t *c, const voyager_push_answer_t *a, uint32_t *offset) {
    voyager_http_response_t *resp = &c->resp;
    if (a == NULL || offset == NULL || (a->body == NULL && a->body_len > 0)) {
        return VOYAGER_ERR_ARG;
    }
    *offset = 0;
    if (c->updating && !c->pushed) {
        return voyager__fail(c, VOYAGER_ERR_STATE, "the device is downloading an update itself");
    }
    if (c->nonce[0] == '\0') {
        return voyager__fail(c, VOYAGER_ERR_REPLAY, "no voyager_push_prepare awaits an answer: each answer needs a"
                             " fresh one");
    }
    if (a->body_len >= sizeof c->body) {
        c->nonce[0] = '\0';
        return voyager__fail(c, VOYAGER_ERR_BUFFER, "the offer is longer than VOYAGER_BODY_MAX");
    }
    memcpy(c->body, a->body, a->body_len);
    c->body[a->body_len] = '\0';
    c->body_len = a->body_len;
    memset(resp, 0, sizeof *resp);
    resp->status = 200;
    header(resp->offer_signature, sizeof resp->offer_signature, a->signature);
    header(resp->offer_key, sizeof resp->offer_key, a->key_id);
    header(resp->offer_proof, sizeof resp->offer_proof, a->proof);
    voyager_err_t err = voyager__answer(c, resp);
    c->nonce[0] = '\0';
    if (err != VOYAGER_OK) {
        if (c->updating) {
            c->offer = c->update.offer; /* a refused answer leaves the install under way as it was */
        }
        return err;
    }
    if (c->updating) {
        /* as a cancel leaves it: the checkpoint kept, for the begin below to resume the same attempt from */
        voyager_update_pause(&c->update);
        c->updating = false;
        c->pushed = false;
        c->attempt = 0;
    }
    if ((err = voyager_begin(c)) != VOYAGER_OK) {
        return err;
    }
    c->pushed = true;
    *offset = voyager_update_offset(&c->update);
    return VOYAGER_OK;
}

voyager_err_t voyager_push_write(voyager_client_t *c, const uint8_t *data, size_t len) {
    if (!c->pushed || (data == NULL && len > 0)) {
        return VOYAGER_ERR_STATE;
    }
    uint32_t at = voyager_update_offset(&c->update);
    if (len > c->offer.size - at) {
        return voyager__fail(c, VOYAGER_ERR_TOO_LARGE, "the chunk reaches past the offer's size: refused whole");
    }
    voyager_err_t err = voyager_update_write(&c->update, data, len);
    if (err != VOYAGER_OK) {
        voyager__fail(c, err, c->update.why);
        voyager_abort(c, err);
        return err;
    }
    if (c->cfg.on_progress != NULL) {
        c->cfg.on_progress(c->cfg.user, at + (uint32_t) len, c->offer.size);
    }
    return VOYAGER_OK;
}

uint32_t voyager_push_offset(const voyager_client_t *c) {
    return c->pushed ? voyager_update_offset(&c->update) : 0;
}

voyager_err_t voyager_push_finish(voyager_client_t *c) {
    if (!c->pushed) {
        return VOYAGER_ERR_STATE;
    }
    return voyager_finish(c);
}

void voyager_push_abort(voyager_client_t *c) {
    if (c->pushed) {
        voyager__fail(c, VOYAGER_ERR_CANCELLED, "the relay gave the pushed update up");
        voyager_abort(c, VOYAGER_ERR_CANCELLED);
    }
}

voyager_err_t voyager_push_report(voyager_client_t *c, char *out, size_t cap, size_t *len) {
    voyager_report_t r;
    if (!c->report_pending) {
        return VOYAGER_NO_UPDATE;
    }
    voyager__pending_report(c, &r);
    return voyager_report_json(&r, out, cap, len);
}

void voyager_push_report_delivered(voyager_client_t *c) {
    if (c->report_pending) {
        c->report_failures = 0;
        voyager__save_pending(c, PENDING_NONE);
    }
}

#endif
