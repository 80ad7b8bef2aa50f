/* Helpers for ports: reading the response headers the SDK needs. */
#include <string.h>

#include "voyager/port.h"

/* A decimal number at *p, advancing it; -1 when there is none or it does not fit. */
static int64_t number(const char **p) {
    int64_t v = 0;
    const char *s = *p;
    if (*s < '0' || *s > '9') {
        return -1;
    }
    for (; *s >= '0' && *s <= '9'; s++) {
        if (v > (INT64_MAX - (*s - '0')) / 10) {
            return -1;
        }
        v = v * 10 + (*s - '0');
    }
    *p = s;
    return v;
}

void voyager_http_content_range(voyager_http_response_t *resp, const char *value) {
    const char *p = value;
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    if (strncmp(p, "bytes ", 6) != 0) {
        return;
    }
    p += 6;
    if (*p == '*') {
        p++;
        int64_t total = *p++ == '/' ? number(&p) : -1;
        if (total >= 0 && (*p == '\0' || *p == ' ' || *p == '\r' || *p == '\n')) {
            resp->range_total = total;
        }
        return;
    }
    int64_t first = number(&p);
    int64_t last = -1;
    if (first < 0 || *p++ != '-' || (last = number(&p)) < first || *p++ != '/') {
        return;
    }
    int64_t total = number(&p);
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
        p++;
    }
    if (total >= 0 && *p == '\0') {
        resp->range_start = first;
        resp->range_total = total;
    }
}
