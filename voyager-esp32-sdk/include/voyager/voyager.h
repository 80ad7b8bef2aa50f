/*
 * Voyager OTA device SDK: the API a firmware engineer calls.
 *
 *     static voyager_client_t ota;                  // caller-allocated state, no heap
 *     voyager_config_t cfg = {
 *         .server_url = "https://ota.example.com/v1", .device_id = mac, .device_secret = secret,
 *         .product = "locker", .model = "locker-s3", .chip = VOYAGER_CHIP_ESP32S3,
 *         .running_version = esp_app_get_description()->version, .release_key = RELEASE_KEY_PEM,
 *         .offer_key = OFFER_KEY_PEM, .port = voyager_esp_port(),
 *     };
 *     voyager_init(&ota, &cfg);                      // once per boot, before anything else
 *     if (self_test_passed()) voyager_mark_valid(&ota); // after an update: keep it, report SUCCESS
 *     for (;;) { if (voyager_poll(&ota) == VOYAGER_OK) esp_restart(); sleep(...); }
 *
 * voyager_poll checks when a check is due (every check_interval_s with jitter, backing off after failures, or at
 * once after an MQTT trigger or voyager_request_check), asks
 * may_update, downloads (resuming across reboots), verifies and switches the boot slot; it returns VOYAGER_OK
 * when the device should restart into the new firmware. The steps are also available one by one: voyager_check,
 * then voyager_begin → voyager_download (repeat while it returns VOYAGER_ERR_NETWORK) → voyager_finish, or
 * voyager_abort. To keep the task's control while downloading, as with esp_https_ota_perform:
 *
 *     if (voyager_begin(&ota) == VOYAGER_OK) {
 *         voyager_err_t err;
 *         while ((err = voyager_perform_step(&ota)) == VOYAGER_IN_PROGRESS) { other_work(); }
 *         if (err == VOYAGER_OK && voyager_finish(&ota) == VOYAGER_OK) esp_restart();
 *     }
 * After a rollback the next boot reports ROLLED_BACK with the version it fell back to. A download
 * too slow (download_min_bytes per download_rate_window_s) or too long (download_deadline_s) stops with
 * VOYAGER_ERR_TOO_SLOW and, like a broken connection, resumes from its checkpoint at the next attempt or poll.
 */
#ifndef VOYAGER_VOYAGER_H
#define VOYAGER_VOYAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "voyager/error.h"
#include "voyager/image.h"
#include "voyager/offer.h"
#include "voyager/port.h"
#include "voyager/update.h"
#include "voyager/version.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef VOYAGER_BODY_MAX
#define VOYAGER_BODY_MAX 2048 /* the offer and report JSON buffer */
#endif
#ifndef VOYAGER_REQUEST_MAX
#define VOYAGER_REQUEST_MAX 1024 /* the check and report bodies the device sends */
#endif
#define VOYAGER_URL_BASE_MAX 256
#ifndef VOYAGER_OFFER_KEY_SLOTS
#define VOYAGER_OFFER_KEY_SLOTS 4 /* offer keys learned from endorsements, beyond the configured one */
#endif
#define VOYAGER_STATEMENT_MAX 256 /* an offer-key statement: "voyager-offer-key 1", the key's DER in base64 */

/** Download progress: done of total bytes of the artifact. It may call voyager_cancel to stop the download. */
typedef void (*voyager_progress_fn)(void *user, uint32_t done, uint32_t total);
/** Whether the device may install this offer now (not in the middle of a job, on mains power ...). */
typedef bool (*voyager_may_update_fn)(void *user, const voyager_offer_t *offer);
/** The battery level in percent, or -1 for a device without a battery. */
typedef int (*voyager_battery_fn)(void *user);

