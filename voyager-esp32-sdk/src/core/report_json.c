/* Report JSON: a tiny bounded writer, enough for the handful of fields a report carries. */
#include "voyager/report.h"

#include <stdbool.h>
#include <string.h>

typedef struct {
    char *out;
    size_t cap;
    size_t n;
    bool overflow;
} writer_t;

static void raw(writer_t *w, const char *s, size_t len) {
    if (w->n + len >= w->cap) {
        w->overflow = true;
        return;
    }
    memcpy(w->out + w->n, s, len);
    w->n += len;
}

static void text(writer_t *w, const char *s) {
    raw(w, s, strlen(s));
}

static void quoted(writer_t *w, const char *s, size_t max) {
    static const char hex[] = "0123456789abcdef";
    raw(w, "\"", 1);
    for (size_t i = 0; s[i] != '\0' && i < max; i++) {
        unsigned char c = (unsigned char) s[i];
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char) c};
            raw(w, e, 2);
        } else if (c < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            raw(w, e, 6);
        } else {
            raw(w, (const char *) &c, 1);
        }
    }
    raw(w, "\"", 1);
}

static void number(writer_t *w, int64_t v) {
    char digits[21];
    size_t n = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t) v : (uint64_t) v;
    do {
        digits[sizeof digits - 1 - n++] = (char) ('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0) {
        digits[sizeof digits - 1 - n++] = '-';
    }
    raw(w, digits + sizeof digits - n, n);
}

static void field(writer_t *w, const char *name, bool first) {
    if (!first) {
        raw(w, ",", 1);
    }
    quoted(w, name, 64);
    raw(w, ":", 1);
}

static const char *const STATUS[] = {"DOWNLOADING", "INSTALLING", "REBOOTING", "SUCCESS", "FAILED", "ROLLED_BACK"};
static const char LETTER[] = "dirsfb";

static bool is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

/* FNV-1a, 64-bit, on from h over s (NULL: nothing): short, stable, spread enough. */
static uint64_t fnv1a(uint64_t h, const char *s) {
    size_t n = s != NULL ? strlen(s) : 0;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ (unsigned char) s[i]) * FNV_PRIME;
    }
    return h;
}

/* Over s and the NUL that ends it, so that of several strings "ab", "c" and "a", "bc" differ. */
static uint64_t fnv1a_field(uint64_t h, const char *s) {
    return fnv1a(h, s) * FNV_PRIME;
}

static void hex64(writer_t *w, uint64_t h) {
    static const char hex[] = "0123456789abcdef";
    char digits[16];
    for (int i = 0; i < 16; i++) {
        digits[i] = hex[(h >> (60 - 4 * i)) & 15];
    }
    raw(w, digits, sizeof digits);
}

/*
 * The longest tail of any form: "-" + 19 digits + ".x" + 16 hex digits + "-" + letter (an attempt's ".<10 digits>"
 * is shorter). One limit for every form, so all of a device's ids start the same way.
 */
#define TAIL_MAX 40

void voyager_report_id(const voyager_report_t *r, char out[129]) {
    writer_t w = {out, 129, 0, false};
    size_t id_len = strlen(r->device_id);
    if (id_len > 0 && id_len <= 128 - TAIL_MAX && is_alnum(r->device_id[0])) {
        text(&w, r->device_id);
    } else {
        /* distinct enough among one product's devices */
        text(&w, "d");
        hex64(&w, fnv1a(FNV_OFFSET, r->device_id));
    }
    raw(&w, "-", 1);
    number(&w, r->sequence < 0 ? 0 : r->sequence);
    if (r->attempt != 0) {
        raw(&w, ".", 1);
        number(&w, (int64_t) r->attempt);
    } else {
        /*
         * No attempt to tell reports apart: what the report says does. The same refusal at every check of one
         * generation is then one report, and a refusal of something else, or for another reason, another.
         */
        raw(&w, ".x", 2);
        hex64(&w, fnv1a_field(fnv1a_field(fnv1a_field(FNV_OFFSET, r->from_version), r->to_version), r->error_code));
    }
    raw(&w, "-", 1);
    raw(&w, &LETTER[r->status], 1);
    out[w.n] = '\0';
}

voyager_err_t voyager_report_json(const voyager_report_t *r, char *out, size_t cap, size_t *len) {
    char id[129];
    writer_t w = {out, cap, 0, false};
    if (r == NULL || out == NULL || cap == 0 || r->device_id == NULL || r->product == NULL
            || r->from_version == NULL || r->to_version == NULL || r->running_version == NULL
            || (unsigned) r->status > VOYAGER_STATUS_ROLLED_BACK) {
        return VOYAGER_ERR_ARG;
    }
    voyager_report_id(r, id);
    raw(&w, "{", 1);
    field(&w, "reportId", true);
    quoted(&w, id, 128);
    field(&w, "deviceId", false);
    quoted(&w, r->device_id, 128);
    field(&w, "product", false);
    quoted(&w, r->product, 64);
    field(&w, "fromVersion", false);
    quoted(&w, r->from_version, 256);
    field(&w, "toVersion", false);
    quoted(&w, r->to_version, 256);
    field(&w, "runningVersion", false);
    quoted(&w, r->running_version, 256);
    field(&w, "status", false);
    quoted(&w, STATUS[r->status], 16);
    if (r->error_code != NULL) {
        field(&w, "errorCode", false);
        quoted(&w, r->error_code, 64);
    }
    if (r->error_message != NULL) {
        field(&w, "errorMessage", false);
        quoted(&w, r->error_message, 1000);
    }
    if (r->download_ms >= 0 || r->bytes >= 0 || r->battery >= 0) {
        bool first = true;
        field(&w, "metrics", false);
        raw(&w, "{", 1);
        if (r->download_ms >= 0) {
            field(&w, "downloadMs", first);
            number(&w, r->download_ms);
            first = false;
        }
        if (r->bytes >= 0) {
            field(&w, "bytes", first);
            number(&w, r->bytes);
            first = false;
        }
        if (r->battery >= 0) {
            field(&w, "battery", first);
            number(&w, r->battery > 100 ? 100 : r->battery);
        }
        raw(&w, "}", 1);
    }
    raw(&w, "}", 1);
    if (w.overflow) {
        out[0] = '\0';
        return VOYAGER_ERR_BUFFER;
    }
    out[w.n] = '\0';
    if (len != NULL) {
        *len = w.n;
    }
    return VOYAGER_OK;
}
