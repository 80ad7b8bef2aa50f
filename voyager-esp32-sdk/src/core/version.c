/* Semantic versions: a hand-written parser mirroring io.voyagerota.version.VersionParser, and §11 precedence. */
#include "voyager/version.h"

#include <string.h>

#define NUMBER_MAX 9223372036854775807ULL /* Java's Long.MAX_VALUE: the server's bound */

typedef struct {
    const char *s;
    size_t n;
    size_t pos;
    int lenient;
    voyager_version_t *out;
    size_t out_len;
} parser_t;

static int is_digit(char c) {
    return c >= '0' && c <= '9';
}

static int is_ident_char(char c) {
    return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
}

/* Appends to the canonical text; fails once it would pass VOYAGER_VERSION_MAX. */
static int emit(parser_t *p, const char *s, size_t n) {
    if (p->out_len + n > VOYAGER_VERSION_MAX) {
        return 0;
    }
    memcpy(p->out->text + p->out_len, s, n);
    p->out_len += n;
    return 1;
}

static int emit_number(parser_t *p, uint64_t v) {
    char digits[20];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char) ('0' + v % 10);
        v /= 10;
    } while (v != 0);
    return emit(p, digits + sizeof digits - n, n);
}

/* Reads decimal digits at pos into *value; rejects an empty run and values above NUMBER_MAX. */
static int number(parser_t *p, uint64_t *value, size_t *digits) {
    size_t start = p->pos;
    uint64_t v = 0;
    while (p->pos < p->n && is_digit(p->s[p->pos])) {
        unsigned d = (unsigned) (p->s[p->pos] - '0');
        if (v > (NUMBER_MAX - d) / 10) {
            return 0;
        }
        v = v * 10 + d;
        p->pos++;
    }
    *value = v;
    *digits = p->pos - start;
    return p->pos > start;
}

static int component(parser_t *p, uint64_t *value) {
    size_t start = p->pos;
    size_t digits;
    if (!number(p, value, &digits)) {
        return 0;
    }
    return p->lenient || digits == 1 || p->s[start] != '0';
}

/* Dot-separated identifiers of [0-9A-Za-z-], none empty; prerelease ones end at '+', build ones at the end. */
static int identifiers(parser_t *p, int prerelease) {
    for (;;) {
        size_t start = p->pos;
        int numeric = 1;
        while (p->pos < p->n && is_ident_char(p->s[p->pos])) {
            numeric &= is_digit(p->s[p->pos]);
            p->pos++;
        }
        size_t len = p->pos - start;
        if (len == 0) {
            return 0;
        }
        if (p->pos < p->n && p->s[p->pos] != '.' && !(prerelease && p->s[p->pos] == '+')) {
            return 0;
        }
        if (prerelease && numeric) {
            uint64_t ignored;
            size_t digits;
            p->pos = start;
            if ((len > 1 && p->s[start] == '0') || !number(p, &ignored, &digits)) {
                return 0;
            }
        }
        if (!emit(p, p->s + start, len)) {
            return 0;
        }
        if (p->pos == p->n || p->s[p->pos] == '+') {
            return 1;
        }
        p->pos++;
        if (!emit(p, ".", 1)) {
            return 0;
        }
    }
}

static voyager_err_t parse(voyager_version_t *out, const char *s, size_t n, int lenient) {
    parser_t p = {s, n, 0, lenient, out, 0};
    uint64_t core[3] = {0, 0, 0};
    int count = 0;
    if (n == 0 || n > VOYAGER_VERSION_MAX) {
        return VOYAGER_ERR_VERSION;
    }
    if (lenient && (s[0] == 'v' || s[0] == 'V')) {
        p.pos++;
    }
    if (!component(&p, &core[count++])) {
        return VOYAGER_ERR_VERSION;
    }
    while (count < 3 && p.pos < n && s[p.pos] == '.') {
        p.pos++;
        if (!component(&p, &core[count++])) {
            return VOYAGER_ERR_VERSION;
        }
    }
    if ((p.pos < n && s[p.pos] != '-' && s[p.pos] != '+') || (count < 3 && !lenient)) {
        return VOYAGER_ERR_VERSION;
    }
    if (!emit_number(&p, core[0]) || !emit(&p, ".", 1) || !emit_number(&p, core[1]) || !emit(&p, ".", 1)
            || !emit_number(&p, core[2])) {
        return VOYAGER_ERR_VERSION;
    }
    out->major = core[0];
    out->minor = core[1];
    out->patch = core[2];
    if (p.pos < n && s[p.pos] == '-') {
        p.pos++;
        if (!emit(&p, "-", 1)) {
            return VOYAGER_ERR_VERSION;
        }
        out->pre_at = (uint16_t) p.out_len;
        if (!identifiers(&p, 1)) {
            return VOYAGER_ERR_VERSION;
        }
        out->pre_len = (uint16_t) (p.out_len - out->pre_at);
    }
    if (p.pos < n && s[p.pos] == '+') {
        p.pos++;
        if (!emit(&p, "+", 1) || !identifiers(&p, 0)) {
            return VOYAGER_ERR_VERSION;
        }
    }
    out->text[p.out_len] = '\0';
    return VOYAGER_OK;
}

