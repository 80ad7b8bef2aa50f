/* The offer: the server's answer to a check, read field by field into fixed buffers. */
#include "voyager/offer.h"

#include <string.h>

#include "json.h"

enum {
    F_VERSION = 1 << 0, F_KIND = 1 << 1, F_FORMAT = 1 << 2, F_URL = 1 << 3, F_SIZE = 1 << 4, F_SHA256 = 1 << 5,
    F_PARTS = 1 << 6, F_MANIFEST = 1 << 7, F_REQUIRED = 1 << 8, F_SECURE = 1 << 9, F_BATTERY = 1 << 10,
    F_DEVICE = 1 << 11, F_MODEL = 1 << 12, F_EXPIRES = 1 << 13, F_SEQUENCE = 1 << 14, F_MANIFEST_SIG = 1 << 15
};
#define F_MANDATORY (F_VERSION | F_KIND | F_FORMAT | F_URL | F_SIZE | F_SHA256 | F_MANIFEST | F_DEVICE | F_MODEL \
        | F_EXPIRES | F_SEQUENCE)

typedef struct {
    const char *name;
    unsigned flag;
} field_t;

static const field_t FIELDS[] = {
    {"version", F_VERSION}, {"kind", F_KIND}, {"format", F_FORMAT}, {"url", F_URL}, {"size", F_SIZE},
    {"sha256", F_SHA256}, {"parts", F_PARTS}, {"manifest", F_MANIFEST}, {"manifestSignature", F_MANIFEST_SIG},
    {"required", F_REQUIRED}, {"secureVersion", F_SECURE}, {"minBattery", F_BATTERY}, {"deviceId", F_DEVICE},
    {"model", F_MODEL}, {"expiresAt", F_EXPIRES}, {"sequence", F_SEQUENCE}};

/* Digests and key ids have one spelling, lowercase, so that signed texts holding them have only one too. */
static int lower_hex_digit(char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

bool voyager_hex_decode32(const char *hex, size_t len, uint8_t out[32]) {
    if (len != 64) {
        return false;
    }
    for (size_t i = 0; i < 32; i++) {
        int hi = lower_hex_digit(hex[2 * i]);
        int lo = lower_hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return false;
        }
        out[i] = (uint8_t) (hi << 4 | lo);
    }
    return true;
}

static int b64val(char c) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

int voyager_base64_decode(const char *text, size_t len, uint8_t *out, size_t cap) {
    size_t n = 0;
    if (len % 4 != 0) {
        return -1;
    }
    for (size_t i = 0; i < len; i += 4) {
        int pad = (text[i + 3] == '=') + (text[i + 2] == '=' && text[i + 3] == '=');
        if (pad > 0 && i + 4 != len) {
            return -1;
        }
        int v[4];
        for (int k = 0; k < 4 - pad; k++) {
            if ((v[k] = b64val(text[i + k])) < 0) {
                return -1;
            }
        }
        uint32_t w = (uint32_t) v[0] << 18 | (uint32_t) v[1] << 12 | (pad < 2 ? (uint32_t) v[2] << 6 : 0)
                | (pad < 1 ? (uint32_t) v[3] : 0);
        /* the bits a padded quantum leaves unused must be zero, or two texts would decode alike */
        if ((pad == 1 && (w & 0xff) != 0) || (pad == 2 && (w & 0xffff) != 0)) {
            return -1;
        }
        if (n + 3 - (size_t) pad > cap) {
            return -1;
        }
        out[n++] = (uint8_t) (w >> 16);
        if (pad < 2) {
            out[n++] = (uint8_t) (w >> 8);
        }
        if (pad < 1) {
            out[n++] = (uint8_t) w;
        }
    }
    return (int) n;
}

/* A string field that must be one of two words; *which gets 0 or 1. */
static bool choice(voyager__json_t *j, const char *zero, const char *one, int *which) {
    char word[16];
    if (!voyager__json_string(j, word, sizeof word, NULL)) {
        return voyager__json_fail(j, VOYAGER_ERR_OFFER);
    }
    if (strcmp(word, zero) != 0 && strcmp(word, one) != 0) {
        return voyager__json_fail(j, VOYAGER_ERR_OFFER);
    }
    *which = strcmp(word, one) == 0;
    return true;
}

