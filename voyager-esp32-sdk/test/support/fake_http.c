/* The scripted HTTP server of the client tests: see fake_http.h. */
#include "fake_http.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

fake_server_t fake_server;

/* The download being answered: through http_open and http_read a piece at a time, or all at once through http. */
static struct {
    bool open;
    bool artifact;        /* the body is the artifact from `from`; otherwise doc */
    const char *doc;
    bool doc_sent;
    size_t from, at;
    long cut;
    bool paced;
} ex;

void fake_reset(void) {
    memset(&fake_server, 0, sizeof fake_server);
    memset(&ex, 0, sizeof ex);
    fake_server.check_status = 204;
    strcpy(fake_server.check_reason, "up-to-date");
    fake_server.now_ms = 1000;
    fake_server.unix_time = 1893456000LL;
}

static voyager_err_t serve(voyager_http_response_t *resp, voyager_http_body_fn on_body, void *arg,
                           const uint8_t *body, size_t len, long cut) {
    size_t sent = 0;
    while (sent < len) {
        size_t n = len - sent < 333 ? len - sent : 333; /* arrives in uneven pieces, as from a socket */
        if (cut > 0 && sent + n > (size_t) cut) {
            n = (size_t) cut - sent;
        }
        if (n > 0) {
            voyager_err_t err = on_body(arg, body + sent, n);
            if (err != VOYAGER_OK) {
                return err;
            }
        }
        sent += n;
        if (cut > 0 && sent >= (size_t) cut) {
            return VOYAGER_ERR_NETWORK; /* the connection broke */
        }
    }
    (void) resp;
    return VOYAGER_OK;
}

/*
 * The next piece of the download to on_body: the artifact in pieces of 333 bytes (or pace_bytes, with the clock
 * moving on, once paced and past pace_from), then extra_bytes of filler; broken off after cut bytes when cut > 0.
 * *done after the last.
 */
static voyager_err_t piece(voyager_http_body_fn on_body, void *arg, bool *done) {
    static const uint8_t filler[333];
    fake_server_t *s = &fake_server;
    size_t pace_from = (size_t) s->pace_from;
    size_t end = s->artifact_len + (size_t) s->extra_bytes;
    size_t at = ex.at;
    *done = true;
    if (!ex.artifact) {
        bool first = !ex.doc_sent && ex.doc != NULL;
        ex.doc_sent = true;
        return first ? on_body(arg, (const uint8_t *) ex.doc, strlen(ex.doc)) : VOYAGER_OK;
    }
    if (at >= end) {
        return VOYAGER_OK;
    }
    bool slow = ex.paced && at >= pace_from;
    size_t n = slow ? s->pace_bytes : 333;
    if (ex.paced && !slow && at + n > pace_from) {
        n = pace_from - at;
    }
    if (at < s->artifact_len && at + n > s->artifact_len) {
        n = s->artifact_len - at; /* a piece is all artifact or all filler */
    }
    if (at >= s->artifact_len && n > sizeof filler) {
        n = sizeof filler;
    }
    if (n > end - at) {
        n = end - at;
    }
    if (ex.cut > 0 && at - ex.from + n > (size_t) ex.cut) {
        n = (size_t) ex.cut - (at - ex.from);
    }
    assert_true(n > 0);
    if (slow) {
        s->now_ms += s->pace_ms;
    }
    s->pieces++;
    voyager_err_t err = on_body(arg, at < s->artifact_len ? s->artifact + at : filler, n);
    if (err != VOYAGER_OK) {
        return err;
    }
    s->taken += (long) n;
    ex.at = at + n;
    if (ex.cut > 0 && ex.at - ex.from >= (size_t) ex.cut) {
        return VOYAGER_ERR_NETWORK; /* the connection broke */
    }
    *done = ex.at >= end;
    return VOYAGER_OK;
}

static void download_open(const voyager_http_request_t *req, voyager_http_response_t *resp) {
    fake_server_t *s = &fake_server;
    memset(&ex, 0, sizeof ex);
    s->downloads++;
    snprintf(s->last_range, sizeof s->last_range, "%lld", (long long) req->range_from);
    snprintf(s->last_if_range, sizeof s->last_if_range, "%s", req->if_range != NULL ? req->if_range : "");
    resp->content_length = -1;
    resp->range_start = -1;
    resp->range_total = -1;
    if (s->expire_downloads > 0) {
        s->expire_downloads--;
        resp->status = 403;
        ex.doc = "{\"code\":\"invalid-link\"}";
        return;
    }
    size_t from = 0;
    resp->status = 200;
    if (req->range_from >= 0 && !s->ignore_range) {
        if ((size_t) req->range_from >= s->artifact_len) {
            resp->status = 416;
            resp->range_total = (int64_t) s->artifact_len;
            return;
        }
        from = (size_t) req->range_from;
        resp->status = 206;
        resp->range_start = (int64_t) from;
        resp->range_total = (int64_t) s->artifact_len;
    }
    resp->content_length = s->extra_bytes > 0 ? -1 : (int64_t) (s->artifact_len - from);
    ex.artifact = true;
    ex.from = ex.at = from;
    if (s->cuts > 0) {
        s->cuts--;
        ex.cut = s->cut_after;
    }
    ex.paced = s->paced > 0;
    if (ex.paced) {
        s->paced--;
    }
}