static voyager_err_t finish(voyager_version_t *out, voyager_err_t err) {
    if (err != VOYAGER_OK) {
        memset(out, 0, sizeof *out);
    }
    return err;
}

voyager_err_t voyager_version_parse(voyager_version_t *out, const char *text, size_t len) {
    if (out == NULL) {
        return VOYAGER_ERR_ARG;
    }
    memset(out, 0, sizeof *out);
    return finish(out, text == NULL ? VOYAGER_ERR_ARG : parse(out, text, len, 0));
}

/*
 * The byte length of a whitespace code point (Java's Character.isWhitespace) starting at s[i], or 0. Besides ASCII
 * tab to carriage return, 0x1C-0x1F and space, Java counts the Unicode space, line and paragraph separators except
 * the no-break ones; all of those are three bytes in UTF-8.
 */
static size_t space_at(const unsigned char *s, size_t i, size_t n) {
    unsigned c = s[i];
    if ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20)) {
        return 1;
    }
    if (i + 3 > n) {
        return 0;
    }
    unsigned cp = ((c & 0x0fu) << 12) | ((s[i + 1] & 0x3fu) << 6) | (s[i + 2] & 0x3fu);
    if ((c & 0xf0u) != 0xe0u || (s[i + 1] & 0xc0u) != 0x80u || (s[i + 2] & 0xc0u) != 0x80u) {
        return 0;
    }
    if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a && cp != 0x2007) || cp == 0x2028 || cp == 0x2029
            || cp == 0x205f || cp == 0x3000) {
        return 3;
    }
    return 0;
}

voyager_err_t voyager_version_parse_lenient(voyager_version_t *out, const char *text, size_t len) {
    if (out == NULL) {
        return VOYAGER_ERR_ARG;
    }
    memset(out, 0, sizeof *out);
    if (text == NULL) {
        return finish(out, VOYAGER_ERR_ARG);
    }
    const unsigned char *s = (const unsigned char *) text;
    size_t start = 0;
    size_t end = len;
    size_t w;
    while (start < end && (w = space_at(s, start, end)) != 0) {
        start += w;
    }
    while (end > start) {
        if (space_at(s, end - 1, end) == 1) {
            end--;
        } else if (end - start >= 3 && space_at(s, end - 3, end) == 3) {
            end -= 3;
        } else {
            break;
        }
    }
    return finish(out, parse(out, text + start, end - start, 1));
}

static int compare_u64(uint64_t a, uint64_t b) {
    return a < b ? -1 : a > b;
}

static size_t ident_len(const char *s, size_t n) {
    size_t i = 0;
    while (i < n && s[i] != '.') {
        i++;
    }
    return i;
}

static int all_digits(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i])) {
            return 0;
        }
    }
    return 1;
}

static int compare_identifiers(const char *a, size_t an, const char *b, size_t bn) {
    int a_num = all_digits(a, an);
    int b_num = all_digits(b, bn);
    if (a_num != b_num) {
        return a_num ? -1 : 1;
    }
    if (a_num && an != bn) {
        return an < bn ? -1 : 1; /* no leading zeros: the longer number is the larger */
    }
    size_t common = an < bn ? an : bn;
    int c = memcmp(a, b, common);
    if (c != 0) {
        return c < 0 ? -1 : 1;
    }
    return compare_u64(an, bn);
}

int voyager_version_compare(const voyager_version_t *a, const voyager_version_t *b) {
    int c = compare_u64(a->major, b->major);
    if (c == 0) {
        c = compare_u64(a->minor, b->minor);
    }
    if (c == 0) {
        c = compare_u64(a->patch, b->patch);
    }
    if (c != 0) {
        return c;
    }
    if (a->pre_len == 0 || b->pre_len == 0) {
        return (a->pre_len == 0) - (b->pre_len == 0);
    }
    const char *pa = a->text + a->pre_at;
    const char *pb = b->text + b->pre_at;
    size_t na = a->pre_len;
    size_t nb = b->pre_len;
    while (na > 0 && nb > 0) {
        size_t la = ident_len(pa, na);
        size_t lb = ident_len(pb, nb);
        c = compare_identifiers(pa, la, pb, lb);
        if (c != 0) {
            return c;
        }
        /* step over the identifier and its dot, if any */
        pa += la + (la < na);
        na -= la + (la < na);
        pb += lb + (lb < nb);
        nb -= lb + (lb < nb);
    }
    return compare_u64(na, nb) == 0 ? 0 : (na == 0 ? -1 : 1);
}
