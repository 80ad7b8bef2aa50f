/*
 * A whole simulated device for client tests: the rig's flash and key, the fake server, and a client configured
 * as device-1 of product "locker", model "model-s3", booting whatever its flash holds.
 */
#ifndef VOYAGER_TEST_DEVICE_H
#define VOYAGER_TEST_DEVICE_H

#include "fake_http.h"
#include "rig.h"
#include "voyager/voyager.h"

extern rig_t rig;
extern voyager_client_t client;
extern voyager_config_t config;

/** A fresh device running factory firmware 1.0.0, with a fake server that has no update. */
int device_setup(void **state);
int device_teardown(void **state);

/** Power cycle: the bootloader runs, then the firmware calls voyager_init with its own version. */
void device_boot(void);

/** Makes the fake server offer the rig's artifact (rig_image / rig_bundle first) as JSON. */
void device_offer(void);

/** Offers 2.0.0 as an image of about 20 KiB in three segments: many flash operations to cut the power at. */
void device_offer_20k_image(void);
/**
 * Polls once for the fake server's offer and expects it refused with expected (and a sentence saying why): nothing
 * downloaded, nothing persisted, and a FAILED report with code if and only if reported.
 */
void device_refused(voyager_err_t expected, const char *code, bool reported);

/** Lets the fake clock run past any retry backoff (an hour, the default retry_max_s), as a device loop waits. */
void device_wait_backoff(void);

/** Polls as a firmware loop would until it says restart (or fails with something else than "try later"). */
voyager_err_t device_poll_until_restart(int rounds);

#endif
