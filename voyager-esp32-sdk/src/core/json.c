/* The bounded JSON pull parser: one pass, no allocation, depth and length limits, strict RFC 8259 syntax. */
#include "json.h"

#include "bytes.h"

#include <string.h>

void voyager__json_init(voyager__json_t *j, const char *text, size_t len) {
    j->p = text;
    j->end = text + len;
    j->depth = 0;
    j->first = true;
    j->err = VOYAGER_OK;
}

bool voyager__json_fail(voyager__json_t *j, voyager_err_t code) {
    if (j->err == VOYAGER_OK) {
        j->err = code;
    }
    j->p = j->end;
    return false;
}

static void ws(voyager__json_t *j) {
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) {
        j->p++;
    }
}

static bool expect(voyager__json_t *j, char c) {
    ws(j);
    if (j->err != VOYAGER_OK || j->p >= j->end || *j->p != c) {
        return voyager__json_fail(j, VOYAGER_ERR_JSON);
    }
    j->p++;
    return true;
}

/* A value of another type where one was expected is a field error; anything else is a syntax error. */
static bool mistyped(voyager__json_t *j) {
    ws(j);
    bool value = j->p < j->end && j->err == VOYAGER_OK && strchr("\"-0123456789tfn[{", *j->p) != NULL;
    return voyager__json_fail(j, value && *j->p != '\0' ? VOYAGER_ERR_OFFER : VOYAGER_ERR_JSON);
}

static bool enter(voyager__json_t *j, char open) {
    ws(j);
    if (j->err == VOYAGER_OK && (j->p >= j->end || *j->p != open)) {
        return mistyped(j);
    }
    if (!expect(j, open)) {
        return false;
    }
    if (++j->depth > VOYAGER__JSON_MAX_DEPTH) {
        return voyager__json_fail(j, VOYAGER_ERR_JSON);
    }
    j->first = true;
    return true;
}

bool voyager__json_object(voyager__json_t *j) {
    return enter(j, '{');
}

bool voyager__json_array(voyager__json_t *j) {
    return enter(j, '[');
}

/* At the start of a member or element: a close, or (after the first) a comma. Returns whether one follows. */
static bool next(voyager__json_t *j, char close) {
    ws(j);
    if (j->err != VOYAGER_OK || j->p >= j->end) {
        return voyager__json_fail(j, VOYAGER_ERR_JSON);
    }
    if (*j->p == close) {
        j->p++;
        j->depth--;
        j->first = false;
        return false;
    }
    if (!j->first && !expect(j, ',')) {
        return false;
    }
    j->first = false;
    return true;
}

bool voyager__json_element(voyager__json_t *j) {
    return next(j, ']');
}

static bool hex4(voyager__json_t *j, uint32_t *out) {
    uint32_t v = 0;
    if (j->end - j->p < 4) {
        return false;
    }
    for (int i = 0; i < 4; i++) {
        int h = voyager_hex_digit(*j->p++);
        if (h < 0) {
            return false;
        }
        v = v << 4 | (uint32_t) h;
    }
    *out = v;
    return true;
}

/* Adds bytes to out when it is given and has room; counts them either way. */
static void put(char *out, size_t cap, size_t *n, bool *fits, const char *bytes, size_t len) {
    if (out != NULL && *n + len < cap) {
        memcpy(out + *n, bytes, len);
    } else {
        *fits = false;
    }
    *n += len;
}

/* One escape after the backslash, as UTF-8 into buf; returns its length, 0 when malformed. */
static size_t escape(voyager__json_t *j, char buf[4]) {
    static const char from[] = "\"\\/bfnrt";
    static const char to[] = "\"\\/\b\f\n\r\t";
    if (j->p >= j->end) {
        return 0;
    }
    char c = *j->p++;
    const char *at = c != '\0' ? strchr(from, c) : NULL;
    if (at != NULL) {
        buf[0] = to[at - from];
        return 1;
    }
    uint32_t cp;
    if (c != 'u' || !hex4(j, &cp) || (cp >= 0xdc00 && cp <= 0xdfff)) {
        return 0;
    }
    if (cp >= 0xd800 && cp <= 0xdbff) {
        uint32_t low;
        if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u') {
            return 0;
        }
        j->p += 2;
        if (!hex4(j, &low) || low < 0xdc00 || low > 0xdfff) {
            return 0;
        }
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
    }
    if (cp < 0x80) {
        buf[0] = (char) cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (char) (0xc0 | cp >> 6);
        buf[1] = (char) (0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char) (0xe0 | cp >> 12);
        buf[1] = (char) (0x80 | ((cp >> 6) & 0x3f));
        buf[2] = (char) (0x80 | (cp & 0x3f));
        return 3;
    }
    buf[0] = (char) (0xf0 | cp >> 18);
    buf[1] = (char) (0x80 | ((cp >> 12) & 0x3f));
    buf[2] = (char) (0x80 | ((cp >> 6) & 0x3f));
    buf[3] = (char) (0x80 | (cp & 0x3f));
    return 4;
}

/* A string token into out (NULL to only validate); *fits says whether it all went in with its NUL. */
static bool string(voyager__json_t *j, char *out, size_t cap, size_t *len, bool *fits) {
    size_t n = 0;
    *fits = true;
    ws(j);
    if (j->err == VOYAGER_OK && (j->p >= j->end || *j->p != '"')) {
        return mistyped(j);
    }
    if (!expect(j, '"')) {
        return false;
    }
    while (j->p < j->end && *j->p != '"') {
        unsigned char c = (unsigned char) *j->p;
        if (c < 0x20) {
            return voyager__json_fail(j, VOYAGER_ERR_JSON); /* raw control characters must be escaped */
        }
        if (c == '\\') {
            char buf[4];
            j->p++;
            size_t k = escape(j, buf);
            if (k == 0) {
                return voyager__json_fail(j, VOYAGER_ERR_JSON);
            }
            put(out, cap, &n, fits, buf, k);
        } else {
            put(out, cap, &n, fits, j->p++, 1);
        }
    }
    if (j->p >= j->end) {
        return voyager__json_fail(j, VOYAGER_ERR_JSON);
    }
    j->p++;
    if (out != NULL && cap > 0) {
        out[*fits ? n : 0] = '\0';
    }
    if (len != NULL) {
        *len = n;
    }
    return true;
}

