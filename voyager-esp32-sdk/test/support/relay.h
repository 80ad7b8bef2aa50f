/*
 * A relay for the pushed-update tests, as a phone or a laptop does it: it sends the device's prepared check to the
 * fake server with the device's credential, keeps the answer as it came (body and Voyager-Offer-* headers), and
 * sends the artifact to the device in chunks of random sizes from a printed seed.
 */
#ifndef VOYAGER_TEST_RELAY_H
#define VOYAGER_TEST_RELAY_H

#include "device.h"
#include "voyager/push.h"

/* What the relay got from the server: kept apart from the fake's buffers, as a phone would hold it. */
typedef struct {
    char body[4096];
    size_t len;
    char signature[128];
    char key[80];
    char proof[64];
    voyager_push_answer_t answer;
} relayed_t;

/** The last answer relay_check got. */
extern relayed_t relayed;

/** The relay's check for the device: its voyager_push_prepare request POSTed to the fake server; the answer. */
const voyager_push_answer_t *relay_check(void);
/** Sends the artifact from `from` on in chunks of 1 to max bytes; the first failure, else that of finish. */
voyager_err_t relay_send_from(uint32_t from, size_t max);
/** Seeds the chunk sizes from VOYAGER_TEST_SEED or the clock, and prints the seed. */
unsigned relay_seeded(void);

#endif