typedef struct {
    const char *server_url;         /* the device API's base, such as "https://ota.example.com/v1" */
    const char *device_id;          /* 1-128 of letters, digits, '.', '_', ':', '-', such as the MAC address */
    const char *device_secret;      /* the credential issued when the device was enrolled */
    const char *product;            /* the product id, such as "locker" */
    const char *model;              /* the hardware model, such as "locker-s3" */
    voyager_chip_t chip;            /* the chip images must be built for */
    const char *running_version;    /* this firmware's version, read leniently ("v1.4", "1.4.0") */
    uint32_t secure_version;        /* this device's anti-rollback epoch: images below it are refused */
    const char *release_key;        /* the product's release key, PEM: every release's manifest must be signed by it */
    const char *offer_key;          /* the server's offer key, PEM: every offer must be signed by it or a successor */
    bool allow_unsigned_releases;   /* without release_key, install releases nobody signed: set it knowingly */
    bool allow_unsigned_offers;     /* without offer_key, accept offers nobody signed: development only */
    bool allow_insecure_http;       /* accept an http:// server_url, which sends the secret in clear: development */
    /*
     * The app descriptor's version is not the release's, so do not compare it with the offer's: an Arduino build's
     * descriptor carries the Arduino core's version ("v5.1.4-..."), not the sketch's (the Arduino wrapper sets it).
     * The release's version is the signed manifest's either way; false (ESP-IDF, whose descriptor is the app's).
     */
    bool skip_app_version_check;
    uint32_t check_interval_s;      /* between periodic checks; 0: one hour */
    uint32_t checkpoint_interval;   /* bytes between resume checkpoints; 0: 64 KiB */
    uint8_t download_attempts;      /* connections per voyager_perform before giving up for now; 0: 5 */
    /*
     * Bounds on a download, so that a server or a man in the middle trickling bytes cannot keep the device
     * downloading (radio on, no other update) for days. Either cut is VOYAGER_ERR_TOO_SLOW: the checkpoint stays and
     * the next attempt resumes from it, as after a broken connection. docs/sdk.md explains the defaults.
     */
    uint32_t download_min_bytes;    /* fewer body bytes than this in a rate window cut the attempt; 0: 4096 */
    uint32_t download_rate_window_s; /* the rate window; 0: 30 s (4096 bytes in 30 s: about 1 kbit/s) */
    uint32_t download_deadline_s;   /* downloading time per voyager_perform; 0: 1800 s (4 MB at 2.3 KB/s) */
    /*
     * Retries, so that a fleet does not hammer a server or CDN that is down (docs/sdk.md, "Retries and backoff").
     * After the n-th failure in a row of a check (no connection, an unexpected HTTP status), of a download (a
     * retryable error) or of sending an owed report, voyager_poll tries again no sooner than a uniform random delay in
     * [0, min(retry_max_s, retry_base_s * 2^(n-1))]; a success resets n. The first check after boot waits a uniform
     * random delay in [0, first_check_jitter_s] from the first voyager_poll, and periodic checks come every
     * check_interval_s +/- 10 %. The randomness is the port's random source.
     */
    uint32_t retry_base_s;          /* the first retry's bound; 0: 30 s */
    uint32_t retry_max_s;           /* the largest bound; 0: one hour; checks use at most check_interval_s */
    uint32_t first_check_jitter_s;  /* 0: min(60 s, check_interval_s) */
    const char *mqtt_topic;         /* the trigger topic; NULL: devices/<device id>/ota, as the server's default */
    voyager_progress_fn on_progress;    /* optional */
    voyager_may_update_fn may_update;   /* optional: NULL always may */
    voyager_battery_fn battery;         /* optional: NULL means no battery */
    void *user;                         /* handed to the callbacks */
    const voyager_port_t *port;
} voyager_config_t;

/** What voyager_init found about the last update, once the device booted again. */
typedef enum {
    VOYAGER_BOOT_NORMAL = 0,        /* no update was waiting for this boot */
    VOYAGER_BOOT_NEW_FIRMWARE = 1,  /* the new firmware runs: test it, then voyager_mark_valid or _mark_invalid */
    VOYAGER_BOOT_ROLLED_BACK = 2    /* the new firmware did not survive: this is the old one again */
} voyager_boot_outcome_t;

/**
 * The update whose outcome the next boots settle and report, and the device's count of install attempts, persisted
 * through the port. Private. The fields up to `to` are the whole record of SDKs that did not count attempts; such a
 * record is read as this one with attempt 0 (client.c).
 */
typedef struct {
    uint32_t magic;
    uint32_t state;
    int64_t sequence;
    int64_t download_ms;
    int64_t bytes;
    char from[VOYAGER_VERSION_MAX + 1];
    char to[VOYAGER_VERSION_MAX + 1];
    uint32_t attempt;               /* the install attempt of the update above: its reports' ids */
    uint32_t attempts;              /* install attempts begun on this device: the number the latest got */
    uint32_t downloading;           /* the attempt whose download is under way, 0 for none: a reboot resumes it */
    uint32_t download_size;         /* and the artifact it downloads, which an offer must be for to resume it */
    uint8_t download_sha256[32];
    /*
     * The slot the update was installed from, tagged (boot.c), or anything untagged for unknown. It fills what was
     * the record's tail padding, so the record keeps its size and firmware of an SDK before it reads it unchanged.
     */
    uint32_t from_slot;
} voyager_pending_t;

