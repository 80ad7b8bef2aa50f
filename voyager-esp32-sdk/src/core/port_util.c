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

/* ASCII case-insensitive equality of a header name of n bytes with a NUL-terminated one. */
static bool is_named(const char *name, size_t n, const char *want) {
    size_t i = 0;
    for (; i < n && want[i] != '\0'; i++) {
        char a = name[i] >= 'A' && name[i] <= 'Z' ? (char) (name[i] + 32) : name[i];
        char b = want[i] >= 'A' && want[i] <= 'Z' ? (char) (want[i] + 32) : want[i];
        if (a != b) {
            return false;
        }
    }
    return i == n && want[i] == '\0';
}

/* A value that does not fit is left out entirely: a cut signature or tag would only fail later, less clearly. */
static void copy_value(char *out, size_t cap, const char *v, size_t n) {
    if (n < cap) {
        memcpy(out, v, n);
        out[n] = '\0';
    } else {
        out[0] = '\0';
    }
}

void voyager_http_header(voyager_http_response_t *resp, const char *name, size_t name_len, const char *value,
                         size_t value_len) {
    char text[64];
    while (value_len > 0 && (*value == ' ' || *value == '\t')) {
        value++;
        value_len--;
    }
    while (value_len > 0 && (value[value_len - 1] == ' ' || value[value_len - 1] == '\t'
            || value[value_len - 1] == '\r' || value[value_len - 1] == '\n')) {
        value_len--;
    }
    if (is_named(name, name_len, "ETag")) {
        copy_value(resp->etag, sizeof resp->etag, value, value_len);
    } else if (is_named(name, name_len, "X-Voyager-Reason")) {
        copy_value(resp->reason, sizeof resp->reason, value, value_len);
    } else if (is_named(name, name_len, "Voyager-Offer-Signature")) {
        copy_value(resp->offer_signature, sizeof resp->offer_signature, value, value_len);
    } else if (is_named(name, name_len, "Voyager-Offer-Key")) {
        copy_value(resp->offer_key, sizeof resp->offer_key, value, value_len);
    } else if (is_named(name, name_len, "Voyager-Offer-Proof")) {
        copy_value(resp->offer_proof, sizeof resp->offer_proof, value, value_len);
    } else if (is_named(name, name_len, "Content-Range")) {
        copy_value(text, sizeof text, value, value_len);
        voyager_http_content_range(resp, text);
    } else if (is_named(name, name_len, "Content-Length")) {
        const char *p = text;
        copy_value(text, sizeof text, value, value_len);
        int64_t length = number(&p);
        resp->content_length = length >= 0 && *p == '\0' ? length : -1;
    }
}
