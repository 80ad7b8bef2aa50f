/*
 * Voyager OTA device SDK: the port table, everything the portable core needs from the platform.
 *
 * A port is a struct of function pointers plus a context pointer handed back to each of them; the SDK never calls
 * the platform otherwise. Ports ship for ESP-IDF (esp_http_client, esp_ota_ops, nvs, esp-mqtt, mbedTLS) and for
 * POSIX hosts (libcurl, files as partitions, mbedTLS, libmosquitto). Functions marked optional may be NULL.
 */
#ifndef VOYAGER_PORT_H
#define VOYAGER_PORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "voyager/error.h"
#include "voyager/offer.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { VOYAGER_LOG_ERROR, VOYAGER_LOG_WARN, VOYAGER_LOG_INFO, VOYAGER_LOG_DEBUG } voyager_log_level_t;

/** The two things an update writes: the application image and, for bundles, the LittleFS UI image. */
typedef enum { VOYAGER_PART_FIRMWARE = 0, VOYAGER_PART_UI = 1 } voyager_part_t;

/** What the bootloader thinks of the running image. */
typedef enum {
    VOYAGER_BOOT_VALID = 0,          /* marked valid, or a factory image */
    VOYAGER_BOOT_PENDING_VERIFY = 1, /* booted for the first time after an update: mark it valid or it rolls back */
    VOYAGER_BOOT_UNKNOWN = 2
} voyager_boot_state_t;

typedef struct {
    const char *method;       /* "GET" or "POST" */
    const char *url;          /* absolute */
    const char *bearer;       /* sent as "Authorization: Bearer <bearer>", or NULL */
    const char *if_none_match;/* or NULL */
    const char *if_range;     /* or NULL; only with range_from */
    int64_t range_from;       /* >= 0: send "Range: bytes=<range_from>-"; -1: no Range */
    const char *body;         /* POST: a JSON body sent as application/json, or NULL */
    size_t body_len;
} voyager_http_request_t;

#define VOYAGER_OFFER_SIGNATURE_TEXT 88 /* base64 of an ECDSA P-256 r||s */
#define VOYAGER_KEY_ID_TEXT 64          /* a key id: SHA-256 of its DER, in hex */
#define VOYAGER_OFFER_PROOF_TEXT 44     /* base64 of an HMAC-SHA256 */
/* A P-256 public key as DER SubjectPublicKeyInfo, its point uncompressed: the form whose SHA-256 is its id. */
#define VOYAGER_KEY_DER_LEN 91

typedef struct {
    int status;                           /* the HTTP status code */
    int64_t content_length;               /* -1 when not sent */
    int64_t range_start;                  /* 206: the first byte of Content-Range, else -1 */
    int64_t range_total;                  /* 206 and 416: the total of Content-Range, else -1 */
    char etag[VOYAGER_ETAG_MAX + 1];      /* the ETag header, "" when absent or longer */
    char reason[32];                      /* the X-Voyager-Reason header, "" when absent or longer */
    /* offer authentication (docs/device-api.md): each "" when absent or longer */
    char offer_signature[VOYAGER_OFFER_SIGNATURE_TEXT + 1]; /* Voyager-Offer-Signature */
    char offer_key[VOYAGER_KEY_ID_TEXT + 1];                /* Voyager-Offer-Key */
    char offer_proof[VOYAGER_OFFER_PROOF_TEXT + 1];         /* Voyager-Offer-Proof */
} voyager_http_response_t;

/**
 * For ports: reads a Content-Range value into resp's range fields: "bytes 0-99/1000", or a 416's form with '*' in
 * place of the range (total only). Anything else leaves them as they are.
 */
void voyager_http_content_range(voyager_http_response_t *resp, const char *value);

/**
 * For ports: hands one response header to resp, whichever it is; those the SDK does not read are ignored. The
 * name is matched without regard to case, the value trimmed of surrounding blanks (neither needs a NUL).
 */
void voyager_http_header(voyager_http_response_t *resp, const char *name, size_t name_len, const char *value,
                         size_t value_len);

/** Receives the body in chunks; any result but VOYAGER_OK stops the transfer and is returned by the request. */
typedef voyager_err_t (*voyager_http_body_fn)(void *arg, const uint8_t *data, size_t len);

/** Receives an MQTT message on a subscribed topic. */
typedef void (*voyager_mqtt_fn)(void *arg, const char *topic, const uint8_t *payload, size_t len);

