/*
 * The release manifest (docs/signing.md, "The release manifest"). It is what the release key signs, so it is read
 * in its one canonical form only: two texts that mean the same release must never both pass, or a device could be
 * shown bytes other than those signed and told they are equivalent.
 */
#include <string.h>

#include "trust.h"
#include "voyager/version.h"

#define HEADER "voyager-manifest 1"
#define NAME_MAX_LEN 128 /* product and model names, as the server allows them */
#define CHIP_IDS 32      /* every chip id voyager_chip_name knows is below */

typedef struct {
    const char *p;
    const char *end;
} lines_t;

/* The next line without its line feed; a last line without one is no line. */
static bool next_line(lines_t *l, const char **s, size_t *n) {
    const char *lf = l->p < l->end ? memchr(l->p, '\n', (size_t) (l->end - l->p)) : NULL;
    if (lf == NULL) {
        return false;
    }
    *s = l->p;
    *n = (size_t) (lf - l->p);
    l->p = lf + 1;
    return true;
}

static bool starts(const char *s, size_t n, const char *prefix) {
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

/* "<name> <value>": one space, then a value that is not empty and holds no space. */
static bool field(lines_t *l, const char *name, const char **v, size_t *vn) {
    const char *s;
    size_t n;
    size_t k = strlen(name);
    if (!next_line(l, &s, &n) || n <= k + 1 || memcmp(s, name, k) != 0 || s[k] != ' ') {
        return false;
    }
    *v = s + k + 1;
    *vn = n - k - 1;
    return memchr(*v, ' ', *vn) == NULL;
}

/* Splits a line's values at single spaces into exactly count words. */
static bool words(const char *s, size_t n, const char **w, size_t *wn, unsigned count) {
    unsigned i = 0;
    for (const char *end = s + n; i < count; i++) {
        const char *sp = memchr(s, ' ', (size_t) (end - s));
        const char *stop = sp != NULL ? sp : end;
        w[i] = s;
        wn[i] = (size_t) (stop - s);
        if (wn[i] == 0 || (i + 1 < count) != (sp != NULL)) {
            return false;
        }
        s = stop + 1;
    }
    return true;
}

/* A decimal integer without sign or leading zeros, at most max. */
static bool decimal(const char *s, size_t n, uint64_t max, uint64_t *out) {
    uint64_t v = 0;
    if (n == 0 || n > 19 || (s[0] == '0' && n > 1)) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        v = v * 10 + (uint64_t) (s[i] - '0');
    }
    *out = v;
    return v <= max;
}

static bool name(const char *s, size_t n) {
    if (n == 0 || n > NAME_MAX_LEN) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '_'
                || c == ':' || c == '-')) {
            return false;
        }
    }
    return true;
}

/* A chip as the wire spells it ("esp32s3"), not as people do ("ESP32-S3"). */
static bool chip_word(const char *s, size_t n, voyager_chip_t *chip) {
    for (unsigned id = 0; id < CHIP_IDS; id++) {
        const char *known = voyager_chip_name((voyager_chip_t) id);
        if (known != NULL && strlen(known) == n && memcmp(known, s, n) == 0) {
            *chip = (voyager_chip_t) id;
            return true;
        }
    }
    return false;
}

/* Byte order, as the server sorts model names. */
static int compare(const char *a, size_t an, const char *b, size_t bn) {
    int c = memcmp(a, b, an < bn ? an : bn);
    return c != 0 ? c : an < bn ? -1 : an > bn;
}

static bool version_field(lines_t *l, voyager_manifest_t *m) {
    voyager_version_t v;
    if (!field(l, "version", &m->version, &m->version_len) || m->version_len > VOYAGER_VERSION_MAX
            || voyager_version_parse(&v, m->version, m->version_len) != VOYAGER_OK) {
        return false;
    }
    /* the server prints versions one way; any other spelling of the same version is not what it signed */
    return strlen(v.text) == m->version_len && memcmp(v.text, m->version, m->version_len) == 0;
}

static bool models(lines_t *l, voyager_manifest_t *m) {
    const char *prev = NULL;
    size_t prev_len = 0;
    m->models = l->p;
    while (l->p < l->end && starts(l->p, (size_t) (l->end - l->p), "model ")) {
        const char *s;
        size_t n;
        const char *w[2];
        size_t wn[2];
        voyager_chip_t chip;
        if (!next_line(l, &s, &n) || !words(s + 6, n - 6, w, wn, 2) || !name(w[0], wn[0])
                || !chip_word(w[1], wn[1], &chip) || (prev != NULL && compare(prev, prev_len, w[0], wn[0]) >= 0)) {
            return false;
        }
        prev = w[0];
        prev_len = wn[0];
    }
    m->models_len = (size_t) (l->p - m->models);
    return prev != NULL;
}

