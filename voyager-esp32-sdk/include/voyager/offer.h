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
    bool has_signature;
    uint8_t signature[VOYAGER_SIGNATURE_LEN];
    bool required;
    uint32_t secure_version;
    int min_battery;                        /* -1 when the offer sets none */
    char device_id[VOYAGER_ID_MAX + 1];
    char model[VOYAGER_NAME_MAX + 1];
    int64_t expires_at;                     /* Unix seconds */
    int64_t sequence;
    char etag[VOYAGER_ETAG_MAX + 1];        /* from the answer's ETag header, "" when none */
} voyager_offer_t;

/**
 * Parses an offer body. Requires version, kind, format, url, size, sha256, deviceId, model, expiresAt and sequence;
 * a bundle must name its firmware and ui parts. On failure *offer is zeroed and VOYAGER_ERR_JSON (syntax, limits)
 * or VOYAGER_ERR_OFFER (a missing, repeated, mistyped or out-of-range field) is returned.
 */
voyager_err_t voyager_offer_parse(voyager_offer_t *offer, const char *json, size_t len);

/** Lowercase hex, 64 characters, into a 32-byte digest; false for anything else. */
bool voyager_hex_decode32(const char *hex, size_t len, uint8_t out[32]);

/** Standard base64 (RFC 4648 §4, padded) into out; returns the decoded length or -1 if malformed or over cap. */
int voyager_base64_decode(const char *text, size_t len, uint8_t *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
