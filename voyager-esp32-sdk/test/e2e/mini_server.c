/*
 * A tiny stand-in for the device API, for the simulator's end-to-end test: one connection at a time, one request
 * per connection. Besides the script of mini_http.h (ignore-range, cut-after, downloads.log) it reads
 *   offer.json        the offer to answer checks with (@DEVICE@, @SEQUENCE@, @EXPIRES@ filled in); absent: 204
 *   signing-key       the name of the offer key that signs offers (NAME.key.pem); absent: "offer"
 * from its directory on every request, appends every report to reports.log and every request's head to
 * requests.log. Like the real server it signs every offer it sends, proves it for the check's nonce, answers
 * GET /v1/offer-keys/<id> with the statement in offer-key-<id>.txt (signed by .sig's key, named in .by), and
 * numbers offers by a generation that moves on when the offer changes.
 *
 *   mini_server DIR SECRET PORT_FILE [tls]       (tls: HTTPS with DIR/tls.crt and DIR/tls.key)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mini_http.h"
#include "signing.h"

static const char *secret;
static long generation = 1000;
static char *last_template;

static void answer(int fd, const char *status, const char *headers, const char *body) {
    char head[1024];
    int n = snprintf(head, sizeof head, "HTTP/1.1 %s\r\nContent-Length: %zu\r\nConnection: close\r\n%s\r\n", status,
                     strlen(body), headers);
    mini_send_all(fd, head, (size_t) n);
    mini_send_all(fd, body, strlen(body));
}

/* offer.json with its placeholders filled in. */
static char *offer_for(const char *device) {
    size_t len;
    char *tpl = mini_slurp("offer.json", &len);
    if (tpl == NULL) {
        return NULL;
    }
    /* as a catalog's generation: the same while the offer stays the same */
    if (last_template == NULL || strcmp(last_template, tpl) != 0) {
        generation++;
        free(last_template);
        last_template = strdup(tpl);
    }
    char *out = malloc(len + 1024);
    char *o = out;
    char value[160];
    for (const char *p = tpl; *p != '\0';) {
        const char *fill = NULL;
        if (strncmp(p, "@DEVICE@", 8) == 0) {
            fill = device;
            p += 8;
        } else if (strncmp(p, "@SEQUENCE@", 10) == 0) {
            snprintf(value, sizeof value, "%ld", generation);
            fill = value;
            p += 10;
        } else if (strncmp(p, "@EXPIRES@", 9) == 0) {
            snprintf(value, sizeof value, "%ld", (long) time(NULL) + 3600);
            fill = value;
            p += 9;
        }
        if (fill != NULL) {
            o += sprintf(o, "%s", fill);
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    free(tpl);
    return out;
}

static void download(int fd, const char *name, long range_from, const char *if_range) {
    size_t len, sha_len;
    char file[256], line[512], headers[512];
    char *data = mini_slurp(name, &len);
    snprintf(file, sizeof file, "%s.sha256", name);
    char *sha = mini_slurp(file, &sha_len);
    snprintf(line, sizeof line, "GET %s range=%ld if-range=%s", name, range_from, if_range);
    mini_append("downloads.log", line);
    if (data == NULL || sha == NULL) {
        answer(fd, "404 Not Found", "", "{\"code\":\"not-found\"}");
        free(data);
        free(sha);
        return;
    }
    char etag[80];
    snprintf(etag, sizeof etag, "\"%s\"", sha);
    size_t from = 0;
    bool whole = range_from < 0 || mini_ignore_range() || (if_range[0] != '\0' && strcmp(if_range, etag) != 0);
    if (!whole && (size_t) range_from >= len) {
        snprintf(headers, sizeof headers, "Content-Range: bytes */%zu\r\n", len);
        answer(fd, "416 Range Not Satisfiable", headers, "");
        free(data);
        free(sha);
        return;
    }
    if (!whole) {
        from = (size_t) range_from;
    }
    long cut = mini_take_cut();
    int n = snprintf(headers, sizeof headers, "HTTP/1.1 %s\r\nContent-Length: %zu\r\nAccept-Ranges: bytes\r\n"
                     "ETag: %s\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n",
                     whole ? "200 OK" : "206 Partial Content", len - from, etag);
    if (!whole) {
        n += snprintf(headers + n, sizeof headers - (size_t) n, "Content-Range: bytes %zu-%zu/%zu\r\n", from,
                      len - 1, len);
    }
    n += snprintf(headers + n, sizeof headers - (size_t) n, "\r\n");
    mini_send_all(fd, headers, (size_t) n);
    size_t body = len - from;
    mini_send_all(fd, data + from, cut >= 0 && (size_t) cut < body ? (size_t) cut : body);
    free(data);
    free(sha);
}

/* The check's nonce, from its JSON body. */
static void nonce_of(const char *body, char out[80]) {
    const char *at = strstr(body, "\"nonce\":\"");
    out[0] = '\0';
    if (at != NULL) {
        snprintf(out, 80, "%.*s", (int) strcspn(at + 9, "\""), at + 9);
    }
}

/* The offer as the server sends it: signed with the offer key, proved for this check. */
static void send_offer(int fd, const char *offer, const char *request_body) {
    size_t len;
    char name[64] = "offer", file[80], nonce[80], sig[96], proof[48], headers[512];
    char *chosen = mini_slurp("signing-key", &len);
    if (chosen != NULL) {
        snprintf(name, sizeof name, "%.*s", (int) strcspn(chosen, "\n"), chosen);
        free(chosen);
    }
    snprintf(file, sizeof file, "%s.key.pem", name);
    char *pem = mini_slurp(file, &len);
    if (pem == NULL) {
        answer(fd, "500 Internal Server Error", "", "{\"code\":\"internal-error\"}");
        return;
    }
    test_key_t key;
    uint8_t signature[64];
    test_key_load(&key, pem);
    free(pem);
    test_key_sign(&key, (const uint8_t *) offer, strlen(offer), signature);
    test_base64(signature, sizeof signature, sig);
    nonce_of(request_body, nonce);
    proof[0] = '\0';
    if (nonce[0] != '\0') {
        test_proof(secret, nonce, (const uint8_t *) offer, strlen(offer), proof);
    }
    snprintf(headers, sizeof headers, "Content-Type: application/json\r\nETag: W/\"e2e\"\r\n"
             "Voyager-Offer-Signature: %s\r\nVoyager-Offer-Key: %s\r\n%s%s%s", sig, key.id,
             proof[0] != '\0' ? "Voyager-Offer-Proof: " : "", proof, proof[0] != '\0' ? "\r\n" : "");
    test_key_free(&key);
    answer(fd, "200 OK", headers, offer);
}

/* GET /v1/offer-keys/<id>: the statement endorsing the key, signed by the key that endorses it. */
static void send_endorsement(int fd, const char *id) {
    char file[200], headers[512];
    size_t len;
    snprintf(file, sizeof file, "offer-key-%.80s.txt", id);
    char *statement = mini_slurp(file, &len);
    snprintf(file, sizeof file, "offer-key-%.80s.sig", id);
    char *sig = mini_slurp(file, &len);
    snprintf(file, sizeof file, "offer-key-%.80s.by", id);
    char *by = mini_slurp(file, &len);
    mini_append("keys.log", id);
    if (statement == NULL || sig == NULL || by == NULL) {
        answer(fd, "404 Not Found", "Content-Type: application/problem+json\r\n", "{\"code\":\"not-found\"}");
    } else {
        snprintf(headers, sizeof headers, "Voyager-Offer-Signature: %s\r\nVoyager-Offer-Key: %s\r\n", sig, by);
        answer(fd, "200 OK", headers, statement);
    }
    free(statement);
    free(sig);
    free(by);
}

/* Every request's head as one line of requests.log (line breaks as " | "), for tests that look at its headers. */
static void log_request(const mini_request_t *req) {
    char line[4096];
    size_t n = 0;
    for (size_t i = 0; i < req->head_len && n + 4 < sizeof line; i++) {
        if (req->raw[i] == '\n') {
            memcpy(line + n, " | ", 3);
            n += 3;
        } else if (req->raw[i] != '\r') {
            line[n++] = req->raw[i];
        }
    }
    line[n] = '\0';
    mini_append("requests.log", line);
}

static void handle(int fd) {
    static mini_request_t req;
    if (!mini_read_request(fd, &req)) {
        return;
    }
    log_request(&req);
    char expected[300];
    snprintf(expected, sizeof expected, "Bearer %s", secret);
    char device[256] = "";
    if (strncmp(req.path, "/v1/artifacts/", 14) == 0) {
        char name[256];
        sscanf(req.path + 14, "%255[^?]", name);
        download(fd, name, req.range_from, req.if_range);
    } else if (strncmp(req.path, "/v1/offer-keys/", 15) == 0 && strcmp(req.method, "GET") == 0) {
        if (strcmp(req.auth, expected) != 0) {
            answer(fd, "401 Unauthorized", "WWW-Authenticate: Bearer realm=\"voyager\"\r\n", "");
        } else {
            send_endorsement(fd, req.path + 15);
        }
    } else if (sscanf(req.path, "/v1/devices/%255[^/]/", device) != 1 || strcmp(req.method, "POST") != 0) {
        answer(fd, "404 Not Found", "", "{\"code\":\"not-found\"}");
    } else if (strcmp(req.auth, expected) != 0) {
        answer(fd, "401 Unauthorized", "WWW-Authenticate: Bearer realm=\"voyager\"\r\n", "");
    } else if (strstr(req.path, "/reports") != NULL) {
        mini_append("reports.log", req.body);
        answer(fd, "202 Accepted", "Content-Type: application/json\r\n", "{\"outcome\":\"recorded\"}");
    } else {
        char *offer = offer_for(device);
        char running[64] = "", offered[64] = "";
        const char *r = strstr(req.body, "\"version\":\"");
        const char *o = offer != NULL ? strstr(offer, "\"version\":\"") : NULL;
        if (r != NULL && o != NULL && sscanf(r + 11, "%63[^\"]", running) == 1
                && sscanf(o + 11, "%63[^\"]", offered) == 1 && strcmp(running, offered) == 0) {
            free(offer); /* the device runs what would be offered */
            offer = NULL;
        }
        if (offer == NULL) {
            answer(fd, "204 No Content", "X-Voyager-Reason: up-to-date\r\n", "");
        } else {
            send_offer(fd, offer, req.body);
            free(offer);
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 4 && !(argc == 5 && strcmp(argv[4], "tls") == 0)) {
        fprintf(stderr, "usage: mini_server DIR SECRET PORT_FILE [tls]\n");
        return 1;
    }
    mini_dir = argv[1];
    secret = argv[2];
    if (argc == 5 && !mini_tls("tls.crt", "tls.key")) {
        fprintf(stderr, "mini_server: cannot read %s/tls.crt and tls.key\n", mini_dir);
        return 1;
    }
    return mini_serve(argv[3], handle);
}
