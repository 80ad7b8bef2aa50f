/*
 * The HTTP boundary for client tests: a scripted server behind the port's http function. It answers checks with
 * what a test sets, records reports, and serves an artifact with Range (or ignoring it), breaking connections
 * after a number of bytes when asked. The real libcurl port and the real server meet in the end-to-end test.
 */
#ifndef VOYAGER_TEST_FAKE_HTTP_H
#define VOYAGER_TEST_FAKE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
    /* reports */
    char reports[FAKE_REPORTS][1024];
    int report_count;
    /* the artifact */
    const uint8_t *artifact;
    size_t artifact_len;
    bool ignore_range;              /* answer ranged requests with 200 and everything */
    long cut_after;                 /* > 0: break each download after this many body bytes */
    int cuts;                       /* how many downloads to break, then serve whole */
    int expire_downloads;           /* answer this many downloads with 403 first */
    int downloads;
    char last_range[64];
    char last_if_range[80];
    bool down;                      /* no connection at all */
    /* time */
    uint64_t now_ms;
    int64_t unix_time;
} fake_server_t;

/** The server the fake port talks to (one per test process). */
extern fake_server_t fake_server;

void fake_reset(void);
/** Fills the http, clock and log functions of a port with the fake. */
void fake_port(voyager_port_t *port);
/** The index of the first report whose JSON contains needle, or -1. */
int fake_find_report(const char *needle);

#endif
