/* What the client's two halves (client.c: check, reports, boot; install.c, download.c: the install) share. */
#ifndef VOYAGER_CLIENT_H
#define VOYAGER_CLIENT_H

#include "voyager/report.h"
#include "voyager/voyager.h"

/* The pending update's state: before the switch, switched, booted, then an outcome owed to the server. */
enum {
    PENDING_NONE = 0,
    PENDING_SWITCHING = 1,
    PENDING_SWITCHED = 2,
    PENDING_BOOTED = 3,
    OUTCOME_SUCCESS = 4,
    OUTCOME_ROLLED_BACK = 5,
    OUTCOME_INTERRUPTED = 6
};

#define PENDING_MAGIC 0x32505956u    /* "VYP2": the record with the install attempts */
#define PENDING_MAGIC_V1 0x31505956u /* "VYP1": the record before attempts were counted, still read */

/* Records a failure's sentence and returns err. */
voyager_err_t voyager__fail(voyager_client_t *c, voyager_err_t err, const char *why);
void voyager__log(voyager_client_t *c, voyager_log_level_t level, const char *fmt, ...);
/* Posts a report about the current offer, best effort. */
void voyager__report_offer(voyager_client_t *c, voyager_status_t status, voyager_err_t err);
/* Persists c->pending with state: the whole record, since it keeps the attempt count even when nothing is owed. */
voyager_err_t voyager__save_pending(voyager_client_t *c, uint32_t state);
/* c->pending as it is saved (one of the previous layout taken over), or cleared when there is none to believe. */
void voyager__load_pending(voyager_client_t *c);
/* boot.c. At init: loads the update record and settles what this boot means for it (c->boot). */
void voyager__settle_pending(voyager_client_t *c);
/* The running slot as the pending record keeps it (from_slot), 0 when the port cannot tell. */
uint32_t voyager__running_slot(const voyager_client_t *c);
/* Sends the outcome a reboot settled, if one is owed; keeps it until the server has it. */
void voyager__flush_reports(voyager_client_t *c);
/* c->url = the API base + "/devices/<id>/" + tail. */
voyager_err_t voyager__api_url(voyager_client_t *c, const char *tail);
/* POSTs c->out to c->url with the device credential; the answer's body lands in c->body. */
voyager_err_t voyager__post_json(voyager_client_t *c, const char *if_none_match, voyager_http_response_t *resp);
/* The application's battery level, -1 when it has none. */
int voyager__battery(const voyager_client_t *c);
uint64_t voyager__now(const voyager_client_t *c);
/* After a check that ended in err: the next periodic check, or the backoff after a transient failure. */
void voyager__schedule_check(voyager_client_t *c, voyager_err_t err);
/* The backoff after the n-th failure in a row of a request to the API (a check, a report): a random delay, in ms. */
uint64_t voyager__api_backoff_ms(voyager_client_t *c, uint32_t n);

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
