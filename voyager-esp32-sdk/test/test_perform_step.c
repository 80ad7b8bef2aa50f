/*
 * The install in steps (voyager_begin, voyager_perform_step while VOYAGER_IN_PROGRESS, voyager_finish): the same
 * slot contents as voyager_perform, at most one piece of the body per step, and broken connections, the attempts
 * and the deadline of a run, a cancel and an abort between steps as voyager_perform has them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device.h"

static int progress_calls;
static uint32_t last_done;
static uint32_t cancel_at;

static void on_progress(void *user, uint32_t done, uint32_t total) {
    (void) total;
    progress_calls++;
    last_done = done;
    if (cancel_at != 0 && done >= cancel_at) {
        voyager_cancel((voyager_client_t *) user);
        cancel_at = 0;
    }
}

static int setup(void **state) {
    device_setup(state);
    progress_calls = 0;
    last_done = 0;
    cancel_at = 0;
    config.on_progress = on_progress;
    config.user = &client;
    device_boot();
    test_image_t t = test_image_defaults();
    t.segments[0] = 12000;
    t.segments[1] = 6000;
    rig_image(&rig, t, "2.0.0");
    device_offer();
    return 0;
}

/* Checks, then begins the install of the offer. */
static void begin(void) {
    const voyager_offer_t *offer = NULL;
    assert_int_equal(voyager_check(&client, &offer), VOYAGER_OK);
    assert_int_equal(voyager_begin(&client), VOYAGER_OK);
}

/* Steps until the step says something else than "in progress"; *steps counts them. */
static voyager_err_t steps_until_done(int *steps) {
    voyager_err_t err;
    do {
        long pieces = fake_server.pieces, reads = fake_server.reads;
        int calls = progress_calls;
        err = voyager_perform_step(&client);
        (*steps)++;
        assert_true(fake_server.pieces - pieces <= 1);
        assert_true(fake_server.reads - reads <= 1);
        assert_true(progress_calls - calls <= 1);
        assert_true(*steps < 10000);
    } while (err == VOYAGER_IN_PROGRESS);
    return err;
}

static void installed_and_valid(void) {
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    assert_true(fake_find_report("\"status\":\"SUCCESS\"") >= 0);
}

static void steps_write_what_perform_writes(void **state) {
    int steps = 0;
    begin();
    assert_int_equal(steps_until_done(&steps), VOYAGER_OK);
    /* the request, then one step per piece of 333 bytes */
    assert_true(steps >= (int) (rig.artifact_len / 333));
    assert_int_equal(fake_server.opens, 1);
    assert_int_equal(voyager_finish(&client), VOYAGER_OK);
    uint8_t *stepped = malloc(RIG_APP_SLOT);
    assert_non_null(stepped);
    memcpy(stepped, vflash_slot(&rig.flash, VOYAGER_PART_FIRMWARE, 1), RIG_APP_SLOT);
    installed_and_valid();
    device_teardown(state);

    setup(state);
    begin();
    assert_int_equal(voyager_perform(&client), VOYAGER_OK);
    assert_memory_equal(vflash_slot(&rig.flash, VOYAGER_PART_FIRMWARE, 1), stepped, RIG_APP_SLOT);
    assert_memory_equal(stepped, rig.artifact, rig.artifact_len);
    free(stepped);
}

static void a_broken_connection_resumes_at_the_next_step(void **state) {
    (void) state;
    int steps = 0;
    fake_server.cut_after = 5000;
    fake_server.cuts = 2;
    begin();
    assert_int_equal(steps_until_done(&steps), VOYAGER_OK);
    assert_int_equal(fake_server.downloads, 3);
    assert_string_equal(fake_server.last_range, "10000");
    assert_int_equal(voyager_finish(&client), VOYAGER_OK);
    installed_and_valid();
}

static void a_run_of_steps_ends_after_its_attempts_and_the_next_resumes(void **state) {
    (void) state;
    int steps = 0;
    fake_server.cut_after = 2000;
    fake_server.cuts = 5; /* download_attempts: one run's worth */
    begin();
    assert_int_equal(steps_until_done(&steps), VOYAGER_ERR_NETWORK);
    assert_int_equal(fake_server.downloads, 5);
    assert_true(voyager_update_offset(&client.update) >= 8000);
    assert_int_equal(fake_find_report("\"status\":\"FAILED\""), -1);
    steps = 0;
    assert_int_equal(steps_until_done(&steps), VOYAGER_OK);
    assert_string_equal(fake_server.last_range, "10000");
    assert_int_equal(voyager_finish(&client), VOYAGER_OK);
    installed_and_valid();
}