static bool part(lines_t *l, const char *part_name, voyager_manifest_part_t *out) {
    const char *s;
    size_t n;
    const char *w[4];
    size_t wn[4];
    return next_line(l, &s, &n) && starts(s, n, "part ") && words(s + 5, n - 5, w, wn, 4)
            && wn[0] == strlen(part_name) && memcmp(w[0], part_name, wn[0]) == 0
            && decimal(w[1], wn[1], INT64_MAX, &out->offset) && decimal(w[2], wn[2], INT64_MAX, &out->size)
            && voyager_hex_decode32(w[3], wn[3], out->sha256);
}

static bool parse(voyager_manifest_t *m, lines_t *l) {
    const char *v;
    size_t vn;
    uint64_t number;
    if (!next_line(l, &v, &vn) || vn != strlen(HEADER) || memcmp(v, HEADER, vn) != 0) {
        return false;
    }
    if (!field(l, "product", &m->product, &m->product_len) || !name(m->product, m->product_len)
            || !version_field(l, m)) {
        return false;
    }
    if (!field(l, "secure-version", &v, &vn) || !decimal(v, vn, INT32_MAX, &number)) {
        return false;
    }
    m->secure_version = (uint32_t) number;
    if (!field(l, "format", &v, &vn)) {
        return false;
    }
    bool bundle = vn == 6 && memcmp(v, "bundle", 6) == 0;
    if (!bundle && !(vn == 9 && memcmp(v, "app-image", 9) == 0)) {
        return false;
    }
    m->format = bundle ? VOYAGER_FORMAT_BUNDLE : VOYAGER_FORMAT_APP_IMAGE;
    if (!models(l, m) || !field(l, "size", &v, &vn) || !decimal(v, vn, INT64_MAX, &m->size)
            || !field(l, "sha256", &v, &vn) || !voyager_hex_decode32(v, vn, m->sha256)) {
        return false;
    }
    if (bundle && (!part(l, "firmware", &m->parts[0]) || !part(l, "ui", &m->parts[1]))) {
        return false;
    }
    m->part_count = bundle ? 2 : 0;
    return l->p == l->end;
}

voyager_err_t voyager_manifest_parse(voyager_manifest_t *m, const uint8_t *bytes, size_t len) {
    lines_t l = {(const char *) bytes, (const char *) bytes + len};
    memset(m, 0, sizeof *m);
    if (bytes == NULL || len > VOYAGER_MANIFEST_MAX || !parse(m, &l)) {
        memset(m, 0, sizeof *m);
        return VOYAGER_ERR_MANIFEST;
    }
    return VOYAGER_OK;
}

bool voyager_manifest_lists(const voyager_manifest_t *m, const char *model, voyager_chip_t chip) {
    lines_t l = {m->models, m->models + m->models_len};
    const char *chip_name = voyager_chip_name(chip);
    const char *s;
    size_t n;
    while (chip_name != NULL && next_line(&l, &s, &n)) {
        const char *w[2];
        size_t wn[2];
        if (words(s + 6, n - 6, w, wn, 2) && wn[0] == strlen(model) && memcmp(w[0], model, wn[0]) == 0
                && wn[1] == strlen(chip_name) && memcmp(w[1], chip_name, wn[1]) == 0) {
            return true;
        }
    }
    return false;
}

static bool same_part(const voyager_manifest_part_t *m, const voyager_offer_part_t *o) {
    return m->offset == o->offset && m->size == o->size && memcmp(m->sha256, o->sha256, 32) == 0;
}

voyager_err_t voyager_manifest_agrees(const voyager_manifest_t *m, const voyager_offer_t *o, const char *product,
                                      const char *model, voyager_chip_t chip, const char **why) {
    const char *problem = NULL;
    if (m->product_len != strlen(product) || memcmp(m->product, product, m->product_len) != 0) {
        problem = "the release manifest is for another product than this device's";
    } else if (!voyager_manifest_lists(m, model, chip)) {
        problem = "the release manifest does not list this device's model with its chip";
    } else if (m->version_len != strlen(o->version.text) || memcmp(m->version, o->version.text, m->version_len) != 0) {
        problem = "the release manifest names another version than the offer";
    } else if (m->secure_version != o->secure_version) {
        problem = "the release manifest names another secure version than the offer";
    } else if (m->format != o->format) {
        problem = "the release manifest names another format than the offer";
    } else if (m->size != o->size || memcmp(m->sha256, o->sha256, 32) != 0) {
        problem = "the release manifest names another size or SHA-256 than the offer";
    } else if (m->format == VOYAGER_FORMAT_BUNDLE && (!o->has_firmware_part || !o->has_ui_part
            || !same_part(&m->parts[0], &o->firmware_part) || !same_part(&m->parts[1], &o->ui_part))) {
        problem = "the release manifest names other bundle parts than the offer";
    }
    *why = problem;
    return problem == NULL ? VOYAGER_OK : VOYAGER_ERR_MANIFEST_MISMATCH;
}
