/* The stand-in server's and the proxy's common part: see mini_http.h. */
#include "mini_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

const char *mini_dir;

char *mini_slurp(const char *name, size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", mini_dir, name);
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

void mini_append(const char *name, const char *line) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", mini_dir, name);
    FILE *f = fopen(path, "a");
    fprintf(f, "%s\n", line);
    fclose(f);
}

bool mini_send_all(int fd, const void *data, size_t len) {
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n <= 0) {
            return false;
        }
        p += n;
        len -= (size_t) n;
    }
    return true;
}

bool mini_ignore_range(void) {
    size_t len;
    char *flag = mini_slurp("ignore-range", &len);
    free(flag);
    return flag != NULL;
}

long mini_take_cut(void) {
    size_t len;
    long cut = -1, cuts = 0;
    char *script = mini_slurp("cut-after", &len);
    if (script == NULL || sscanf(script, "%ld %ld", &cut, &cuts) != 2 || cuts <= 0) {
        free(script);
        return -1;
    }
    free(script);
    char path[1024];
    snprintf(path, sizeof path, "%s/cut-after", mini_dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "%ld %ld", cut, cuts - 1);
    fclose(f);
    return cut;
}

bool mini_read_request(int fd, mini_request_t *r) {
    char *end = NULL;
    memset(r, 0, sizeof *r);
    r->range_from = -1;
    while (end == NULL && r->len < sizeof r->raw - 1) {
        ssize_t got = read(fd, r->raw + r->len, sizeof r->raw - 1 - r->len);
        if (got <= 0) {
            return false;
        }
        r->len += (size_t) got;
        r->raw[r->len] = '\0';
        end = strstr(r->raw, "\r\n\r\n");
    }
    if (end == NULL || sscanf(r->raw, "%7s %2047s", r->method, r->path) != 2) {
        return false;
    }
    for (char *line = strstr(r->raw, "\r\n") + 2; line < end; line = strstr(line, "\r\n") + 2) {
        if (strncasecmp(line, "Content-Length:", 15) == 0) {
            r->content_length = atol(line + 15);
        } else if (strncasecmp(line, "Range: bytes=", 13) == 0) {
            r->range_from = atol(line + 13);
        } else if (strncasecmp(line, "Authorization:", 14) == 0) {
            sscanf(line + 14, " %255[^\r]", r->auth);
        } else if (strncasecmp(line, "If-Range:", 9) == 0) {
            sscanf(line + 9, " %127[^\r]", r->if_range);
        }
    }
    r->head_len = (size_t) (end + 4 - r->raw);
    r->body = end + 4;
    while (r->len - r->head_len < (size_t) r->content_length && r->len < sizeof r->raw - 1) {
        ssize_t got = read(fd, r->raw + r->len, sizeof r->raw - 1 - r->len);
        if (got <= 0) {
            break;
        }
        r->len += (size_t) got;
        r->raw[r->len] = '\0';
    }
    return true;
}

int mini_serve(const char *port_file, void (*handle)(int fd)) {
    signal(SIGPIPE, SIG_IGN); /* a client that hangs up mid-answer is part of the test, not the end of it */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof addr;
    if (bind(s, (struct sockaddr *) &addr, sizeof addr) != 0 || listen(s, 16) != 0
            || getsockname(s, (struct sockaddr *) &addr, &alen) != 0) {
        perror("mini_serve");
        return 1;
    }
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
    FILE *f = fopen(tmp, "w");
    fprintf(f, "%d\n", ntohs(addr.sin_port));
    if (fclose(f) != 0 || rename(tmp, port_file) != 0) { /* whole or not at all, for whoever waits for it */
        perror("mini_serve");
        return 1;
    }
    for (;;) {
        int fd = accept(s, NULL, NULL);
        if (fd >= 0) {
            handle(fd);
            shutdown(fd, SHUT_WR);
            close(fd);
        }
    }
}