static void a_run_of_steps_keeps_the_deadline(void **state) {
    (void) state;
    int steps = 0;
    config.download_deadline_s = 10;
    config.download_min_bytes = 100;
    device_boot();
    fake_server.pace_from = 0;
    fake_server.pace_bytes = 333;
    fake_server.pace_ms = 1000; /* 333 bytes a second: the deadline ends the run after 10 s */
    fake_server.paced = 1;
    begin();
    assert_int_equal(steps_until_done(&steps), VOYAGER_ERR_TOO_SLOW);
    assert_non_null(strstr(voyager_last_error(&client), "download_deadline_s"));
    assert_int_equal(fake_server.downloads, 1);
    uint32_t at = voyager_update_offset(&client.update);
    assert_true(at > 0 && at < rig.artifact_len);
    steps = 0;
    assert_int_equal(steps_until_done(&steps), VOYAGER_OK); /* a new run, at full speed */
    assert_int_equal(voyager_finish(&client), VOYAGER_OK);
    installed_and_valid();
}

static void a_cancel_between_steps_keeps_the_checkpoint(void **state) {
    (void) state;
    int steps = 0;
    cancel_at = 6000;
    begin();
    assert_int_equal(steps_until_done(&steps), VOYAGER_ERR_CANCELLED);
    assert_int_equal(voyager_perform_step(&client), VOYAGER_ERR_STATE);
    assert_int_equal(fake_find_report("\"status\":\"FAILED\""), -1);
    uint32_t at = last_done;
    assert_int_equal(voyager_begin(&client), VOYAGER_OK);
    steps = 0;
    assert_int_equal(steps_until_done(&steps), VOYAGER_OK);
    char range[16];
    snprintf(range, sizeof range, "%u", (unsigned) at);
    assert_string_equal(fake_server.last_range, range);
    assert_int_equal(voyager_finish(&client), VOYAGER_OK);
    installed_and_valid();
}

static void an_abort_between_steps_closes_the_exchange(void **state) {
    (void) state;
    begin();
    for (int i = 0; i < 5; i++) {
        assert_int_equal(voyager_perform_step(&client), VOYAGER_IN_PROGRESS);
    }
    voyager_abort(&client, VOYAGER_ERR_DEFERRED);
    assert_true(fake_find_report("\"status\":\"FAILED\"") >= 0);
    assert_int_equal(voyager_perform_step(&client), VOYAGER_ERR_STATE);
    /* the fake asserts that no exchange is left open when the next one opens */
    voyager_request_check(&client);
    assert_int_equal(device_poll_until_restart(3), VOYAGER_OK);
    installed_and_valid();
}

static void a_port_without_pieces_makes_an_attempt_per_step(void **state) {
    (void) state;
    rig.port.http_open = NULL;
    fake_server.cut_after = 5000;
    fake_server.cuts = 1;
    begin();
    assert_int_equal(voyager_perform_step(&client), VOYAGER_IN_PROGRESS); /* the broken first attempt */
    assert_int_equal(voyager_perform_step(&client), VOYAGER_OK);
    assert_int_equal(fake_server.opens, 0);
    assert_int_equal(voyager_finish(&client), VOYAGER_OK);
    installed_and_valid();
}

static void in_progress_has_a_name(void **state) {
    (void) state;
    assert_string_equal(voyager_err_code(VOYAGER_IN_PROGRESS), "in-progress");
    assert_int_equal(VOYAGER_ERR_CANCELLED + 1, VOYAGER_IN_PROGRESS);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(steps_write_what_perform_writes, setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_broken_connection_resumes_at_the_next_step, setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_run_of_steps_ends_after_its_attempts_and_the_next_resumes, setup,
                                        device_teardown),
        cmocka_unit_test_setup_teardown(a_run_of_steps_keeps_the_deadline, setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_cancel_between_steps_keeps_the_checkpoint, setup, device_teardown),
        cmocka_unit_test_setup_teardown(an_abort_between_steps_closes_the_exchange, setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_port_without_pieces_makes_an_attempt_per_step, setup, device_teardown),
        cmocka_unit_test(in_progress_has_a_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
