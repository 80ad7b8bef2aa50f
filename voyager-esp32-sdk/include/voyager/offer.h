/*
 * Voyager OTA device SDK: the update offer a server answers a check with (docs/device-api.md, "200: an offer"),
 * parsed from JSON into fixed buffers. Unknown fields are skipped so newer servers can add some; a known field
 * given twice, of the wrong type or out of range refuses the whole offer.
 */
#ifndef VOYAGER_OFFER_H
#define VOYAGER_OFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "voyager/error.h"
#include "voyager/sha256.h"
#include "voyager/version.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef VOYAGER_URL_MAX
#define VOYAGER_URL_MAX 768 /* a download link: base, artifact key (holds the version), expiry and HMAC */
#endif
#define VOYAGER_ID_MAX 128    /* device ids, as the server allows */
#define VOYAGER_NAME_MAX 64   /* product and model ids */
#define VOYAGER_ETAG_MAX 64
#define VOYAGER_SIGNATURE_LEN 64 /* ECDSA P-256 r||s */
#define VOYAGER_MANIFEST_MAX 1024 /* a release manifest's bytes, as the server limits them */
/* The manifest arrives as base64 and is decoded where it lies, so its buffer holds the text: 4 per 3 bytes. */
#define VOYAGER_MANIFEST_TEXT_MAX ((VOYAGER_MANIFEST_MAX + 2) / 3 * 4)

typedef enum { VOYAGER_KIND_UPGRADE = 0, VOYAGER_KIND_ROLLBACK = 1 } voyager_kind_t;
typedef enum { VOYAGER_FORMAT_APP_IMAGE = 0, VOYAGER_FORMAT_BUNDLE = 1 } voyager_format_t;

typedef struct {
    uint32_t offset;
    uint32_t size;
    uint8_t sha256[VOYAGER_SHA256_LEN];
} voyager_offer_part_t;

typedef struct {
    voyager_version_t version;
    voyager_kind_t kind;
    voyager_format_t format;
    char url[VOYAGER_URL_MAX + 1];
    uint32_t size;
    uint8_t sha256[VOYAGER_SHA256_LEN];
    bool has_firmware_part;                 /* bundles: the parts the server names */
    bool has_ui_part;
    voyager_offer_part_t firmware_part;
    voyager_offer_part_t ui_part;
    uint8_t manifest_sha256[VOYAGER_SHA256_LEN]; /* of the release manifest the offer carries */
    bool has_manifest_signature;
    uint8_t manifest_signature[VOYAGER_SIGNATURE_LEN]; /* the release key's, over the manifest */
    bool required;
    uint32_t secure_version;
    int min_battery;                        /* -1 when the offer sets none */
    char device_id[VOYAGER_ID_MAX + 1];
    char model[VOYAGER_NAME_MAX + 1];
    int64_t expires_at;                     /* Unix seconds */
    int64_t sequence;                       /* the catalog generation the offer was made at */
    char etag[VOYAGER_ETAG_MAX + 1];        /* from the answer's ETag header, "" when none */
    uint8_t body_sha256[VOYAGER_SHA256_LEN];/* of the answer's body, which a 304's proof is made for */
} voyager_offer_t;

/** The release manifest an offer carries, kept apart from the offer so copies of an offer stay small. */
typedef struct {
    uint8_t bytes[VOYAGER_MANIFEST_TEXT_MAX + 1];
    size_t len;                             /* of the decoded manifest, at most VOYAGER_MANIFEST_MAX */
} voyager_manifest_bytes_t;

/**
 * Parses an offer body; the manifest's bytes go to *manifest, its SHA-256 to the offer. Requires version, kind,
 * format, url, size, sha256, manifest, deviceId, model, expiresAt and sequence; a bundle must name its firmware
 * and ui parts. On failure both are zeroed and VOYAGER_ERR_JSON (syntax, limits) or VOYAGER_ERR_OFFER (a missing,
 * repeated, mistyped or out-of-range field) is returned. The manifest's own lines are not read here.
 */
voyager_err_t voyager_offer_parse(voyager_offer_t *offer, voyager_manifest_bytes_t *manifest, const char *json,
                                  size_t len);

/** Lowercase hex, 64 characters, into a 32-byte digest; false for anything else. */
bool voyager_hex_decode32(const char *hex, size_t len, uint8_t out[32]);

/**
 * Standard base64 (RFC 4648 §4, padded) into out; returns the decoded length or -1 if malformed or over cap. out
 * may be the text itself: each quantum is read whole before its bytes are written, and they are never more.
 */
int voyager_base64_decode(const char *text, size_t len, uint8_t *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