/** The offer keys learned from endorsements, persisted through the port as they are. Private. */
typedef struct {
    uint32_t magic;
    uint32_t count;                 /* slots in use */
    uint32_t next;                  /* the slot the next key goes to: the oldest once all are used */
    uint8_t der[VOYAGER_OFFER_KEY_SLOTS][VOYAGER_KEY_DER_LEN];
} voyager_learned_keys_t;

/** The download exchange under way, kept between voyager_perform_step calls. Private. */
typedef struct {
    voyager_http_response_t resp;
    uint32_t from;                  /* where this request asked to start */
    bool open;                      /* the port's http_open succeeded: http_read next, http_close at the end */
    bool writing;                   /* the answer is the artifact, being written */
    bool restarted;                 /* a 200 made the update start over from byte 0 */
    bool out_of_time;               /* the deadline, not the rate, cut this attempt */
    uint64_t started;               /* when the request went out: the first rate window and its time begin */
    uint64_t window;                /* when the current rate window began */
    uint32_t received;              /* body bytes received in it */
} voyager_transfer_t;

/** All of the SDK's state: allocate it statically or on the heap; its fields are private. */
typedef struct {
    voyager_config_t cfg;
    voyager_version_t running;
    voyager_boot_outcome_t boot;
    voyager_offer_t offer;
    bool has_offer;
    bool updating;
    bool pushed;                    /* the install under way is fed by voyager_push_write, not downloaded */
    bool check_requested;
    bool report_pending;
    bool cancelled;                 /* voyager_cancel was called during this download attempt */
    uint64_t next_check_ms;         /* no periodic check before (once scheduled) */
    bool check_scheduled;           /* next_check_ms is set: the first voyager_poll schedules the first check */
    uint32_t check_failures;        /* checks failed in a row, for the backoff */
    uint32_t download_failures;     /* voyager_perform calls failed in a row (retryably), for the backoff */
    uint64_t next_download_ms;      /* voyager_poll does not resume the download before */
    uint32_t report_failures;       /* attempts in a row to send the owed outcome that failed, for the backoff */
    uint64_t next_report_ms;        /* voyager_poll does not send it again before (a check sends it anyway) */
    uint64_t started_ms;
    uint64_t download_spent_ms;     /* downloading time since the run began, against download_deadline_s */
    uint32_t attempt;               /* the install attempt under way, for its reports; 0 outside one */
    uint32_t run_attempts;          /* connections of the current run of steps, against download_attempts */
    voyager_transfer_t transfer;
    voyager_update_t update;
    voyager_pending_t pending;
    char reason[32];                /* the X-Voyager-Reason of the last 204 */
    const char *why;                /* what the last failure was, a static sentence, or NULL */
    char url[VOYAGER_URL_BASE_MAX + VOYAGER_URL_MAX + 1];
    char body[VOYAGER_BODY_MAX];
    size_t body_len;
    char out[VOYAGER_REQUEST_MAX];
    size_t out_len;
    voyager_http_response_t resp;   /* of the last check, report or key fetch */
    voyager_manifest_bytes_t manifest; /* the release manifest of the last offer */
    char nonce[33];                 /* of the last check: its answer must prove it was made for it */
    uint8_t proof_key[32];
    bool has_offer_key;
    bool has_release_key;
    uint8_t offer_key[VOYAGER_KEY_DER_LEN];
    uint8_t offer_id[32];
    uint8_t release_key[VOYAGER_KEY_DER_LEN];
    uint8_t release_id[32];
    voyager_learned_keys_t learned;
    uint8_t learned_id[VOYAGER_OFFER_KEY_SLOTS][32];
    char statement[VOYAGER_STATEMENT_MAX];
    size_t statement_len;
} voyager_client_t;

/**
 * Validates the configuration (copying none of its strings: keep them alive) and settles the last update. Fails
 * closed: a configuration without offer_key, without release_key or with an http:// server_url is refused unless
 * the matching allow_ flag says so.
 */
voyager_err_t voyager_init(voyager_client_t *c, const voyager_config_t *cfg);
/** What this boot is: normal, the first of new firmware, or a rollback. */
voyager_boot_outcome_t voyager_boot_outcome(const voyager_client_t *c);

