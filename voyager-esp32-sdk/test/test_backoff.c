/*
 * Retries and backoff (docs/sdk.md): a server or CDN outage seen by a device that polls every second. Every
 * request the device makes is counted and timed at the port; the random source is the test's, so the delays drawn
 * are known: a byte of 0xff everywhere draws the bound itself, 0x00 draws nothing, others something in between.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "device.h"

#define MAX_SEEN 512

static voyager_err_t (*fake_http)(void *, const voyager_http_request_t *, voyager_http_response_t *,
                                  voyager_http_body_fn, void *);
static struct {
    int checks;
    uint64_t check_at[MAX_SEEN];     /* the fake clock at each check request */
    int downloads;
    uint64_t download_at[MAX_SEEN];
    int reports;
    uint64_t report_at[MAX_SEEN];
    bool cdn_down;                   /* artifact requests find no connection; checks still get through */
    bool lcg;                        /* random bytes from a generator rather than one constant byte */
    uint8_t byte;
    uint32_t state;
} seen;

static voyager_err_t counting_http(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp,
                                   voyager_http_body_fn on_body, void *arg) {
    size_t n = strlen(req->url);
    if (n >= 7 && strcmp(req->url + n - 7, "/update") == 0) {
        if (seen.checks < MAX_SEEN) {
            seen.check_at[seen.checks] = fake_server.now_ms;
        }
        seen.checks++;
    } else if (n >= 8 && strcmp(req->url + n - 8, "/reports") == 0) {
        if (seen.reports < MAX_SEEN) {
            seen.report_at[seen.reports] = fake_server.now_ms;
        }
        seen.reports++;
    } else if (strstr(req->url, "/artifacts/") != NULL) {
        if (seen.downloads < MAX_SEEN) {
            seen.download_at[seen.downloads] = fake_server.now_ms;
        }
        seen.downloads++;
        if (seen.cdn_down) {
            return VOYAGER_ERR_NETWORK;
        }
    }
    return fake_http(ctx, req, resp, on_body, arg);
}

static voyager_err_t test_random(void *ctx, uint8_t *buf, size_t len) {
    (void) ctx;
    for (size_t i = 0; i < len; i++) {
        if (seen.lcg) {
            seen.state = seen.state * 1664525u + 1013904223u;
            buf[i] = (uint8_t) (seen.state >> 24);
        } else {
            buf[i] = seen.byte;
        }
    }
    return VOYAGER_OK;
}

static int setup(void **state) {
    device_setup(state);
    memset(&seen, 0, sizeof seen);
    seen.byte = 0xff;
    fake_http = rig.port.http;
    rig.port.http = counting_http;
    rig.port.http_open = NULL; /* every request through counting_http, downloads whole */
    rig.port.random = test_random;
    return 0;
}

/* A boot as on a device in the field: voyager_init, no "check now". */
static void boot(void) {
    rig_reboot(&rig);
    config.running_version = rig.flash.version;
    assert_int_equal(voyager_init(&client, &config), VOYAGER_OK);
}

/* Polls once a second for seconds of fake time; returns how many polls that was. */
static int poll_for(uint32_t seconds, bool trigger) {
    for (uint32_t i = 0; i < seconds; i++) {
        if (trigger) {
            voyager_request_check(&client);
        }
        voyager_err_t err = voyager_poll(&client);
        assert_true(err == VOYAGER_NO_UPDATE || err == VOYAGER_ERR_NETWORK || err == VOYAGER_ERR_HTTP);
        fake_server.now_ms += 1000;
    }
    return (int) seconds;
}

/* Polls once a second until the device has made checks checks (within a day). */
static void poll_until(int checks) {
    for (int i = 0; i < 86400 && seen.checks < checks; i++) {
        voyager_poll(&client);
        fake_server.now_ms += 1000;
    }
    assert_int_equal(seen.checks, checks);
}

static uint64_t min_u64(uint64_t a, uint64_t b) {
    return a < b ? a : b;
}

