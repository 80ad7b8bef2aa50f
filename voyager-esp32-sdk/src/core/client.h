/*
 * What the client's parts share: client.c (the public entry points) calls check.c, install.c, download.c, push.c,
 * reports.c, boot.c and trust.c, which call each other and the session under them (session.h), never client.c.
 */
#ifndef VOYAGER_CLIENT_H
#define VOYAGER_CLIENT_H

#include "session.h"
#include "voyager/report.h"

/* reports.c. Posts a report about the current offer, best effort. */
void voyager__report_offer(voyager_client_t *c, voyager_status_t status, voyager_err_t err);
/* Sends the outcome a reboot settled, if one is owed; keeps it until the server has it. */
void voyager__flush_reports(voyager_client_t *c);
/* boot.c. At init: loads the update record and settles what this boot means for it (c->boot). */
void voyager__settle_pending(voyager_client_t *c);
/* The running slot as the pending record keeps it (from_slot), 0 when the port cannot tell. */
uint32_t voyager__running_slot(const voyager_client_t *c);

/* install.c. A failure the next attempt cannot resume from gives the install up (voyager_abort); returns err. */
voyager_err_t voyager__stop(voyager_client_t *c, voyager_err_t err);
/* download.c. Ends the download exchange the port holds open, if any. */
void voyager__transfer_close(voyager_client_t *c);

/* check.c. A fresh nonce, and the check's JSON body asking with it in c->out. */
voyager_err_t voyager__check_request(voyager_client_t *c);
/* What a check makes of the server's answer (body in c->body): authenticated, read, held against the device. */
voyager_err_t voyager__answer(voyager_client_t *c, const voyager_http_response_t *resp);
/* reports.c. The outcome the last boots settled, as the device reports it (c->report_pending says if one is owed). */
void voyager__pending_report(voyager_client_t *c, voyager_report_t *r);

/* trust.c. At init: the configured keys (fail closed), the proof key, the offer keys learned before. */
voyager_err_t voyager__trust_init(voyager_client_t *c);
/* A 200's body (digest): its proof for this check's nonce, and its signature by a trusted offer key. */
voyager_err_t voyager__authenticate(voyager_client_t *c, const uint8_t digest[32]);
/* The proof alone, as a 304 carries it for the body the device holds. */
voyager_err_t voyager__prove(voyager_client_t *c, const uint8_t digest[32]);
/* The offer's release manifest: canonical, for this device, saying what the offer says, signed. */
voyager_err_t voyager__check_release(voyager_client_t *c);

#endif
