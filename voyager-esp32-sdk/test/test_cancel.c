/*
 * Cancelling a download from on_progress: the call returns VOYAGER_ERR_CANCELLED with a sentence, nothing is
 * reported or switched, the checkpoint stays, and the next install of the same artifact resumes the same attempt
 * with a Range; a cancel outside a download does nothing.
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

static uint32_t cancel_at;      /* on_progress cancels once this many bytes are in, 0 for never */
static uint32_t last_done;

static void on_progress(void *user, uint32_t done, uint32_t total) {
    (void) total;
    last_done = done;
    if (cancel_at != 0 && done >= cancel_at) {
        voyager_cancel((voyager_client_t *) user);
        cancel_at = 0;
    }
}

static int setup(void **state) {
    device_setup(state);
    cancel_at = 0;
    last_done = 0;
    config.on_progress = on_progress;
    config.user = &client;
    device_boot();
    test_image_t t = test_image_defaults();
    t.segments[0] = 12000;
    t.segments[1] = 6000;
    rig_image(&rig, t, "2.0.0");
    device_offer();
    fake_server.cut_after = 4096; /* the body comes in pieces, each reported */
    fake_server.cuts = 100;
    return 0;
}

static long checkpoint(void) {
    voyager_update_state_t st;
    size_t len = 0;
    assert_int_equal(rig.port.state_get(rig.port.ctx, VOYAGER_KEY_DOWNLOAD, &st, sizeof st, &len), VOYAGER_OK);
    return len == sizeof st ? (long) st.pos : -1;
}

static void a_cancelled_download_keeps_its_checkpoint_and_resumes(void **state) {
    (void) state;
    cancel_at = 6000;
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_CANCELLED);
    assert_string_equal(voyager_err_code(VOYAGER_ERR_CANCELLED), "cancelled");
    assert_non_null(strstr(voyager_last_error(&client), "cancelled"));
    assert_int_equal(checkpoint(), (long) last_done);
    assert_int_equal(fake_find_report("\"status\":\"FAILED\""), -1);
    int downloads = fake_server.downloads;
    rig_reboot(&rig);
    assert_string_equal(rig.flash.version, "1.0.0");
    assert_int_equal(rig.flash.boot_state, VOYAGER_BOOT_VALID);
    /* no install in progress: the next check offers it again, and the download goes on from the checkpoint */
    assert_int_equal(device_poll_until_restart(3), VOYAGER_OK);
    assert_true(fake_server.downloads > downloads);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    /* one attempt throughout: its DOWNLOADING report, sent at both begins, counted once */
    assert_true(fake_find_report("\"reportId\":\"device-1-1.1-s\"") >= 0);
    assert_int_equal(fake_find_report("\"reportId\":\"device-1-1.2-"), -1);
    assert_true(fake_server.duplicate_reports >= 1);
}

static void a_resumed_download_asks_for_the_rest(void **state) {
    (void) state;
    fake_server.cuts = 0;
    cancel_at = 9000;
    assert_int_equal(voyager_check(&client, NULL), VOYAGER_OK);
    assert_int_equal(voyager_perform(&client), VOYAGER_ERR_CANCELLED);
    long at = checkpoint();
    assert_true(at >= 9000);
    assert_int_equal(voyager_perform(&client), VOYAGER_OK); /* the offer is still held: perform begins again */
    char range[64];
    snprintf(range, sizeof range, "%ld", at);
    assert_string_equal(fake_server.last_range, range);
}

static void a_cancel_outside_a_download_does_nothing(void **state) {
    (void) state;
    voyager_cancel(&client);
    fake_server.cuts = 0;
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, device_teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        TEST(a_cancelled_download_keeps_its_checkpoint_and_resumes),
        TEST(a_resumed_download_asks_for_the_rest),
        TEST(a_cancel_outside_a_download_does_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
