/*
 * Voyager OTA device SDK: a pushed update, for a device that does not download its firmware itself. A relay (a
 * phone over BLE, a laptop on the device's web page) asks the server on the device's behalf and hands the device
 * the server's answer, then the artifact in chunks. The device believes none of it on the relay's word: the answer
 * is verified exactly as a direct check's (voyager_check), with the proof bound to a nonce the device made, before
 * the first flash write, and the artifact is checked as it streams and hashed before the boot switch, as a
 * download is. docs/relay.md describes the relay's side.
 *
 *     voyager_push_prepare(&ota, req, sizeof req, &len);    // the relay POSTs req to {base}/devices/{id}/update
 *     voyager_push_begin(&ota, &answer, &offset);           // the server's 200: body and Voyager-Offer-* headers
 *     while (...) voyager_push_write(&ota, chunk, n);       // from offset on, in order, chunks of any size
 *     if (voyager_push_finish(&ota) == VOYAGER_OK) esp_restart();
 *
 * After the reboot, voyager_mark_valid (or the rollback) settles the update as after a download; the outcome report
 * the device owes is voyager_push_report, for the relay to deliver. A broken transfer resumes: a new prepare and
 * begin (after a reboot too) carry on the same attempt from the returned offset, the last checkpoint's.
 */
#ifndef VOYAGER_PUSH_H
#define VOYAGER_PUSH_H

#include <stddef.h>
#include <stdint.h>

#include "voyager/voyager.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The server's answer to the check a relay made with voyager_push_prepare's request, as it came. */
typedef struct {
    const char *body;               /* the 200's body, byte for byte: the signature and the proof cover it */
    size_t body_len;
    const char *signature;          /* the Voyager-Offer-Signature header's value */
    const char *key_id;             /* Voyager-Offer-Key */
    const char *proof;              /* Voyager-Offer-Proof */
} voyager_push_answer_t;

/**
 * The check request the relay sends for the device, as JSON into out (NUL-terminated, *len without it): product,
 * model, running version, chip, secure version, battery, and a fresh nonce the device keeps for the one answer
 * voyager_push_begin takes. The device id is the path's ({base}/devices/{id}/update). A later prepare, or a direct
 * check, replaces the nonce. VOYAGER_ERR_BUFFER when out is too small (VOYAGER_REQUEST_MAX is enough).
 */
voyager_err_t voyager_push_prepare(voyager_client_t *c, char *out, size_t cap, size_t *len);

/**
 * Verifies the answer as voyager_check verifies a 200 (proof for the prepared nonce, offer key's signature, this
 * device and model, expiry, no downgrade, secureVersion, the release manifest signed by the release key and saying
 * what the offer says) and begins the install as voyager_begin does; *offset is where the relay must send from,
 * above 0 when a checkpoint of the same artifact exists. The nonce is used up either way: an answer is taken once.
 * An install already pushed is paused first, so a relay that lost its connection starts again here. A refusal
 * writes nothing to flash; an offer older than one acted on is VOYAGER_NO_UPDATE with reason "stale-offer".
 */
voyager_err_t voyager_push_begin(voyager_client_t *c, const voyager_push_answer_t *answer, uint32_t *offset);

/**
 * The next len bytes of the artifact, from voyager_push_offset on. A chunk reaching past the offer's size is
 * refused whole (VOYAGER_ERR_TOO_LARGE) and the install goes on; a refusal of the bytes themselves (not the image,
 * another chip, a flash failure) gives the install up and reports it FAILED, as a download would.
 */
voyager_err_t voyager_push_write(voyager_client_t *c, const uint8_t *data, size_t len);

/** The artifact bytes taken so far, where the relay sends from; 0 outside a pushed install. */
uint32_t voyager_push_offset(const voyager_client_t *c);

/** After the last byte: as voyager_finish, hashes against the signed offer, then records and switches the slot. */
voyager_err_t voyager_push_finish(voyager_client_t *c);

/** Gives the pushed install up (the relay gave up on it): reported FAILED with "cancelled", nothing switched. */
void voyager_push_abort(voyager_client_t *c);

/**
 * The outcome report the device owes (SUCCESS once marked valid, ROLLED_BACK, an interrupted switch) as the JSON it
 * would POST to {base}/devices/{id}/reports, for the relay to deliver. VOYAGER_NO_UPDATE when none is owed.
 */
voyager_err_t voyager_push_report(voyager_client_t *c, char *out, size_t cap, size_t *len);

/** The relay delivered the report (the server answered 200 or 202): the device no longer owes it. */
void voyager_push_report_delivered(voyager_client_t *c);

#ifdef __cplusplus
}
#endif

#endif
