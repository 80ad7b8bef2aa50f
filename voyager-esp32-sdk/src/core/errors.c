/* Stable names for the error codes: what a FAILED report sends as its errorCode. */
#include "voyager/error.h"

static const char *const NAMES[VOYAGER_ERR_COUNT_] = {
    [VOYAGER_OK] = "ok",
    [VOYAGER_NO_UPDATE] = "no-update",
    [VOYAGER_ERR_ARG] = "invalid-argument",
    [VOYAGER_ERR_STATE] = "invalid-state",
    [VOYAGER_ERR_VERSION] = "invalid-version",
    [VOYAGER_ERR_JSON] = "invalid-json",
    [VOYAGER_ERR_OFFER] = "invalid-offer",
    [VOYAGER_ERR_WRONG_DEVICE] = "offer-for-another-device",
    [VOYAGER_ERR_EXPIRED] = "offer-expired",
    [VOYAGER_ERR_REPLAY] = "offer-replayed",
    [VOYAGER_ERR_DOWNGRADE] = "downgrade-refused",
    [VOYAGER_ERR_MAGIC] = "wrong-magic",
    [VOYAGER_ERR_CHIP] = "wrong-chip",
    [VOYAGER_ERR_IMAGE] = "corrupt-image",
    [VOYAGER_ERR_SECURE_VERSION] = "secure-version-too-low",
    [VOYAGER_ERR_BUNDLE] = "bundle-mismatch",
    [VOYAGER_ERR_CROSS_FLASH] = "cross-flash",
    [VOYAGER_ERR_TOO_LARGE] = "too-large",
    [VOYAGER_ERR_TRUNCATED] = "truncated",
    [VOYAGER_ERR_SHA256] = "sha256-mismatch",
    [VOYAGER_ERR_SIGNATURE] = "bad-signature",
    [VOYAGER_ERR_UNSIGNED] = "unsigned-release",
    [VOYAGER_ERR_HTTP] = "http-error",
    [VOYAGER_ERR_AUTH] = "unauthorized",
    [VOYAGER_ERR_NETWORK] = "network-error",
    [VOYAGER_ERR_FLASH] = "flash-error",
    [VOYAGER_ERR_STORAGE] = "storage-error",
    [VOYAGER_ERR_CRYPTO] = "crypto-error",
    [VOYAGER_ERR_BUFFER] = "buffer-too-small",
    [VOYAGER_ERR_BATTERY] = "battery-too-low",
    [VOYAGER_ERR_DEFERRED] = "deferred",
    [VOYAGER_ERR_NOT_SUPPORTED] = "not-supported",
    [VOYAGER_ERR_UNSIGNED_OFFER] = "unsigned-offer",
    [VOYAGER_ERR_OFFER_SIGNATURE] = "bad-offer-signature",
    [VOYAGER_ERR_OFFER_KEY] = "unknown-offer-key",
    [VOYAGER_ERR_MANIFEST] = "invalid-manifest",
    [VOYAGER_ERR_MANIFEST_MISMATCH] = "manifest-mismatch",
    [VOYAGER_ERR_TOO_SLOW] = "download-too-slow",
    [VOYAGER_ERR_CANCELLED] = "cancelled",
    [VOYAGER_IN_PROGRESS] = "in-progress",
};

const char *voyager_err_code(voyager_err_t err) {
    if ((unsigned) err >= VOYAGER_ERR_COUNT_ || NAMES[err] == 0) {
        return "unknown-error";
    }
    return NAMES[err];
}
