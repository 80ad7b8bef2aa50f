/* The POSIX port's HTTP: one libcurl easy handle, headers parsed into the response before the body flows. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "voyager_posix.h"

typedef struct {
    voyager_http_response_t *resp;
    voyager_http_body_fn on_body;
    void *arg;
    voyager_err_t stopped;          /* what on_body returned when it stopped the transfer */
    bool body;                      /* the body has begun: from here on the core judges the pace */
    long head_limit_s;              /* how long connecting and the status line and headers may take */
    struct timespec started;
} exchange_t;

static long seconds_since(const struct timespec *t) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long) (now.tv_sec - t->tv_sec) - (now.tv_nsec < t->tv_nsec ? 1 : 0);
}

/*
 * libcurl calls this about once a second even while nothing arrives. The core bounds a download's body (its minimum
 * rate and deadline) but sees nothing before it: headers trickled a byte at a time would pass the low-speed limit
 * for ever, so the port gives the whole head timeout_s.
 */
static int on_xfer(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
    exchange_t *x = (exchange_t *) userdata;
    (void) dltotal;
    (void) dlnow;
    (void) ultotal;
    (void) ulnow;
    return !x->body && seconds_since(&x->started) >= x->head_limit_s; /* non-zero: libcurl aborts */
}

static size_t on_header(char *line, size_t size, size_t count, void *userdata) {
    exchange_t *x = (exchange_t *) userdata;
    voyager_http_response_t *r = x->resp;
    size_t n = size * count;
    if (n > 5 && strncmp(line, "HTTP/", 5) == 0) {
        /* a new status line (after a 100 Continue, say): forget what came before */
        const char *sp = memchr(line, ' ', n);
        memset(r, 0, sizeof *r);
        r->status = sp != NULL ? atoi(sp + 1) : 0;
        r->content_length = r->range_start = r->range_total = -1;
        return n;
    }
    const char *colon = memchr(line, ':', n);
    if (colon != NULL) {
        size_t name = (size_t) (colon - line);
        voyager_http_header(r, line, name, colon + 1, n - name - 1);
    }
    return n;
}

static size_t on_data(char *data, size_t size, size_t count, void *userdata) {
    exchange_t *x = (exchange_t *) userdata;
    size_t n = size * count;
    if (n == 0) {
        return 0;
    }
    x->body = true;
    voyager_err_t err = x->on_body(x->arg, (const uint8_t *) data, n);
    if (err != VOYAGER_OK) {
        x->stopped = err;
        return 0; /* libcurl aborts the transfer */
    }
    return n;
}

static struct curl_slist *header(struct curl_slist *list, const char *name, const char *v) {
    char line[512];
    snprintf(line, sizeof line, "%s: %s", name, v);
    return curl_slist_append(list, line);
}

voyager_err_t voyager_posix_http(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp,
                                 voyager_http_body_fn on_body, void *arg) {
    voyager_posix_t *p = (voyager_posix_t *) ctx;
    exchange_t x = {resp, on_body, arg, VOYAGER_OK, false, p->timeout_s > 0 ? p->timeout_s : 30L, {0, 0}};
    struct curl_slist *headers = NULL;
    char range[32];
    CURL *curl = p->curl;
    memset(resp, 0, sizeof *resp);
    resp->content_length = resp->range_start = resp->range_total = -1;
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, req->url);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    /*
     * A transfer slower than 1 byte/s for timeout_s, a stall, is broken off: it resumes from the checkpoint. A trickle
     * faster than that is for the core's minimum rate (download_min_bytes per download_rate_window_s), which holds
     * for every port; the head gets timeout_s in all (on_xfer).
     */
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, x.head_limit_s);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_xfer);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &x);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &x);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &x);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "voyager-esp32-sdk (posix)");
    const char *ca = getenv("VOYAGER_CA_FILE");
    if (ca != NULL) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, ca);
    }
    if (req->bearer != NULL) {
        char auth[300];
        snprintf(auth, sizeof auth, "Bearer %s", req->bearer);
        headers = header(headers, "Authorization", auth);
    }
    if (req->if_none_match != NULL) {
        headers = header(headers, "If-None-Match", req->if_none_match);
    }
    if (req->range_from >= 0) {
        snprintf(range, sizeof range, "%lld-", (long long) req->range_from);
        curl_easy_setopt(curl, CURLOPT_RANGE, range);
        if (req->if_range != NULL) {
            headers = header(headers, "If-Range", req->if_range);
        }
    }
    if (req->body != NULL) {
        headers = header(headers, "Content-Type", "application/json");
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req->body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long) req->body_len);
    } else if (strcmp(req->method, "POST") == 0) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
    }
    headers = header(headers, "Expect", ""); /* no 100-continue round trip for small bodies */
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    clock_gettime(CLOCK_MONOTONIC, &x.started);
    CURLcode rc = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (x.stopped != VOYAGER_OK) {
        return x.stopped;
    }
    if (rc != CURLE_OK) {
        if (p->verbose) {
            fprintf(stderr, "voyager-posix: %s %s: %s\n", req->method, req->url, curl_easy_strerror(rc));
        }
        return VOYAGER_ERR_NETWORK;
    }
    return VOYAGER_OK;
}