/* The n-th failure's bound, in ms: min(max_s, base_s * 2^(n-1)) s. */
static uint64_t bound_ms(uint32_t base_s, uint32_t max_s, int n) {
    uint64_t b = base_s;
    for (int i = 1; i < n && b < max_s; i++) {
        b *= 2;
    }
    return min_u64(b, max_s) * 1000u;
}

/* With every draw at its bound, the gaps between checks are the bounds themselves: 30 s, 60 s ... up to an hour. */
static void a_server_outage_backs_checks_off_to_the_bound(void **state) {
    (void) state;
    fake_server.down = true;
    boot();
    voyager_request_check(&client); /* the first check at once: this test is about what follows it */
    int polls = poll_for(6 * 3600, false);
    /* at 0, 30, 90 ... 3810 s (gaps of 30 s to 1920 s), then an hour apart: 12 checks in six hours of 21600 polls */
    assert_int_equal(polls, 21600);
    assert_int_equal(seen.checks, 12);
    for (int k = 1; k < seen.checks; k++) {
        assert_int_equal(seen.check_at[k] - seen.check_at[k - 1], bound_ms(30, 3600, k));
    }
    assert_int_equal(seen.check_at[seen.checks - 1] - seen.check_at[seen.checks - 2], 3600000); /* bounded */
}

/* An HTTP 503 is a server failure too; with random draws every gap stays within its bound. */
static void server_errors_back_off_within_the_bounds(void **state) {
    (void) state;
    fake_server.check_status = 503;
    config.retry_base_s = 10;
    config.retry_max_s = 600;
    seen.lcg = true;
    seen.state = 12345;
    boot();
    voyager_request_check(&client);
    poll_for(12 * 3600, false);
    /* an average gap of at least 300 s once the bound is 600 s: some 150 checks in 12 hours, far below 43200 */
    assert_true(seen.checks >= 60);
    assert_true(seen.checks <= 400);
    uint64_t longest = 0;
    for (int k = 1; k < seen.checks && k < MAX_SEEN; k++) {
        uint64_t gap = seen.check_at[k] - seen.check_at[k - 1];
        /* the poll comes a second at a time: the gap is the draw rounded up to the next poll */
        assert_true(gap <= bound_ms(10, 600, k) + 1000);
        longest = gap > longest ? gap : longest;
    }
    assert_true(longest > 300000); /* the bound did grow to retry_max_s */
}

/* retry_max_s above check_interval_s: a failing device still checks no less often than a healthy one. */
static void check_backoff_never_exceeds_the_interval(void **state) {
    (void) state;
    fake_server.down = true;
    config.check_interval_s = 300;
    config.retry_max_s = 7200;
    boot();
    voyager_request_check(&client);
    poll_for(3 * 3600, false);
    for (int k = 1; k < seen.checks; k++) {
        assert_int_equal(seen.check_at[k] - seen.check_at[k - 1], bound_ms(30, 300, k));
    }
    assert_int_equal(seen.check_at[seen.checks - 1] - seen.check_at[seen.checks - 2], 300000);
}

/* The server back: the next check succeeds, the one after is a periodic interval away, and backoff starts over. */
static void a_success_resets_the_backoff(void **state) {
    (void) state;
    fake_server.down = true;
    boot();
    voyager_request_check(&client);
    poll_for(3000, false); /* checks at 0, 30, 90, 210, 450, 930, 1890 s: the next bound is 1920 s */
    assert_int_equal(seen.checks, 7);
    fake_server.down = false;
    fake_server.check_status = 204;
    poll_for(1920, false);
    assert_int_equal(seen.checks, 8); /* the successful one, 1920 s after the last failure */
    assert_int_equal(seen.check_at[7] - seen.check_at[6], 1920000);
    /* healthy: every check_interval_s + 10 % (the draw at its bound), not sooner */
    poll_for(3960, false);
    assert_int_equal(seen.checks, 9);
    assert_int_equal(seen.check_at[8] - seen.check_at[7], 3960000);
    /* down again: the first retry is retry_base_s away, not an hour */
    fake_server.down = true;
    poll_until(10);
    poll_until(11);
    assert_int_equal(seen.check_at[9] - seen.check_at[8], 3960000);
    assert_int_equal(seen.check_at[10] - seen.check_at[9], 30000);
}

