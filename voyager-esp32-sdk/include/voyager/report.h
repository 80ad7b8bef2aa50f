/*
 * Voyager OTA device SDK: the status report a device posts to {base}/devices/{id}/reports (docs/device-api.md,
 * "Reports"), written as JSON into a caller's buffer.
 */
#ifndef VOYAGER_REPORT_H
#define VOYAGER_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "voyager/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    VOYAGER_STATUS_DOWNLOADING,
    VOYAGER_STATUS_INSTALLING,
    VOYAGER_STATUS_REBOOTING,
    VOYAGER_STATUS_SUCCESS,
    VOYAGER_STATUS_FAILED,
    VOYAGER_STATUS_ROLLED_BACK
} voyager_status_t;

typedef struct {
    const char *device_id;
    const char *product;
    int64_t sequence;              /* the offer's: with the device id, attempt and status it makes the report id */
    const char *from_version;
    const char *to_version;
    const char *running_version;
    voyager_status_t status;
    const char *error_code;        /* NULL or [a-z0-9._-], up to 64 */
    const char *error_message;     /* NULL or up to 1000 characters */
    int64_t download_ms;           /* -1: not sent */
    int64_t bytes;                 /* -1: not sent */
    int battery;                   /* -1: not sent */
    uint32_t attempt;              /* the device's install attempt the report is about, from 1; 0: none, see below */
} voyager_report_t;

/**
 * Writes the report as JSON into out (NUL-terminated) and its length into *len. The reportId is
 * "<device id>-<sequence>.<attempt>-<status letter>", or "d<hash of the device id>-..." when the device id is longer
 * than 88 characters (the longest tail must fit the server's 128) or starts with punctuation. The sequence (the
 * catalog generation) is the same for every offer until the catalog changes, so it is the attempt, counted per
 * device, that keeps two installs of one offer apart; the same attempt and status always give the same id, so a
 * retried report counts once. Attempt 0, a report about no install attempt (an offer refused before anything was
 * written, or an update recorded by an SDK that counted none), has ".x<16 hex digits>" instead: a hash of its from
 * and to versions and error code, so the same refusal at every check counts once per generation and another one
 * counts on its own. VOYAGER_ERR_BUFFER when out is too small.
 */
voyager_err_t voyager_report_json(const voyager_report_t *r, char *out, size_t cap, size_t *len);

/** The report id the report gets, into out (at least 129 bytes). */
void voyager_report_id(const voyager_report_t *r, char out[129]);

#ifdef __cplusplus
}
#endif

#endif
