/*
 * The HTTP boundary for client tests: a scripted server behind the port's http function. It answers checks with
 * what a test sets, signed with its offer key and proved for the check's nonce as the real server does (or spoilt
 * as a test asks), answers offer-key fetches, records reports once per report id as the server does, and serves an
 * artifact with Range (or ignoring it), breaking connections after a number of bytes, trickling it on the fake
 * clock or sending more than it when asked. The real libcurl port and the real server meet in the end-to-end test.
 * Its random source is deterministic.
 */
#ifndef VOYAGER_TEST_FAKE_HTTP_H
#define VOYAGER_TEST_FAKE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "signing.h"
#include "voyager/port.h"

#define FAKE_REPORTS 64

typedef struct {
    /* checks */
    int check_status;               /* 200, 204, 304, 401 ... */
    char check_body[4096];
    char check_etag[64];
    char check_reason[32];
    int checks;
    char last_check[1024];          /* the last check's request body */
    char last_if_none_match[80];
    char last_bearer[128];
    char last_nonce[80];
    /* offer authentication, as the server does it for a 200 (and the proof for a 304) */
    test_key_t *offer_key;          /* signs offers; NULL: no Voyager-Offer-Signature nor -Key */
    bool no_proof;                  /* leave Voyager-Offer-Proof out */
    bool wrong_proof;               /* prove another nonce */
    bool tamper;                    /* change the body after signing, and prove what is sent (the secret leaked) */
    bool replay;                    /* send the last 200 again, body and headers as they were */
    char sent_body[4096];           /* the last 200 as sent */
    char sent_signature[96];
    char sent_key[72];
    char sent_proof[48];
    /* GET /offer-keys/<id>: 200 with this statement, or 404 when key_statement is "" */
    char key_statement[256];
    char key_statement_id[72];      /* the id of the key it endorses: other ids get 404 */
    char key_signature[96];
    char key_endorser[72];          /* the endorsing key's id, as Voyager-Offer-Key */
    int key_fetches;
    char last_key_url[256];
    /* reports */
    char reports[FAKE_REPORTS][1024]; /* each id once, as the server records them */
    int report_count;
    int duplicate_reports;          /* reports sent again with an id recorded before: answered "duplicate" */
    /* the artifact */
    const uint8_t *artifact;
    size_t artifact_len;
    bool ignore_range;              /* answer ranged requests with 200 and everything */
    long cut_after;                 /* > 0: break each download after this many body bytes */
    int cuts;                       /* how many downloads to break, then serve whole */
    int expire_downloads;           /* answer this many downloads with 403 first */
    /* a slow link or a trickling server, on the fake clock: from artifact offset pace_from on, pieces of pace_bytes,
     * the clock advancing pace_ms before each, in the next `paced` downloads (then at full speed again) */
    long pace_from;
    size_t pace_bytes;
    uint64_t pace_ms;
    int paced;
    long extra_bytes;               /* an endless body: this many bytes more after the artifact */
    long taken;                     /* body bytes the device took, over all downloads */
    long pieces;                    /* body pieces handed over, over all downloads */
    int opens;                      /* downloads opened through http_open, */
    long reads;                     /* and the http_read calls, each one piece at most */
    int downloads;
    char last_range[64];
    char last_if_range[80];
    bool down;                      /* no connection at all */
    /* time and randomness */
    uint64_t now_ms;
    int64_t unix_time;
    uint8_t random_next;            /* the next byte the random source gives */
    bool random_fails;
} fake_server_t;

/** The server the fake port talks to (one per test process). */
extern fake_server_t fake_server;

void fake_reset(void);
/** Fills the http (also in pieces: http_open, _read, _close), clock and random functions of a port with the fake. */
void fake_port(voyager_port_t *port);
/** The index of the first report whose JSON contains needle, or -1. */
int fake_find_report(const char *needle);
/** Makes the fake answer GET /offer-keys/<next's id> with a statement of next's key signed by endorser. */
void fake_endorse(test_key_t *next, test_key_t *endorser);

#endif