/* An MQTT trigger checks at once, backoff or not: the server sent it, so it is up (and it rate-limits them). */
static void a_trigger_skips_the_check_backoff(void **state) {
    (void) state;
    fake_server.down = true;
    boot();
    voyager_request_check(&client);
    poll_for(1000, false); /* checks at 0, 30, 90, 210, 450, 930 s; the next is 960 s after the last */
    assert_int_equal(seen.checks, 6);
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_NETWORK);
    assert_int_equal(seen.checks, 7);
    assert_int_equal(seen.check_at[6], fake_server.now_ms);
    /* and the failure counts: the next untriggered check waits the seventh bound, 1920 s */
    fake_server.now_ms += 1000;
    poll_for(1919, false);
    assert_int_equal(seen.checks, 7);
    poll_for(1, false);
    assert_int_equal(seen.checks, 8);
    assert_int_equal(seen.check_at[7] - seen.check_at[6], 1920000);
}

/* The CDN down mid-update: bursts of download_attempts connections, further and further apart, triggers or not. */
static void a_cdn_outage_backs_the_download_off_and_triggers_do_not_shorten_it(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    seen.cdn_down = true;
    boot();
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_NETWORK); /* offered, then five connections fail */
    assert_int_equal(seen.checks, 1);
    assert_int_equal(seen.downloads, 5);
    fake_server.now_ms += 1000;
    /* every poll triggered, as a chatty broker would: still no check (an update is under way), no early download */
    int polls = 1 + poll_for(2 * 3600, true);
    assert_int_equal(seen.checks, 1);
    /* bursts at 0, 30, 90, 210, 450, 930, 1890 and 3810 s (the next at 7410 s): 8 bursts of 5 over 7201 polls */
    assert_int_equal(polls, 7201);
    assert_int_equal(seen.downloads, 8 * 5);
    for (int burst = 1; burst < 8; burst++) {
        assert_int_equal(seen.download_at[burst * 5] - seen.download_at[(burst - 1) * 5], bound_ms(30, 3600, burst));
        assert_int_equal(seen.download_at[burst * 5 + 4], seen.download_at[burst * 5]); /* one poll's attempts */
    }
    /* the CDN back: the next burst downloads it all */
    seen.cdn_down = false;
    voyager_err_t err = VOYAGER_NO_UPDATE;
    for (int i = 0; i < 3600 && err == VOYAGER_NO_UPDATE; i++) {
        fake_server.now_ms += 1000;
        err = voyager_poll(&client);
    }
    assert_int_equal(err, VOYAGER_OK);
    assert_int_equal(seen.download_at[40] - seen.download_at[35], 3600000); /* bounded by retry_max_s */
    assert_int_equal(seen.downloads, 41);
}

/* A download that gets somewhere before it breaks is retried within retry_base_s, however often it broke. */
static void progress_restarts_the_download_backoff(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    t.segments[0] = 30000;
    rig_image(&rig, t, "2.0.0");
    device_offer();
    config.download_attempts = 1;
    fake_server.cut_after = 4000;
    fake_server.cuts = 100;
    boot();
    voyager_request_check(&client);
    voyager_err_t err = VOYAGER_ERR_NETWORK;
    for (int i = 0; i < 3600 && err != VOYAGER_OK; i++) {
        err = voyager_poll(&client);
        fake_server.now_ms += 1000;
    }
    assert_int_equal(err, VOYAGER_OK);
    assert_true(seen.downloads >= 8); /* 30 KiB in pieces of 4000 bytes */
    for (int k = 1; k < seen.downloads; k++) {
        assert_int_equal(seen.download_at[k] - seen.download_at[k - 1], 30000);
    }
}