static bool sha_field(voyager__json_t *j, uint8_t out[32]) {
    char hex[65];
    size_t len;
    if (!voyager__json_string(j, hex, sizeof hex, &len)) {
        return voyager__json_fail(j, VOYAGER_ERR_OFFER);
    }
    return voyager_hex_decode32(hex, len, out) || voyager__json_fail(j, VOYAGER_ERR_OFFER);
}

static bool u32_field(voyager__json_t *j, int64_t min, uint32_t *out) {
    int64_t v;
    if (!voyager__json_int(j, min, UINT32_MAX, &v)) {
        return false;
    }
    *out = (uint32_t) v;
    return true;
}

static bool part(voyager__json_t *j, voyager_offer_t *o) {
    char key[16];
    char name[16] = "";
    voyager_offer_part_t p;
    unsigned seen = 0;
    if (!voyager__json_object(j)) {
        return false;
    }
    while (voyager__json_member(j, key, sizeof key)) {
        unsigned bit = strcmp(key, "name") == 0 ? 1u : strcmp(key, "offset") == 0 ? 2u
                : strcmp(key, "size") == 0 ? 4u : strcmp(key, "sha256") == 0 ? 8u : 0u;
        if ((seen & bit) != 0) {
            return voyager__json_fail(j, VOYAGER_ERR_OFFER);
        }
        seen |= bit;
        bool ok = bit == 1 ? voyager__json_string(j, name, sizeof name, NULL)
                                 || voyager__json_fail(j, VOYAGER_ERR_OFFER)
                : bit == 2 ? u32_field(j, 0, &p.offset)
                : bit == 4 ? u32_field(j, 1, &p.size)
                : bit == 8 ? sha_field(j, p.sha256)
                : voyager__json_skip(j);
        if (!ok) {
            return false;
        }
    }
    if (j->err != VOYAGER_OK) {
        return false;
    }
    if (seen != 15) {
        return voyager__json_fail(j, VOYAGER_ERR_OFFER);
    }
    bool firmware = strcmp(name, "firmware") == 0;
    if (firmware || strcmp(name, "ui") == 0) {
        bool *has = firmware ? &o->has_firmware_part : &o->has_ui_part;
        if (*has) {
            return voyager__json_fail(j, VOYAGER_ERR_OFFER);
        }
        *has = true;
        *(firmware ? &o->firmware_part : &o->ui_part) = p;
    }
    return true;
}

/* The manifest's base64 text is read into its buffer and decoded there. */
static bool manifest_field(voyager__json_t *j, voyager_offer_t *o, voyager_manifest_bytes_t *m) {
    size_t len;
    char *text = (char *) m->bytes;
    if (!voyager__json_string(j, text, sizeof m->bytes, &len)) {
        return voyager__json_fail(j, VOYAGER_ERR_OFFER);
    }
    int n = voyager_base64_decode(text, len, m->bytes, VOYAGER_MANIFEST_MAX);
    if (n <= 0) {
        return voyager__json_fail(j, VOYAGER_ERR_OFFER);
    }
    m->len = (size_t) n;
    voyager_sha256_t sha;
    voyager_sha256_init(&sha);
    voyager_sha256_update(&sha, m->bytes, m->len);
    voyager_sha256_final(&sha, o->manifest_sha256);
    return true;
}

static bool signature_field(voyager__json_t *j, uint8_t out[VOYAGER_SIGNATURE_LEN]) {
    char text[96];
    size_t len;
    return (voyager__json_string(j, text, sizeof text, &len)
            && voyager_base64_decode(text, len, out, VOYAGER_SIGNATURE_LEN) == VOYAGER_SIGNATURE_LEN)
            || voyager__json_fail(j, VOYAGER_ERR_OFFER);
}

static bool text_field(voyager__json_t *j, char *out, size_t cap) {
    size_t len;
    return (voyager__json_string(j, out, cap, &len) && len > 0 && memchr(out, '\0', len) == NULL)
            || voyager__json_fail(j, VOYAGER_ERR_OFFER);
}

