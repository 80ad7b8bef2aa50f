/*
 * A tiny HTTP proxy in front of a real server, for the simulator's end-to-end test: one connection at a time, one
 * request per connection, forwarded to 127.0.0.1:UPSTREAM. It follows the script of mini_http.h for downloads
 * (paths with /artifacts/): with ignore-range it strips Range and If-Range, so the server answers 200 with the
 * whole artifact; cut-after breaks downloads off. Besides, it reads
 *   flip-byte         "N": invert the artifact's byte at offset N in every download while the file exists
 *   trickle           "N B MS K": in the next K downloads, pass on the first N body bytes at once, then B bytes
 *                     every MS milliseconds: a slow link, or a server or man in the middle trickling the body
 * It appends "METHOD PATH" of every request to requests.log (the query left out: it holds link signatures) and
 * "GET PATH range=N if-range=TAG -> STATUS" of every download to downloads.log.
 *
 *   mini_proxy UPSTREAM_PORT DIR PORT_FILE
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mini_http.h"

static int upstream_port;

static int connect_upstream(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons((uint16_t) upstream_port);
    if (s < 0 || connect(s, (struct sockaddr *) &addr, sizeof addr) != 0) {
        perror("mini_proxy: upstream");
        if (s >= 0) {
            close(s);
        }
        return -1;
    }
    return s;
}

static bool header_is(const char *line, const char *name) {
    size_t n = strlen(name);
    return strncasecmp(line, name, n) == 0 && line[n] == ':';
}

/* The request head as the upstream gets it: on one connection only, and without Range when Range is ignored. */
static bool forward_request(int up, const mini_request_t *r, bool strip_range) {
    const char *line = r->raw;
    const char *head_end = r->raw + r->head_len - 2; /* the blank line */
    bool ok = true;
    for (bool first = true; ok && line < head_end; first = false) {
        const char *eol = strstr(line, "\r\n") + 2;
        bool drop = !first && (header_is(line, "Connection") || header_is(line, "Keep-Alive")
                || (strip_range && (header_is(line, "Range") || header_is(line, "If-Range"))));
        if (!drop) {
            ok = mini_send_all(up, line, (size_t) (eol - line));
        }
        line = eol;
    }
    return ok && mini_send_all(up, "Connection: close\r\n\r\n", 21)
            && mini_send_all(up, r->raw + r->head_len, r->len - r->head_len);
}

typedef struct {
    int status;
    long content_length;    /* -1: until the upstream closes */
    long range_start;       /* the artifact offset of the first body byte */
} answer_t;

/* Reads the answer's head from the upstream and passes it on (closing the connection); the rest of what was read,
 * the start of the body, is left in buf. */
static bool relay_head(int up, int fd, char *buf, size_t cap, size_t *have, size_t *body_at, answer_t *a) {
    char *end = NULL;
    *have = 0;
    buf[0] = '\0';
    while (end == NULL && *have < cap - 1) {
        ssize_t got = read(up, buf + *have, cap - 1 - *have);
        if (got <= 0) {
            return false;
        }
        *have += (size_t) got;
        buf[*have] = '\0';
        end = strstr(buf, "\r\n\r\n"); /* the head has no NUL: this finds its end before any of the body */
    }
    if (end == NULL || sscanf(buf, "HTTP/%*s %d", &a->status) != 1) {
        return false;
    }
    a->content_length = -1;
    a->range_start = 0;
    const char *line = strstr(buf, "\r\n") + 2;
    bool ok = mini_send_all(fd, buf, (size_t) (line - buf));
    while (ok && line < end + 2) {
        const char *eol = strstr(line, "\r\n") + 2;
        if (header_is(line, "Content-Length")) {
            a->content_length = atol(line + 15);
        } else if (header_is(line, "Content-Range")) {
            sscanf(line + 14, " bytes %ld-", &a->range_start);
        }
        if (!header_is(line, "Connection") && !header_is(line, "Keep-Alive")) {
            ok = mini_send_all(fd, line, (size_t) (eol - line));
        }
        line = eol;
    }
    *body_at = (size_t) (end + 4 - buf);
    return ok && mini_send_all(fd, "Connection: close\r\n\r\n", 21);
}

static long flip_offset(void) {
    size_t len;
    long at = -1;
    char *script = mini_slurp("flip-byte", &len);
    if (script != NULL && sscanf(script, "%ld", &at) != 1) {
        at = -1;
    }
    free(script);
    return at;
}

typedef struct {
    long after;             /* body bytes passed on at once; -1: no trickle */
    long bytes;             /* then this many at a time */
    long ms;                /* every this many milliseconds */
} trickle_t;

