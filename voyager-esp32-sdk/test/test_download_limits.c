/*
 * Slow and endless downloads (security suite row 7): a trickling body is cut after one rate window, an endless one
 * at the offer's size, a download slow but steady completes, and one fast enough but too long stops at the
 * deadline; a cut keeps the checkpoint, is not reported FAILED, and the next attempt resumes with a Range. The
 * fake server trickles on the fake clock, which only it moves: each test runs minutes of simulated time at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "device.h"
#include "keys.h"

/* An image of about 30 KB, so a trickle has room to start after some checkpoints. */
static void offer_30k(void) {
    test_image_t t = test_image_defaults();
    t.segments[0] = 30000;
    rig_image(&rig, t, "2.0.0");
    device_offer();
}

/* Pieces of bytes every ms milliseconds of the fake clock, from artifact offset from on, in the next n downloads. */
static void pace(long from, size_t bytes, uint64_t ms, int n) {
    fake_server.pace_from = from;
    fake_server.pace_bytes = bytes;
    fake_server.pace_ms = ms;
    fake_server.paced = n;
}

/* Where the persisted checkpoint says the download resumes, or -1 without one. */
static long checkpoint(void) {
    voyager_update_state_t st;
    size_t len = 0;
    assert_int_equal(rig.port.state_get(rig.port.ctx, VOYAGER_KEY_DOWNLOAD, &st, sizeof st, &len), VOYAGER_OK);
    return len == sizeof st ? (long) st.pos : -1;
}

static void expect_too_slow(const char *names) {
    assert_string_equal(voyager_err_code(VOYAGER_ERR_TOO_SLOW), "download-too-slow");
    assert_non_null(strstr(voyager_last_error(&client), names));
    assert_int_equal(fake_find_report("\"status\":\"FAILED\""), -1); /* a cut is not the release's failure */
    assert_int_equal(fake_find_report("\"status\":\"REBOOTING\""), -1);
}

static void a_trickle_is_cut_after_a_window_and_resumes_from_its_checkpoint(void **state) {
    (void) state;
    offer_30k();
    config.download_attempts = 1;
    device_boot();
    /* 12000 bytes at once, then 3 bytes every 10 s: about 0.3 B/s */
    pace(12000, 3, 10000, 1);
    uint64_t t0 = fake_server.now_ms;
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_TOO_SLOW);
    expect_too_slow("download_min_bytes");
    /* the first window (from the request) holds the 12000 bytes; the second, 3 pieces of 3 bytes: cut at its end */
    assert_int_equal(fake_server.now_ms - t0, 60000);
    assert_int_equal(fake_server.taken, 12015);
    assert_int_equal(checkpoint(), 12015);
    /* power cycle: nothing was switched, and the next attempt resumes where the trickle was cut */
    device_boot();
    assert_string_equal(rig.flash.version, "1.0.0");
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    assert_int_equal(fake_server.downloads, 2);
    assert_string_equal(fake_server.last_range, "12015");
    assert_int_equal(fake_server.taken, (long) rig.artifact_len);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
}

static void a_trickled_attempt_is_retried_at_once_like_a_broken_connection(void **state) {
    (void) state;
    offer_30k();
    pace(12000, 3, 10000, 1);
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    assert_int_equal(fake_server.downloads, 2);
    assert_string_equal(fake_server.last_range, "12015");
    assert_int_equal(fake_find_report("\"status\":\"FAILED\""), -1);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
}

static void an_endless_body_is_still_cut_at_the_offers_size(void **state) {
    (void) state;
    offer_30k();
    fake_server.extra_bytes = 64L * 1024 * 1024; /* as good as endless: the device must stop it, not the server */
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_TOO_LARGE);
    assert_int_equal(fake_server.taken, (long) rig.artifact_len); /* not one byte past the offer's size */
    assert_true(fake_find_report("\"status\":\"FAILED\",\"errorCode\":\"too-large\"") >= 0);
    device_boot();
    assert_string_equal(rig.flash.version, "1.0.0");

    /* endless and trickling after the artifact: cut at the size all the same, at the first byte too many */
    offer_30k();
    pace((long) rig.artifact_len, 1, 10000, 1);
    uint64_t t0 = fake_server.now_ms;
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_TOO_LARGE);
    assert_int_equal(fake_server.now_ms - t0, 10000);
}

static void a_slow_but_steady_download_completes(void **state) {
    (void) state;
    offer_30k();
    pace(0, 1000, 5000, 1); /* 200 B/s: some 150 s for the image, over five rate windows */
    uint64_t t0 = fake_server.now_ms;
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    assert_int_equal(fake_server.downloads, 1);
    assert_true(fake_server.now_ms - t0 > 5 * 30000);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
}

