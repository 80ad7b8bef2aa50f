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
        if (*p++ == '/') {
            resp->range_total = number(&p);
        }
        return;
    }
    int64_t first = number(&p);
    if (first < 0 || *p++ != '-' || number(&p) < 0 || *p++ != '/') {
        return;
    }
    int64_t total = number(&p);
    if (total >= 0) {
        resp->range_start = first;
        resp->range_total = total;
    }
}