static voyager_err_t download(const voyager_http_request_t *req, voyager_http_response_t *resp,
                              voyager_http_body_fn on_body, void *arg) {
    bool done = false;
    voyager_err_t err = VOYAGER_OK;
    download_open(req, resp);
    while (err == VOYAGER_OK && !done) {
        err = piece(on_body, arg, &done);
    }
    return err;
}

/* The check's nonce, as the device sends it in its JSON body. */
static void nonce_of(const voyager_http_request_t *req, char *out, size_t cap) {
    char body[1024];
    snprintf(body, sizeof body, "%.*s", (int) req->body_len, req->body != NULL ? req->body : "");
    const char *at = strstr(body, "\"nonce\":\"");
    out[0] = '\0';
    if (at != NULL) {
        snprintf(out, cap, "%.*s", (int) strcspn(at + 9, "\""), at + 9);
    }
}

/* A 200 as the server makes it: the body signed, then proved for this check, spoilt where a test says so. */
static void sign_offer(const char *bearer) {
    fake_server_t *s = &fake_server;
    uint8_t signature[64];
    snprintf(s->sent_body, sizeof s->sent_body, "%s", s->check_body);
    s->sent_signature[0] = s->sent_key[0] = s->sent_proof[0] = '\0';
    if (s->offer_key != NULL) {
        test_key_sign(s->offer_key, (const uint8_t *) s->sent_body, strlen(s->sent_body), signature);
        test_base64(signature, sizeof signature, s->sent_signature);
        snprintf(s->sent_key, sizeof s->sent_key, "%s", s->offer_key->id);
    }
    if (s->tamper) {
        char *at = strstr(s->sent_body, "\"required\":false");
        assert_non_null(at);
        memcpy(at, "\"required\":true ", 16); /* same length, still JSON: only the signature tells */
    }
    if (!s->no_proof) {
        test_proof(bearer, s->wrong_proof ? "another-nonce-0123456789" : s->last_nonce,
                   (const uint8_t *) s->sent_body, strlen(s->sent_body), s->sent_proof);
    }
}

static voyager_err_t check(const voyager_http_request_t *req, voyager_http_response_t *resp,
                           voyager_http_body_fn on_body, void *arg) {
    fake_server_t *s = &fake_server;
    s->checks++;
    snprintf(s->last_check, sizeof s->last_check, "%.*s", (int) req->body_len, req->body);
    snprintf(s->last_if_none_match, sizeof s->last_if_none_match, "%s",
             req->if_none_match != NULL ? req->if_none_match : "");
    nonce_of(req, s->last_nonce, sizeof s->last_nonce);
    resp->status = s->check_status;
    strcpy(resp->etag, s->check_etag);
    if (s->check_status == 204) {
        strcpy(resp->reason, s->check_reason);
    }
    if (s->check_status == 304 && !s->no_proof) {
        test_proof(req->bearer, s->wrong_proof ? "another-nonce-0123456789" : s->last_nonce,
                   (const uint8_t *) s->check_body, strlen(s->check_body), resp->offer_proof);
    }
    if (s->check_status != 200) {
        return serve(resp, on_body, arg, (const uint8_t *) "", 0, 0);
    }
    if (!s->replay) {
        sign_offer(req->bearer != NULL ? req->bearer : "");
    }
    strcpy(resp->offer_signature, s->sent_signature);
    strcpy(resp->offer_key, s->sent_key);
    strcpy(resp->offer_proof, s->sent_proof);
    return serve(resp, on_body, arg, (const uint8_t *) s->sent_body, strlen(s->sent_body), 0);
}

static voyager_err_t offer_key(const voyager_http_request_t *req, voyager_http_response_t *resp,
                               voyager_http_body_fn on_body, void *arg) {
    fake_server_t *s = &fake_server;
    s->key_fetches++;
    snprintf(s->last_key_url, sizeof s->last_key_url, "%s", req->url);
    if (s->key_statement[0] == '\0' || strstr(req->url, s->key_statement_id) == NULL) {
        resp->status = 404;
        return serve(resp, on_body, arg, (const uint8_t *) "{\"code\":\"not-found\"}", 20, 0);
    }
    resp->status = 200;
    strcpy(resp->offer_signature, s->key_signature);
    strcpy(resp->offer_key, s->key_endorser);
    return serve(resp, on_body, arg, (const uint8_t *) s->key_statement, strlen(s->key_statement), 0);
}