/**
 * Asks the server. VOYAGER_OK with *offer set when there is something to install, VOYAGER_NO_UPDATE when not
 * (voyager_no_update_reason says why, "stale-offer" for an offer older than one acted on). The answer must prove
 * it was made for this check and be signed by a trusted offer key; the offer must be for this device and model,
 * not expired, not a downgrade unless the server calls it a rollback; its release manifest must name this
 * product, model and chip and what the offer says, signed by the release key. All before a byte is downloaded.
 */
voyager_err_t voyager_check(voyager_client_t *c, const voyager_offer_t **offer);
/** The server's reason for the last "no update" ("up-to-date", "not-in-rollout" ...), or "". */
const char *voyager_no_update_reason(const voyager_client_t *c);

/**
 * Installs the offer of the last check: begin, download with resumes, finish. VOYAGER_OK: restart now. A download
 * still incomplete after download_attempts connections, or after download_deadline_s of downloading in this call,
 * returns VOYAGER_ERR_NETWORK or _TOO_SLOW with the update still in progress: the next call resumes it.
 */
voyager_err_t voyager_perform(voyager_client_t *c);
voyager_err_t voyager_begin(voyager_client_t *c);
/**
 * One download attempt from where the last stopped; VOYAGER_ERR_NETWORK, _TOO_SLOW and _EXPIRED may be retried.
 * Successive calls share one budget of download_deadline_s of downloading; once an attempt has used it up (its
 * VOYAGER_ERR_TOO_SLOW), the next call starts a new one.
 */
voyager_err_t voyager_download(voyager_client_t *c);
/**
 * A bounded share of the install begun by voyager_begin: sends the next request, or hands on one buffer of the
 * body (the port's http_read; a port without it makes a whole attempt). VOYAGER_IN_PROGRESS: call it again;
 * VOYAGER_OK: the artifact is in, call voyager_finish; anything else as voyager_perform returns it, the update
 * still in progress after VOYAGER_ERR_NETWORK, _TOO_SLOW and _EXPIRED. The steps up to such an end are one run,
 * as one voyager_perform is: a broken connection is resumed at the next step, up to download_attempts
 * connections, and the run may download for download_deadline_s. After an expired link a step checks for a fresh
 * one. voyager_perform is these steps in a loop.
 */
voyager_err_t voyager_perform_step(voyager_client_t *c);
voyager_err_t voyager_finish(voyager_client_t *c);
/** Gives up on the update in progress and reports it FAILED with err. */
void voyager_abort(voyager_client_t *c, voyager_err_t err);
/**
 * From on_progress: stops the download after the bytes just reported. The call under way (voyager_poll, _perform,
 * _perform_step or _download) returns VOYAGER_ERR_CANCELLED; the checkpoint is persisted, nothing is reported, and
 * no install is in progress any more: the next voyager_perform or voyager_begin of that offer, or the next check
 * that offers the same artifact, resumes the same attempt from the checkpoint (docs/sdk.md). Outside a download it
 * does nothing.
 */
void voyager_cancel(voyager_client_t *c);

/** After the new firmware's own health check: keep it (cancel the rollback) and report SUCCESS. */
voyager_err_t voyager_mark_valid(voyager_client_t *c);
/** The new firmware failed its health check: roll back to the previous one (on a device this reboots). */
voyager_err_t voyager_mark_invalid(voyager_client_t *c);

/**
 * Schedules a check at the next voyager_poll: what an MQTT trigger does. Never installs anything itself. It skips
 * the first check's jitter and a failed check's backoff, not a failed download's backoff (docs/sdk.md).
 */
void voyager_request_check(voyager_client_t *c);
/**
 * Subscribes to the device's trigger topic (config mqtt_topic) through the port: a trigger with an offer requests
 * a check, an empty one (nothing pending) is ignored. The offer itself is always fetched again over HTTP.
 */
voyager_err_t voyager_mqtt_subscribe(voyager_client_t *c);

/**
 * The loop body: sends a report still owed, checks when due, installs an offer the application allows.
 * VOYAGER_OK: restart into the new firmware. VOYAGER_NO_UPDATE: nothing to do now, which includes "not yet": the
 * first check's jitter, the next periodic check, or the backoff after a failed check, download or report has not
 * elapsed (then nothing went over the network). Anything else: what failed; the next try is then backed off. Call
 * it as often as is convenient: the schedule, not the calls, sets the traffic.
 */
voyager_err_t voyager_poll(voyager_client_t *c);

/** A static sentence on the last failure, for logs, or "". */
const char *voyager_last_error(const voyager_client_t *c);

#ifdef __cplusplus
}
#endif

#endif