/* The outcome owed after an update waits out the same backoff when the server is down, rather than go every poll. */
static void an_owed_report_backs_off_too(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    config.first_check_jitter_s = 3600; /* no check in the hour below: only the report goes out */
    boot();
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
    fake_server.down = true;
    fake_server.check_status = 204;
    seen.reports = 0;
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK); /* the SUCCESS report fails: owed */
    assert_int_equal(seen.reports, 1);
    fake_server.now_ms += 1000;
    poll_for(3598, false);
    assert_int_equal(seen.checks, 1); /* the one before the update */
    /* at 0, 30, 90, 210, 450, 930 and 1890 s: 7 attempts in an hour of polls */
    assert_int_equal(seen.reports, 7);
    for (int k = 1; k < seen.reports; k++) {
        assert_int_equal(seen.report_at[k] - seen.report_at[k - 1], bound_ms(30, 3600, k));
    }
    fake_server.down = false;
    for (int i = 0; i < 3600 && fake_find_report("\"status\":\"SUCCESS\"") < 0; i++) {
        voyager_poll(&client);
        fake_server.now_ms += 1000;
    }
    assert_true(fake_find_report("\"status\":\"SUCCESS\"") >= 0);
    /* before its next try (3810 s), the first check after boot (3601 s) took it along */
    assert_int_equal(seen.reports, 8);
    assert_int_equal(seen.checks, 2);
    assert_int_equal(seen.report_at[7], seen.check_at[1]);
    assert_true(seen.report_at[7] - seen.report_at[6] < 1920000);
}

/* The first time poll_for(..) sees a check, in ms after boot. */
static uint64_t first_check_after_boot(void) {
    uint64_t t0 = fake_server.now_ms;
    fake_server.check_status = 204;
    boot();
    for (int i = 0; i < 4000 && seen.checks == 0; i++) {
        voyager_poll(&client);
        if (seen.checks == 0) {
            fake_server.now_ms += 100;
        }
    }
    assert_int_equal(seen.checks, 1);
    return seen.check_at[0] - t0;
}

static void the_first_check_after_boot_is_jittered(void **state) {
    (void) state;
    seen.byte = 0x00;
    assert_int_equal(first_check_after_boot(), 0);
    seen.checks = 0;
    seen.byte = 0xff;
    assert_int_equal(first_check_after_boot(), 60000); /* the default bound: a minute */
    seen.checks = 0;
    seen.byte = 0x80;
    uint64_t at = first_check_after_boot();
    assert_true(at >= 29000 && at <= 31000);
    /* a shorter interval bounds it; the field sets it */
    seen.checks = 0;
    seen.byte = 0xff;
    config.check_interval_s = 20;
    assert_int_equal(first_check_after_boot(), 20000);
    seen.checks = 0;
    config.first_check_jitter_s = 300;
    assert_int_equal(first_check_after_boot(), 300000);
    /* a trigger before it checks at once */
    seen.checks = 0;
    fake_server.check_status = 204;
    boot();
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_int_equal(seen.checks, 0);
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_int_equal(seen.checks, 1);
}

/* Periodic checks every check_interval_s, 90 % to 110 % of it, drawn when a check is done. */
static void the_periodic_interval_is_jittered(void **state) {
    (void) state;
    fake_server.check_status = 204;
    seen.byte = 0x00;
    boot();
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE); /* draws -10 %: the next in 3240 s */
    fake_server.now_ms += 1000;
    seen.byte = 0xff;
    poll_until(2);                                              /* draws +10 %: the next in 3960 s */
    poll_until(3);
    assert_int_equal(seen.check_at[1] - seen.check_at[0], 3240000);
    assert_int_equal(seen.check_at[2] - seen.check_at[1], 3960000);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_server_outage_backs_checks_off_to_the_bound, setup, device_teardown),
        cmocka_unit_test_setup_teardown(server_errors_back_off_within_the_bounds, setup, device_teardown),
        cmocka_unit_test_setup_teardown(check_backoff_never_exceeds_the_interval, setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_success_resets_the_backoff, setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_trigger_skips_the_check_backoff, setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_cdn_outage_backs_the_download_off_and_triggers_do_not_shorten_it, setup,
                                        device_teardown),
        cmocka_unit_test_setup_teardown(progress_restarts_the_download_backoff, setup, device_teardown),
        cmocka_unit_test_setup_teardown(an_owed_report_backs_off_too, setup, device_teardown),
        cmocka_unit_test_setup_teardown(the_first_check_after_boot_is_jittered, setup, device_teardown),
        cmocka_unit_test_setup_teardown(the_periodic_interval_is_jittered, setup, device_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