static void the_minimum_rate_holds_to_the_byte(void **state) {
    (void) state;
    config.download_min_bytes = 3000;
    config.download_attempts = 1;
    device_boot();
    offer_30k();
    pace(0, 1000, 9000, 1); /* 3000 bytes in each 30 s window: just enough */
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);

    test_image_t t = test_image_defaults();
    t.segments[0] = 30000;
    rig_image(&rig, t, "2.1.0");
    device_offer();
    pace(0, 999, 9000, 1); /* 2997 bytes in the first window: one byte short */
    fake_server.taken = 0;
    uint64_t t0 = fake_server.now_ms;
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_TOO_SLOW);
    assert_int_equal(fake_server.now_ms - t0, 36000); /* judged by the first piece after the window */
    assert_int_equal(fake_server.taken, 2997);
}

/* Big pieces with a whole window of silence between them: every window that closes had enough, one had nothing. */
static void bursts_between_silences_are_too_slow_too(void **state) {
    (void) state;
    config.download_attempts = 1;
    device_boot();
    offer_30k();
    pace(5000, 5000, 65000, 1); /* 5000 bytes every 65 s: 77 B/s on average */
    uint64_t t0 = fake_server.now_ms;
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_TOO_SLOW);
    expect_too_slow("download_min_bytes");
    assert_int_equal(fake_server.now_ms - t0, 65000);
    assert_int_equal(fake_server.taken, 5000);
}

static void the_deadline_stops_a_download_fast_enough_but_too_long(void **state) {
    (void) state;
    config.download_deadline_s = 60;
    device_boot();
    offer_30k();
    pace(0, 1000, 5000, 100); /* 200 B/s, well above the minimum rate: the image would take some 150 s */
    uint64_t t0 = fake_server.now_ms;
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_TOO_SLOW);
    expect_too_slow("download_deadline_s");
    assert_int_equal(fake_server.downloads, 1); /* the deadline is the poll's: no more attempts in it */
    assert_int_equal(fake_server.now_ms - t0, 60000);
    assert_int_equal(fake_server.taken, 11000);
    assert_int_equal(checkpoint(), 11000);
    /* each poll may download for the deadline again, resuming: the image gets there in three */
    device_wait_backoff();
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_TOO_SLOW);
    assert_string_equal(fake_server.last_range, "11000");
    device_wait_backoff();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    assert_int_equal(fake_server.downloads, 3);
    assert_string_equal(fake_server.last_range, "22000");
    assert_int_equal(fake_find_report("\"status\":\"FAILED\""), -1);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
}

/* Step by step, the attempts share one deadline: broken connections use it up as they go, then a new one starts. */
static void download_steps_share_one_deadline(void **state) {
    (void) state;
    config.download_deadline_s = 60;
    device_boot();
    offer_30k();
    pace(0, 1000, 5000, 3);
    fake_server.cut_after = 5000;
    fake_server.cuts = 3;
    assert_int_equal(voyager_check(&client, NULL), VOYAGER_OK);
    assert_int_equal(voyager_begin(&client), VOYAGER_OK);
    assert_int_equal(voyager_download(&client), VOYAGER_ERR_NETWORK); /* 25 s */
    assert_int_equal(voyager_download(&client), VOYAGER_ERR_NETWORK); /* 50 s */
    assert_int_equal(voyager_download(&client), VOYAGER_ERR_TOO_SLOW); /* one more piece, then 60 s */
    assert_non_null(strstr(voyager_last_error(&client), "download_deadline_s"));
    assert_int_equal(fake_server.taken, 11000);
    assert_int_equal(voyager_download(&client), VOYAGER_OK); /* a new deadline, and a link at full speed */
    assert_string_equal(fake_server.last_range, "11000");
    assert_int_equal(voyager_finish(&client), VOYAGER_OK);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
}

static void a_port_without_a_clock_is_refused(void **state) {
    (void) state;
    voyager_client_t c;
    voyager_port_t no_clock = rig.port;
    voyager_config_t bad = config;
    no_clock.now_ms = NULL;
    bad.port = &no_clock;
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_ERR_ARG);
    assert_non_null(strstr(voyager_last_error(&c), "now_ms"));
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, device_setup, device_teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        TEST(a_trickle_is_cut_after_a_window_and_resumes_from_its_checkpoint),
        TEST(a_trickled_attempt_is_retried_at_once_like_a_broken_connection),
        TEST(an_endless_body_is_still_cut_at_the_offers_size),
        TEST(a_slow_but_steady_download_completes),
        TEST(the_minimum_rate_holds_to_the_byte),
        TEST(bursts_between_silences_are_too_slow_too),
        TEST(the_deadline_stops_a_download_fast_enough_but_too_long),
        TEST(download_steps_share_one_deadline),
        TEST(a_port_without_a_clock_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
