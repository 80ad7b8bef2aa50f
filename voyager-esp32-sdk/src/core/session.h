/*
 * The session: what every part of the client stands on (failure and log, the clock, the update record, the API's
 * URL and POST, the retry timing). The rule: nothing here calls a function of client.c, check.c, install.c,
 * download.c, push.c, reports.c, boot.c or trust.c, so the client's layers depend one way, down to this one.
 */
#ifndef VOYAGER_SESSION_H
#define VOYAGER_SESSION_H

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
uint64_t voyager__now(const voyager_client_t *c);
/* The application's battery level, -1 when it has none. */
int voyager__battery(const voyager_client_t *c);

/* Persists c->pending with state: the whole record, since it keeps the attempt count even when nothing is owed. */
voyager_err_t voyager__save_pending(voyager_client_t *c, uint32_t state);
/* c->pending as it is saved (one of the previous layout taken over), or cleared when there is none to believe. */
void voyager__load_pending(voyager_client_t *c);

/* c->url = the API base + "/devices/<id>/" + tail. */
voyager_err_t voyager__api_url(voyager_client_t *c, const char *tail);
/* POSTs c->out to c->url with the device credential; the answer's body lands in c->body. */
voyager_err_t voyager__post_json(voyager_client_t *c, const char *if_none_match, voyager_http_response_t *resp);

/* A uniform random delay in [0, bound_ms] from the port's random source; the bound itself should that fail. */
uint64_t voyager__jitter_ms(voyager_client_t *c, uint64_t bound_ms);
/* The backoff after the n-th failure in a row of a request to the API (a check, a report): a random delay, in ms. */
uint64_t voyager__api_backoff_ms(voyager_client_t *c, uint32_t n);
/* After a check that ended in err: the next periodic check, or the backoff after a transient failure. */
void voyager__schedule_check(voyager_client_t *c, voyager_err_t err);
/* After voyager_perform ended in err, having started at offset before: when the download goes on. */
void voyager__schedule_download(voyager_client_t *c, voyager_err_t err, uint32_t before);

#endif