/* The trickle for this download, consuming one of the script's K, as cut-after does. */
static trickle_t take_trickle(void) {
    trickle_t t = {-1, 0, 0};
    long downloads = 0;
    size_t len;
    char *script = mini_slurp("trickle", &len);
    if (script != NULL && sscanf(script, "%ld %ld %ld %ld", &t.after, &t.bytes, &t.ms, &downloads) == 4
            && downloads > 0 && t.after >= 0 && t.bytes > 0 && t.ms >= 0) {
        char path[1024];
        snprintf(path, sizeof path, "%s/trickle", mini_dir);
        FILE *f = fopen(path, "w");
        fprintf(f, "%ld %ld %ld %ld", t.after, t.bytes, t.ms, downloads - 1);
        fclose(f);
    } else {
        t.after = -1;
    }
    free(script);
    return t;
}

/* Sends n bytes, the sent-th body byte first: at once up to the trickle's start, then in pieces with pauses. */
static bool pass_on(int fd, const char *data, long n, long sent, const trickle_t *t) {
    while (n > 0) {
        long k = n;
        if (t->after >= 0 && sent >= t->after) {
            struct timespec pause = {t->ms / 1000, (t->ms % 1000) * 1000000L};
            nanosleep(&pause, NULL);
            k = k < t->bytes ? k : t->bytes;
        } else if (t->after >= 0 && sent + k > t->after) {
            k = t->after - sent;
        }
        if (!mini_send_all(fd, data, (size_t) k)) {
            return false; /* the client hung up: a device that cut the download */
        }
        data += k;
        n -= k;
        sent += k;
    }
    return true;
}

/* Passes the body on, inverting the byte at artifact offset flip, up to cut bytes (-1: all of it), trickling it
 * as t says. */
static void relay_body(int up, int fd, char *buf, size_t cap, size_t have, size_t at, const answer_t *a, long flip,
                       long cut, const trickle_t *t) {
    long sent = 0;
    for (;;) {
        long n = (long) (have - at);
        if (a->content_length >= 0 && sent + n > a->content_length) {
            n = a->content_length - sent;
        }
        if (cut >= 0 && sent + n > cut) {
            n = cut - sent;
        }
        long offset = a->range_start + sent;
        if (flip >= offset && flip < offset + n) {
            buf[at + (size_t) (flip - offset)] ^= (char) 0xFF;
        }
        if (n > 0 && !pass_on(fd, buf + at, n, sent, t)) {
            return;
        }
        sent += n;
        if ((a->content_length >= 0 && sent >= a->content_length) || (cut >= 0 && sent >= cut)) {
            return;
        }
        ssize_t got = read(up, buf, cap);
        if (got <= 0) {
            return;
        }
        have = (size_t) got;
        at = 0;
    }
}

static void handle(int fd) {
    static mini_request_t req;
    static char buf[65536];
    if (!mini_read_request(fd, &req)) {
        return;
    }
    char path[2048], line[2400];
    sscanf(req.path, "%2047[^?]", path);
    snprintf(line, sizeof line, "%s %s", req.method, path);
    mini_append("requests.log", line);
    bool download = strstr(path, "/artifacts/") != NULL;
    int up = connect_upstream();
    if (up < 0) {
        return;
    }
    size_t have, body_at;
    answer_t a;
    if (!forward_request(up, &req, download && mini_ignore_range())) {
        fprintf(stderr, "mini_proxy: %s %s: the upstream took no request\n", req.method, path);
    } else if (!relay_head(up, fd, buf, sizeof buf, &have, &body_at, &a)) {
        fprintf(stderr, "mini_proxy: %s %s: no answer from the upstream\n", req.method, path);
    } else {
        if (download) {
            snprintf(line, sizeof line, "%s %s range=%ld if-range=%s -> %d", req.method, path, req.range_from,
                     req.if_range, a.status);
            mini_append("downloads.log", line);
        }
        bool body = strcmp(req.method, "HEAD") != 0 && a.status != 204 && a.status != 304;
        trickle_t none = {-1, 0, 0};
        trickle_t trickle = download && body ? take_trickle() : none;
        if (body) {
            relay_body(up, fd, buf, sizeof buf, have, body_at, &a, download ? flip_offset() : -1,
                       download ? mini_take_cut() : -1, &trickle);
        }
    }
    close(up);
}

int main(int argc, char **argv) {
    if (argc != 4 || atoi(argv[1]) <= 0) {
        fprintf(stderr, "usage: mini_proxy UPSTREAM_PORT DIR PORT_FILE\n");
        return 1;
    }
    upstream_port = atoi(argv[1]);
    mini_dir = argv[2];
    return mini_serve(argv[3], handle);
}
