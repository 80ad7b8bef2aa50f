/*
 * A tiny stand-in for the device API, for the simulator's end-to-end test: one connection at a time, one request
 * per connection. It reads its script from files in its directory on every request, so a test changes behaviour
 * between runs without restarting it:
 *   offer.json        the offer to answer checks with (@DEVICE@, @SEQUENCE@, @EXPIRES@ filled in); absent: 204
 *   ignore-range      present: ranged downloads get 200 and the whole artifact, as from a server without Range
 *   cut-after         "N K": break the next K downloads after N body bytes
 * It appends every report to reports.log and every download's Range header to downloads.log.
 *
 *   mini_server DIR SECRET PORT_FILE
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *dir;
static const char *secret;
static long sequence = 1000;

static char *slurp(const char *name, size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t) n + 1);
    *len = fread(data, 1, (size_t) n, f);
    data[*len] = '\0';
    fclose(f);
    return data;
}

static void append(const char *name, const char *line) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "a");
    fprintf(f, "%s\n", line);
    fclose(f);
}

static void send_all(int fd, const void *data, size_t len) {
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n <= 0) {
            return;
        }
        p += n;
        len -= (size_t) n;
    }
}

static void answer(int fd, const char *status, const char *headers, const char *body) {
    char head[1024];
    int n = snprintf(head, sizeof head, "HTTP/1.1 %s\r\nContent-Length: %zu\r\nConnection: close\r\n%s\r\n", status,
                     strlen(body), headers);
    send_all(fd, head, (size_t) n);
    send_all(fd, body, strlen(body));
}

/* offer.json with its placeholders filled in. */
static char *offer_for(const char *device) {
    size_t len;
    char *tpl = slurp("offer.json", &len);
    if (tpl == NULL) {
        return NULL;
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
            snprintf(value, sizeof value, "%ld", ++sequence);
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
    char *data = slurp(name, &len);
    snprintf(file, sizeof file, "%s.sha256", name);
    char *sha = slurp(file, &sha_len);
    snprintf(line, sizeof line, "GET %s range=%ld if-range=%s", name, range_from, if_range);
    append("downloads.log", line);
    if (data == NULL || sha == NULL) {
        answer(fd, "404 Not Found", "", "{\"code\":\"not-found\"}");
        return;
    }
    char etag[80];
    snprintf(etag, sizeof etag, "\"%s\"", sha);
    size_t from = 0;
    bool whole = range_from < 0 || slurp("ignore-range", &sha_len) != NULL
            || (if_range[0] != '\0' && strcmp(if_range, etag) != 0);
    if (!whole && (size_t) range_from >= len) {
        snprintf(headers, sizeof headers, "Content-Range: bytes */%zu\r\n", len);
        answer(fd, "416 Range Not Satisfiable", headers, "");
        return;
    }
    if (!whole) {
        from = (size_t) range_from;
    }
    long cut = -1, cuts = 0;
    char *script = slurp("cut-after", &sha_len);
    if (script != NULL && sscanf(script, "%ld %ld", &cut, &cuts) == 2 && cuts > 0) {
        char next[64];
        snprintf(next, sizeof next, "%ld %ld", cut, cuts - 1);
        snprintf(file, sizeof file, "%s/cut-after", dir);
        FILE *f = fopen(file, "w");
        fputs(next, f);
        fclose(f);
    } else {
        cut = -1;
    }
    int n = snprintf(headers, sizeof headers, "HTTP/1.1 %s\r\nContent-Length: %zu\r\nAccept-Ranges: bytes\r\n"
                     "ETag: %s\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n",
                     whole ? "200 OK" : "206 Partial Content", len - from, etag);
    if (!whole) {
        n += snprintf(headers + n, sizeof headers - (size_t) n, "Content-Range: bytes %zu-%zu/%zu\r\n", from,
                      len - 1, len);
    }
    n += snprintf(headers + n, sizeof headers - (size_t) n, "\r\n");
    send_all(fd, headers, (size_t) n);
    size_t body = len - from;
    send_all(fd, data + from, cut >= 0 && (size_t) cut < body ? (size_t) cut : body);
    free(data);
    free(sha);
    free(script);
}

static void handle(int fd) {
    char req[16384];
    size_t n = 0;
    req[0] = '\0';
    char *end = NULL;
    while (n < sizeof req - 1 && (end = strstr(req, "\r\n\r\n")) == NULL) {
        ssize_t got = read(fd, req + n, sizeof req - 1 - n);
        if (got <= 0) {
            return;
        }
        n += (size_t) got;
        req[n] = '\0';
    }
    if (end == NULL) {
        return;
    }
    char method[8], path[2048];
    if (sscanf(req, "%7s %2047s", method, path) != 2) {
        return;
    }
    long length = 0, range_from = -1;
    char auth[256] = "", if_range[128] = "";
    for (char *line = strstr(req, "\r\n") + 2; line < end; line = strstr(line, "\r\n") + 2) {
        if (strncasecmp(line, "Content-Length:", 15) == 0) {
            length = atol(line + 15);
        } else if (strncasecmp(line, "Range: bytes=", 13) == 0) {
            range_from = atol(line + 13);
        } else if (strncasecmp(line, "Authorization:", 14) == 0) {
            sscanf(line + 14, " %255[^\r]", auth);
        } else if (strncasecmp(line, "If-Range:", 9) == 0) {
            sscanf(line + 9, " %127[^\r]", if_range);
        }
    }
    char *body = end + 4;
    size_t have = n - (size_t) (body - req);
    while ((long) have < length && n < sizeof req - 1) {
        ssize_t got = read(fd, req + n, sizeof req - 1 - n);
        if (got <= 0) {
            break;
        }
        n += (size_t) got;
        have += (size_t) got;
        req[n] = '\0';
    }
    char expected[300];
    snprintf(expected, sizeof expected, "Bearer %s", secret);
    char device[256] = "";
    if (strncmp(path, "/v1/artifacts/", 14) == 0) {
        char name[256];
        sscanf(path + 14, "%255[^?]", name);
        download(fd, name, range_from, if_range);
    } else if (sscanf(path, "/v1/devices/%255[^/]/", device) != 1 || strcmp(method, "POST") != 0) {
        answer(fd, "404 Not Found", "", "{\"code\":\"not-found\"}");
    } else if (strcmp(auth, expected) != 0) {
        answer(fd, "401 Unauthorized", "WWW-Authenticate: Bearer realm=\"voyager\"\r\n", "");
    } else if (strstr(path, "/reports") != NULL) {
        append("reports.log", body);
        answer(fd, "202 Accepted", "Content-Type: application/json\r\n", "{\"outcome\":\"recorded\"}");
    } else {
        char *offer = offer_for(device);
        char running[64] = "", offered[64] = "";
        const char *r = strstr(body, "\"version\":\"");
        const char *o = offer != NULL ? strstr(offer, "\"version\":\"") : NULL;
        if (r != NULL && o != NULL && sscanf(r + 11, "%63[^\"]", running) == 1
                && sscanf(o + 11, "%63[^\"]", offered) == 1 && strcmp(running, offered) == 0) {
            free(offer); /* the device runs what would be offered */
            offer = NULL;
        }
        if (offer == NULL) {
            answer(fd, "204 No Content", "X-Voyager-Reason: up-to-date\r\n", "");
        } else {
            answer(fd, "200 OK", "Content-Type: application/json\r\nETag: W/\"e2e\"\r\n", offer);
            free(offer);
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: mini_server DIR SECRET PORT_FILE\n");
        return 1;
    }
    dir = argv[1];
    secret = argv[2];
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof addr;
    if (bind(s, (struct sockaddr *) &addr, sizeof addr) != 0 || listen(s, 16) != 0
            || getsockname(s, (struct sockaddr *) &addr, &alen) != 0) {
        perror("mini_server");
        return 1;
    }
    FILE *f = fopen(argv[3], "w");
    fprintf(f, "%d\n", ntohs(addr.sin_port));
    fclose(f);
    for (;;) {
        int fd = accept(s, NULL, NULL);
        if (fd >= 0) {
            handle(fd);
            shutdown(fd, SHUT_WR);
            close(fd);
        }
    }
}