/* "\"reportId\":\"<id>\"" of a report's JSON into out, the needle fake_find_report finds it by. */
static bool report_id_of(const char *body, char out[136]) {
    const char *start = strstr(body, "\"reportId\":\"");
    const char *end = start != NULL ? strchr(start + 12, '"') : NULL;
    if (end == NULL || end - start + 1 >= 136) {
        return false;
    }
    memcpy(out, start, (size_t) (end - start + 1));
    out[end - start + 1] = '\0';
    return true;
}

static voyager_err_t http(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp,
                          voyager_http_body_fn on_body, void *arg) {
    fake_server_t *s = &fake_server;
    (void) ctx;
    memset(resp, 0, sizeof *resp);
    if (s->down) {
        return VOYAGER_ERR_NETWORK;
    }
    if (strstr(req->url, "/artifacts/") != NULL) {
        return download(req, resp, on_body, arg);
    }
    snprintf(s->last_bearer, sizeof s->last_bearer, "%s", req->bearer != NULL ? req->bearer : "");
    if (strstr(req->url, "/offer-keys/") != NULL) {
        return offer_key(req, resp, on_body, arg);
    }
    if (strstr(req->url, "/reports") != NULL) {
        char body[sizeof s->reports[0]], id[136];
        snprintf(body, sizeof body, "%.*s", (int) req->body_len, req->body);
        /* as the server: a report whose id was recorded before changes nothing */
        if (report_id_of(body, id) && fake_find_report(id) >= 0) {
            s->duplicate_reports++;
            resp->status = 200;
            return serve(resp, on_body, arg, (const uint8_t *) "{\"outcome\":\"duplicate\"}", 23, 0);
        }
        if (s->report_count < FAKE_REPORTS) {
            memcpy(s->reports[s->report_count++], body, sizeof body);
        }
        resp->status = 202;
        return serve(resp, on_body, arg, (const uint8_t *) "{\"outcome\":\"recorded\"}", 22, 0);
    }
    return check(req, resp, on_body, arg);
}

static voyager_err_t http_open(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp) {
    (void) ctx;
    assert_false(ex.open);
    assert_non_null(strstr(req->url, "/artifacts/")); /* the SDK opens only downloads in pieces */
    memset(resp, 0, sizeof *resp);
    if (fake_server.down) {
        return VOYAGER_ERR_NETWORK;
    }
    fake_server.opens++;
    download_open(req, resp);
    ex.open = true;
    return VOYAGER_OK;
}

static voyager_err_t http_read(void *ctx, voyager_http_body_fn on_body, void *arg, bool *done) {
    (void) ctx;
    assert_true(ex.open);
    fake_server.reads++;
    return piece(on_body, arg, done);
}

static void http_close(void *ctx) {
    (void) ctx;
    assert_true(ex.open);
    ex.open = false;
}

static uint64_t now_ms(void *ctx) {
    (void) ctx;
    return fake_server.now_ms;
}

static int64_t unix_time(void *ctx) {
    (void) ctx;
    return fake_server.unix_time;
}

/* Deterministic, so a test can predict a nonce, and different on every call, as a nonce must be. */
static voyager_err_t fill_random(void *ctx, uint8_t *buf, size_t len) {
    (void) ctx;
    if (fake_server.random_fails) {
        return VOYAGER_ERR_CRYPTO;
    }
    for (size_t i = 0; i < len; i++) {
        buf[i] = fake_server.random_next++;
    }
    return VOYAGER_OK;
}

void fake_port(voyager_port_t *port) {
    port->http = http;
    port->http_open = http_open;
    port->http_read = http_read;
    port->http_close = http_close;
    port->now_ms = now_ms;
    port->unix_time = unix_time;
    port->random = fill_random;
}

int fake_find_report(const char *needle) {
    for (int i = 0; i < fake_server.report_count; i++) {
        if (strstr(fake_server.reports[i], needle) != NULL) {
            return i;
        }
    }
    return -1;
}

void fake_endorse(test_key_t *next, test_key_t *endorser) {
    fake_server_t *s = &fake_server;
    char der[130];
    uint8_t signature[64];
    test_base64(next->der, sizeof next->der, der);
    snprintf(s->key_statement, sizeof s->key_statement, "voyager-offer-key 1\nkey %s\n", der);
    snprintf(s->key_statement_id, sizeof s->key_statement_id, "%s", next->id);
    test_key_sign(endorser, (const uint8_t *) s->key_statement, strlen(s->key_statement), signature);
    test_base64(signature, sizeof signature, s->key_signature);
    snprintf(s->key_endorser, sizeof s->key_endorser, "%s", endorser->id);
}