bool voyager__json_member(voyager__json_t *j, char *key, size_t cap) {
    bool fits;
    if (!next(j, '}')) {
        return false;
    }
    if (!string(j, key, cap, NULL, &fits) || !expect(j, ':')) {
        return false;
    }
    return true; /* a name too long for key was stored as "": it matches no field and is skipped */
}

bool voyager__json_string(voyager__json_t *j, char *out, size_t cap, size_t *len) {
    bool fits;
    if (!string(j, out, cap, len, &fits)) {
        return false;
    }
    return fits || voyager__json_fail(j, VOYAGER_ERR_JSON);
}

/* A number token (RFC 8259 grammar); *integer says whether it had no fraction or exponent. */
static bool number(voyager__json_t *j, const char **start, bool *integer) {
    ws(j);
    const char *p = j->p;
    *start = p;
    *integer = true;
    if (p < j->end && *p == '-') {
        p++;
    }
    if (p >= j->end || *p < '0' || *p > '9') {
        return p == *start ? mistyped(j) : voyager__json_fail(j, VOYAGER_ERR_JSON);
    }
    if (*p == '0') {
        p++;
    } else {
        while (p < j->end && *p >= '0' && *p <= '9') {
            p++;
        }
    }
    if (p < j->end && *p == '.') {
        *integer = false;
        if (++p >= j->end || *p < '0' || *p > '9') {
            return voyager__json_fail(j, VOYAGER_ERR_JSON);
        }
        while (p < j->end && *p >= '0' && *p <= '9') {
            p++;
        }
    }
    if (p < j->end && (*p == 'e' || *p == 'E')) {
        *integer = false;
        p++;
        if (p < j->end && (*p == '+' || *p == '-')) {
            p++;
        }
        if (p >= j->end || *p < '0' || *p > '9') {
            return voyager__json_fail(j, VOYAGER_ERR_JSON);
        }
        while (p < j->end && *p >= '0' && *p <= '9') {
            p++;
        }
    }
    j->p = p;
    return true;
}

bool voyager__json_int(voyager__json_t *j, int64_t min, int64_t max, int64_t *out) {
    const char *p;
    bool integer;
    if (!number(j, &p, &integer)) {
        return false;
    }
    bool negative = *p == '-';
    uint64_t v = 0;
    uint64_t limit = negative ? (uint64_t) INT64_MAX + 1 : (uint64_t) INT64_MAX;
    if (!integer) {
        return voyager__json_fail(j, VOYAGER_ERR_OFFER);
    }
    for (p += negative; p < j->p; p++) {
        unsigned d = (unsigned) (*p - '0');
        if (v > (limit - d) / 10) {
            return voyager__json_fail(j, VOYAGER_ERR_OFFER);
        }
        v = v * 10 + d;
    }
    int64_t value = negative ? (v == (uint64_t) INT64_MAX + 1 ? INT64_MIN : -(int64_t) v) : (int64_t) v;
    if (value < min || value > max) {
        return voyager__json_fail(j, VOYAGER_ERR_OFFER);
    }
    *out = value;
    return true;
}

static bool literal(voyager__json_t *j, const char *word) {
    size_t n = strlen(word);
    ws(j);
    if ((size_t) (j->end - j->p) < n || memcmp(j->p, word, n) != 0) {
        return voyager__json_fail(j, VOYAGER_ERR_JSON);
    }
    j->p += n;
    return true;
}

bool voyager__json_bool(voyager__json_t *j, bool *out) {
    ws(j);
    if (j->p < j->end && *j->p == 't') {
        *out = true;
        return literal(j, "true");
    }
    if (j->p < j->end && *j->p == 'f') {
        *out = false;
        return literal(j, "false");
    }
    return mistyped(j);
}

bool voyager__json_skip(voyager__json_t *j) {
    ws(j);
    if (j->err != VOYAGER_OK || j->p >= j->end) {
        return voyager__json_fail(j, VOYAGER_ERR_JSON);
    }
    bool fits;
    switch (*j->p) {
        case '{':
            if (!voyager__json_object(j)) {
                return false;
            }
            while (voyager__json_member(j, NULL, 0)) {
                if (!voyager__json_skip(j)) {
                    return false;
                }
            }
            return j->err == VOYAGER_OK;
        case '[':
            if (!voyager__json_array(j)) {
                return false;
            }
            while (voyager__json_element(j)) {
                if (!voyager__json_skip(j)) {
                    return false;
                }
            }
            return j->err == VOYAGER_OK;
        case '"':
            return string(j, NULL, 0, NULL, &fits);
        case 't':
            return literal(j, "true");
        case 'f':
            return literal(j, "false");
        case 'n':
            return literal(j, "null");
        default: {
            const char *start;
            bool integer;
            return number(j, &start, &integer);
        }
    }
}

bool voyager__json_end(voyager__json_t *j) {
    ws(j);
    if (j->err != VOYAGER_OK) {
        return false;
    }
    return j->p == j->end || voyager__json_fail(j, VOYAGER_ERR_JSON);
}
