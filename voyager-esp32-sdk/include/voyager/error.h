/*
 * Voyager OTA device SDK: error codes.
 *
 * Every function of the SDK that can fail returns a voyager_err_t. VOYAGER_OK is 0; VOYAGER_NO_UPDATE is not a
 * failure but the answer "nothing to install". Each code has a stable short name (voyager_err_code) that is also
 * the errorCode a device sends in a FAILED report, so the server's failure statistics group by it.
 */
#ifndef VOYAGER_ERROR_H
#define VOYAGER_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    VOYAGER_OK = 0,
    VOYAGER_NO_UPDATE,           /* the server has nothing to install now (HTTP 204 or 304) */
    VOYAGER_ERR_ARG,             /* a missing or malformed argument or configuration value */
    VOYAGER_ERR_STATE,           /* a call out of order, such as perform before begin */
    VOYAGER_ERR_VERSION,         /* a version text that is not a (lenient) semantic version */
    VOYAGER_ERR_JSON,            /* malformed JSON, or JSON beyond the parser's limits */
    VOYAGER_ERR_OFFER,           /* an offer missing a field or with a value out of range */
    VOYAGER_ERR_WRONG_DEVICE,    /* an offer issued for another device or model */
    VOYAGER_ERR_EXPIRED,         /* an offer whose expiry has passed */
    VOYAGER_ERR_REPLAY,          /* an answer whose proof is missing or made for another check: a replay */
    VOYAGER_ERR_DOWNGRADE,       /* an offer below the running version that the server did not call a rollback */
    VOYAGER_ERR_MAGIC,           /* not an ESP32 application image (or not a bundle, or not a LittleFS image) */
    VOYAGER_ERR_CHIP,            /* an image built for another chip */
    VOYAGER_ERR_IMAGE,           /* a corrupt image: header, segments, descriptor, checksum or appended hash */
    VOYAGER_ERR_SECURE_VERSION,  /* an image whose secure_version is below the device's anti-rollback epoch */
    VOYAGER_ERR_BUNDLE,          /* a bundle whose header or parts disagree with the offer */
    VOYAGER_ERR_CROSS_FLASH,     /* a part of the wrong kind in a slot: UI as firmware, or firmware as UI */
    VOYAGER_ERR_TOO_LARGE,       /* more bytes than the offer, the partition or a limit allows */
    VOYAGER_ERR_TRUNCATED,       /* fewer bytes than the offer or the image header declares */
    VOYAGER_ERR_SHA256,          /* the downloaded bytes do not hash to the offer's SHA-256 */
    VOYAGER_ERR_SIGNATURE,       /* the manifest's signature does not verify with the release key */
    VOYAGER_ERR_UNSIGNED,        /* a release key is configured but the offer's manifest carries no signature */
    VOYAGER_ERR_HTTP,            /* an unexpected HTTP status */
    VOYAGER_ERR_AUTH,            /* the server refused the device credential (HTTP 401) */
    VOYAGER_ERR_NETWORK,         /* the connection failed or broke off */
    VOYAGER_ERR_FLASH,           /* a flash partition operation failed */
    VOYAGER_ERR_STORAGE,         /* the small persistent state could not be read or written */
    VOYAGER_ERR_CRYPTO,          /* the crypto port failed (a bad release key, out of memory) */
    VOYAGER_ERR_BUFFER,          /* an output buffer too small for what had to go in it */
    VOYAGER_ERR_BATTERY,         /* the battery is below the release's minimum */
    VOYAGER_ERR_DEFERRED,        /* the application's "may I update now?" callback said not now */
    VOYAGER_ERR_NOT_SUPPORTED,   /* the port lacks a function this call needs */
    VOYAGER_ERR_UNSIGNED_OFFER,  /* an offer key is configured but the answer carries no offer signature */
    VOYAGER_ERR_OFFER_SIGNATURE, /* the offer signature does not verify with the offer key it names */
    VOYAGER_ERR_OFFER_KEY,       /* the offer names a key the device does not trust and no valid endorsement */
    VOYAGER_ERR_MANIFEST,        /* the release manifest is not in its one canonical form */
    VOYAGER_ERR_MANIFEST_MISMATCH, /* the manifest names another product, model, version ... than the offer */
    VOYAGER_ERR_TOO_SLOW,        /* a download below the minimum rate or past its deadline: resumed later */
    VOYAGER_ERR_CANCELLED,       /* the application cancelled the download (voyager_cancel): resumed later */
    VOYAGER_IN_PROGRESS,         /* not a failure: voyager_perform_step did its share, call it again */
    VOYAGER_ERR_COUNT_           /* not an error: the number of codes */
} voyager_err_t;

/** A stable short name such as "sha256-mismatch", usable as a report's errorCode; never NULL. */
const char *voyager_err_code(voyager_err_t err);

#ifdef __cplusplus
}
#endif

#endif
