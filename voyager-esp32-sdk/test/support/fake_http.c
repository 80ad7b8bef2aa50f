/* The scripted HTTP server of the client tests: see fake_http.h. */
#include "fake_http.h"

#include <stdio.h>
#include <string.h>

fake_server_t fake_server;

void fake_reset(void) {
    memset(&fake_server, 0, sizeof fake_server);
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

static voyager_err_t download(const voyager_http_request_t *req, voyager_http_response_t *resp,
                              voyager_http_body_fn on_body, void *arg) {
    fake_server_t *s = &fake_server;
    s->downloads++;
    snprintf(s->last_range, sizeof s->last_range, "%lld", (long long) req->range_from);
    snprintf(s->last_if_range, sizeof s->last_if_range, "%s", req->if_range != NULL ? req->if_range : "");
    resp->content_length = -1;
    resp->range_start = -1;
    resp->range_total = -1;
    if (s->expire_downloads > 0) {
        s->expire_downloads--;
        resp->status = 403;
        return serve(resp, on_body, arg, (const uint8_t *) "{\"code\":\"invalid-link\"}", 23, 0);
    }
    size_t from = 0;
    resp->status = 200;
    if (req->range_from >= 0 && !s->ignore_range) {
        if ((size_t) req->range_from >= s->artifact_len) {
            resp->status = 416;
            resp->range_total = (int64_t) s->artifact_len;
            return VOYAGER_OK;
        }
        from = (size_t) req->range_from;
        resp->status = 206;
        resp->range_start = (int64_t) from;
        resp->range_total = (int64_t) s->artifact_len;
    }
    resp->content_length = (int64_t) (s->artifact_len - from);
    long cut = 0;
    if (s->cuts > 0) {
        s->cuts--;
        cut = s->cut_after;
    }
    return serve(resp, on_body, arg, s->artifact + from, s->artifact_len - from, cut);
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
    if (strstr(req->url, "/reports") != NULL) {
        if (s->report_count < FAKE_REPORTS) {
            snprintf(s->reports[s->report_count++], sizeof s->reports[0], "%.*s", (int) req->body_len, req->body);
        }
        resp->status = 202;
        return serve(resp, on_body, arg, (const uint8_t *) "{\"outcome\":\"recorded\"}", 22, 0);
    }
    s->checks++;
    snprintf(s->last_check, sizeof s->last_check, "%.*s", (int) req->body_len, req->body);
    snprintf(s->last_if_none_match, sizeof s->last_if_none_match, "%s",
             req->if_none_match != NULL ? req->if_none_match : "");
    resp->status = s->check_status;
    strcpy(resp->etag, s->check_etag);
    if (s->check_status == 204) {
        strcpy(resp->reason, s->check_reason);
    }
    const char *body = s->check_status == 200 ? s->check_body : "";
    return serve(resp, on_body, arg, (const uint8_t *) body, strlen(body), 0);
}

static uint64_t now_ms(void *ctx) {
    (void) ctx;
    return fake_server.now_ms;
}

static int64_t unix_time(void *ctx) {
    (void) ctx;
    return fake_server.unix_time;
}

void fake_port(voyager_port_t *port) {
    port->http = http;
    port->now_ms = now_ms;
    port->unix_time = unix_time;
}

int fake_find_report(const char *needle) {
    for (int i = 0; i < fake_server.report_count; i++) {
        if (strstr(fake_server.reports[i], needle) != NULL) {
            return i;
        }
    }
    return -1;
}