typedef struct voyager_port {
    void *ctx;

    /*
     * One HTTP exchange. The port fills resp from the status line and headers before the first on_body call, then
     * hands over the body. Returns VOYAGER_OK when an answer arrived whatever its status, VOYAGER_ERR_NETWORK when
     * none did or the connection broke, or what on_body returned when it stopped the transfer.
     */
    voyager_err_t (*http)(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp,
                          voyager_http_body_fn on_body, void *arg);

    /*
     * Flash. part_begin prepares the inactive slot of part for an image of size bytes, keeping what lies before
     * offset (a resumed download) and returning VOYAGER_ERR_TOO_LARGE if the slot is smaller. part_write writes at
     * an offset within it (sequential, but bytes may be written again with the same values after a resume).
     * set_boot switches the firmware, and with_ui the UI, to the written slots in one atomic step, so a power
     * loss leaves either the old pair or the new; without with_ui the new firmware keeps the running UI.
     */
    voyager_err_t (*part_begin)(void *ctx, voyager_part_t part, uint32_t size, uint32_t offset);
    voyager_err_t (*part_write)(void *ctx, voyager_part_t part, uint32_t offset, const uint8_t *data, size_t len);
    voyager_err_t (*part_end)(void *ctx, voyager_part_t part);
    void (*part_abort)(void *ctx, voyager_part_t part);
    voyager_err_t (*set_boot)(void *ctx, bool with_ui);

    /* Rollback: the state of the running image, marking it valid, and giving up on it (boots the previous one). */
    voyager_boot_state_t (*boot_state)(void *ctx);
    voyager_err_t (*mark_valid)(void *ctx);
    voyager_err_t (*rollback)(void *ctx);

    /*
     * Small persistent state (NVS on ESP-IDF): blobs under short keys. Each set is atomic: after a power loss the
     * old or the new value is there. get writes up to cap bytes and sets *len, 0 when the key is absent; set with
     * len 0 deletes.
     */
    voyager_err_t (*state_get)(void *ctx, const char *key, void *buf, size_t cap, size_t *len);
    voyager_err_t (*state_set)(void *ctx, const char *key, const void *data, size_t len);

    /* MQTT (optional): subscribe to a topic with a callback, publish a message. */
    voyager_err_t (*mqtt_subscribe)(void *ctx, const char *topic, voyager_mqtt_fn on_message, void *arg);
    voyager_err_t (*mqtt_publish)(void *ctx, const char *topic, const void *payload, size_t len);

    /*
     * Time: a monotonic millisecond clock (required: it bounds a download's rate and duration), and Unix seconds (0
     * while the wall clock is unknown).
     */
    uint64_t (*now_ms)(void *ctx);
    int64_t (*unix_time)(void *ctx);

    /* Log (optional). */
    void (*log)(void *ctx, voyager_log_level_t level, const char *fmt, va_list args);

    /*
     * ECDSA P-256 verification of a 64-byte r||s signature over a SHA-256 digest with a public key given as PEM
     * (SubjectPublicKeyInfo) or DER. VOYAGER_OK when it verifies, VOYAGER_ERR_SIGNATURE when it does not,
     * VOYAGER_ERR_CRYPTO when the key is unusable. Needed when an offer key or a release key is configured.
     */
    voyager_err_t (*verify_p256)(void *ctx, const char *key, size_t key_len, const uint8_t digest[32],
                                 const uint8_t signature[64]);

    /* HMAC-SHA256 of data under key: the proof that an answer was made for one check. */
    voyager_err_t (*hmac_sha256)(void *ctx, const uint8_t *key, size_t key_len, const uint8_t *data, size_t len,
                                 uint8_t mac[32]);

    /*
     * Fills buf with len bytes from a cryptographically secure source (esp_fill_random, /dev/urandom): every check's
     * nonce. Anything but VOYAGER_OK and the device does not check, since an answer to a guessable nonce can be
     * prepared in advance and replayed.
     */
    voyager_err_t (*random)(void *ctx, uint8_t *buf, size_t len);

    /*
     * Optional: which app slot runs, as a small id of the port's own (0-65535: the partition subtype on ESP-IDF),
     * or -1 when it cannot tell. With boot_state it says what the bootloader did after an update: the slot the
     * update was installed from running again is a rollback (docs/sdk.md, "Boot outcome"). Last in the table, so
     * that a port written before it leaves it NULL.
     */
    int (*running_slot)(void *ctx);

    /*
     * Optional: the download's exchange in pieces, so that voyager_perform_step can return after each. http_open
     * sends req (needed only during the call) and fills resp from the status line and headers, leaving nothing
     * open when it fails; each http_read hands at most one buffer of the body to on_body, once, returning what
     * on_body returned or VOYAGER_ERR_NETWORK, and sets *done after the last byte (a body ending short of its
     * Content-Length is VOYAGER_ERR_NETWORK); http_close ends the exchange. One is open at a time. Without them a
     * step makes the whole exchange through http.
     */
    voyager_err_t (*http_open)(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp);
    voyager_err_t (*http_read)(void *ctx, voyager_http_body_fn on_body, void *arg, bool *done);
    void (*http_close)(void *ctx);
} voyager_port_t;

#ifdef __cplusplus
}
#endif

#endif