static bool field(voyager__json_t *j, voyager_offer_t *o, voyager_manifest_bytes_t *m, unsigned flag) {
    char text[VOYAGER_VERSION_MAX + 1];
    size_t len;
    int which = 0;
    int64_t v;
    switch (flag) {
        case F_VERSION:
            if (!voyager__json_string(j, text, sizeof text, &len)) {
                return voyager__json_fail(j, VOYAGER_ERR_OFFER);
            }
            return voyager_version_parse(&o->version, text, len) == VOYAGER_OK
                   || voyager__json_fail(j, VOYAGER_ERR_OFFER);
        case F_KIND:
            if (!choice(j, "upgrade", "rollback", &which)) {
                return false;
            }
            o->kind = which ? VOYAGER_KIND_ROLLBACK : VOYAGER_KIND_UPGRADE;
            return true;
        case F_FORMAT:
            if (!choice(j, "app-image", "bundle", &which)) {
                return false;
            }
            o->format = which ? VOYAGER_FORMAT_BUNDLE : VOYAGER_FORMAT_APP_IMAGE;
            return true;
        case F_URL:
            return text_field(j, o->url, sizeof o->url);
        case F_SIZE:
            return u32_field(j, 1, &o->size);
        case F_SHA256:
            return sha_field(j, o->sha256);
        case F_PARTS:
            if (!voyager__json_array(j)) {
                return false;
            }
            while (voyager__json_element(j)) {
                if (!part(j, o)) {
                    return false;
                }
            }
            return j->err == VOYAGER_OK;
        case F_MANIFEST:
            return manifest_field(j, o, m);
        case F_MANIFEST_SIG:
            o->has_manifest_signature = true;
            return signature_field(j, o->manifest_signature);
        case F_REQUIRED:
            return voyager__json_bool(j, &o->required);
        case F_SECURE:
            return u32_field(j, 0, &o->secure_version);
        case F_BATTERY:
            if (!voyager__json_int(j, 0, 100, &v)) {
                return false;
            }
            o->min_battery = (int) v;
            return true;
        case F_DEVICE:
            return text_field(j, o->device_id, sizeof o->device_id);
        case F_MODEL:
            return text_field(j, o->model, sizeof o->model);
        case F_EXPIRES:
            return voyager__json_int(j, 0, INT64_MAX, &o->expires_at);
        default:
            return voyager__json_int(j, 0, INT64_MAX, &o->sequence);
    }
}

/* A bundle's parts must tile it: header, firmware, UI, nothing after. */
static bool parts_consistent(const voyager_offer_t *o) {
    if (o->format == VOYAGER_FORMAT_APP_IMAGE) {
        return !o->has_firmware_part && !o->has_ui_part;
    }
    const voyager_offer_part_t *f = &o->firmware_part;
    const voyager_offer_part_t *u = &o->ui_part;
    return o->has_firmware_part && o->has_ui_part && f->offset == 12 && (uint64_t) u->offset == 12ULL + f->size
            && (uint64_t) u->offset + u->size == o->size;
}

voyager_err_t voyager_offer_parse(voyager_offer_t *offer, voyager_manifest_bytes_t *manifest, const char *json,
                                  size_t len) {
    voyager__json_t j;
    char key[24];
    unsigned seen = 0;
    if (offer == NULL || manifest == NULL || json == NULL) {
        return VOYAGER_ERR_ARG;
    }
    memset(offer, 0, sizeof *offer);
    manifest->len = 0;
    offer->min_battery = -1;
    voyager__json_init(&j, json, len);
    if (voyager__json_object(&j)) {
        while (voyager__json_member(&j, key, sizeof key)) {
            unsigned flag = 0;
            for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++) {
                if (strcmp(key, FIELDS[i].name) == 0) {
                    flag = FIELDS[i].flag;
                }
            }
            if ((seen & flag) != 0) {
                voyager__json_fail(&j, VOYAGER_ERR_OFFER);
                break;
            }
            seen |= flag;
            if (!(flag != 0 ? field(&j, offer, manifest, flag) : voyager__json_skip(&j))) {
                break;
            }
        }
        voyager__json_end(&j);
    }
    voyager_err_t err = j.err;
    if (err == VOYAGER_OK && ((seen & F_MANDATORY) != F_MANDATORY || !parts_consistent(offer))) {
        err = VOYAGER_ERR_OFFER;
    }
    if (err != VOYAGER_OK) {
        memset(offer, 0, sizeof *offer);
        memset(manifest, 0, sizeof *manifest);
    }
    return err;
}
