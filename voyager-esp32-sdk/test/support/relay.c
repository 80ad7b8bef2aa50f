/* The relay of the pushed-update tests: see relay.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "relay.h"

relayed_t relayed;

static voyager_err_t collect(void *arg, const uint8_t *data, size_t len) {
    relayed_t *r = arg;
    assert_true(r->len + len < sizeof r->body);
    memcpy(r->body + r->len, data, len);
    r->len += len;
    return VOYAGER_OK;
}

/* The relay's check for the device: its prepared request, POSTed with the device's credential. */
const voyager_push_answer_t *relay_check(void) {
    char request[VOYAGER_REQUEST_MAX];
    size_t len = 0;
    voyager_port_t server;
    voyager_http_response_t resp;
    fake_port(&server);
    assert_int_equal(voyager_push_prepare(&client, request, sizeof request, &len), VOYAGER_OK);
    assert_int_equal(strlen(request), len);
    voyager_http_request_t req = {"POST", "https://ota.test/v1/devices/device-1/update", "s3cret", NULL, NULL, -1,
                                  request, len};
    memset(&relayed, 0, sizeof relayed);
    memset(&resp, 0, sizeof resp);
    assert_int_equal(server.http(server.ctx, &req, &resp, collect, &relayed), VOYAGER_OK);
    assert_int_equal(resp.status, 200);
    strcpy(relayed.signature, resp.offer_signature);
    strcpy(relayed.key, resp.offer_key);
    strcpy(relayed.proof, resp.offer_proof);
    relayed.answer = (voyager_push_answer_t) {relayed.body, relayed.len, relayed.signature, relayed.key,
                                              relayed.proof};
    return &relayed.answer;
}

/* Sends the artifact from `from` on in chunks of 1 to max bytes; the first failure, else that of finish. */
voyager_err_t relay_send_from(uint32_t from, size_t max) {
    size_t at = from;
    while (at < rig.artifact_len) {
        size_t n = 1 + (size_t) rand() % max;
        if (n > rig.artifact_len - at) {
            n = rig.artifact_len - at;
        }
        voyager_err_t err = voyager_push_write(&client, rig.artifact + at, n);
        if (err != VOYAGER_OK) {
            return err;
        }
        at += n;
        assert_int_equal(voyager_push_offset(&client), at);
    }
    return voyager_push_finish(&client);
}

unsigned relay_seeded(void) {
    const char *env = getenv("VOYAGER_TEST_SEED");
    unsigned seed = env != NULL ? (unsigned) strtoul(env, NULL, 10) : (unsigned) time(NULL);
    print_message("chunk sizes seeded with %u (VOYAGER_TEST_SEED=%u repeats them)\n", seed, seed);
    srand(seed);
    return seed;
}

