/*
 * A pushed update (voyager/push.h) against the fake server, the relay in between: it sends the device's prepared
 * check with the device's credential, hands the device the answer as it came, then the artifact in chunks. The
 * install matches a download's: whole in chunks of any size, resumed after a broken connection and after a power cut
 * at every flash operation, rolled back and reported as after a download, the report carried by the relay. The
 * refusals: test_push_refusals.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "relay.h"

/* After the reboot into the new firmware: marked valid, its SUCCESS report handed to the relay once. */
static void runs_2_0_0_and_owes_success(void) {
    char report[VOYAGER_REQUEST_MAX];
    size_t len = 0;
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
    assert_false(rig.flash.fell_back);
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
    fake_server.down = true; /* the device has no way to the server but the relay */
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    fake_server.down = false;
    assert_int_equal(voyager_push_report(&client, report, sizeof report, &len), VOYAGER_OK);
    assert_int_equal(strlen(report), len);
    assert_non_null(strstr(report, "\"fromVersion\":\"1.0.0\",\"toVersion\":\"2.0.0\",\"runningVersion\":\"2.0.0\","
                                   "\"status\":\"SUCCESS\""));
    assert_non_null(strstr(report, "\"reportId\":\"device-1-1.1-s\""));
    voyager_push_report_delivered(&client);
    assert_int_equal(voyager_push_report(&client, report, sizeof report, &len), VOYAGER_NO_UPDATE);
    device_boot();
    assert_int_equal(voyager_push_report(&client, report, sizeof report, &len), VOYAGER_NO_UPDATE);
}

static void a_pushed_install_in_random_chunks(void **state) {
    (void) state;
    relay_seeded();
    for (int round = 0; round < 4; round++) {
        device_setup(state);
        device_offer_20k_image();
        uint32_t offset = 99;
        assert_int_equal(voyager_push_begin(&client, relay_check(), &offset), VOYAGER_OK);
        assert_int_equal(offset, 0);
        assert_int_equal(voyager_push_offset(&client), 0);
        /* a pushed install is not downloaded behind the relay's back */
        voyager_request_check(&client);
        assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
        assert_int_equal(fake_server.downloads, 0);
        assert_int_equal(relay_send_from(0, round == 0 ? 7 : round == 1 ? 333 : 4096 * (size_t) round), VOYAGER_OK);
        assert_true(fake_find_report("\"status\":\"REBOOTING\"") >= 0);
        runs_2_0_0_and_owes_success();
        device_teardown(state);
    }
}

static void a_bundle_is_pushed_too(void **state) {
    (void) state;
    relay_seeded();
    rig_bundle(&rig, "2.0.0");
    device_offer();
    uint32_t offset = 0;
    assert_int_equal(voyager_push_begin(&client, relay_check(), &offset), VOYAGER_OK);
    assert_int_equal(relay_send_from(0, 1500), VOYAGER_OK);
    runs_2_0_0_and_owes_success();
}

/* The relay lost its connection halfway: a new session carries on the same attempt where the last left off. */
static void a_broken_connection_resumes_from_the_offset(void **state) {
    (void) state;
    relay_seeded();
    device_offer_20k_image();
    uint32_t offset = 0;
    assert_int_equal(voyager_push_begin(&client, relay_check(), &offset), VOYAGER_OK);
    assert_int_equal(voyager_push_write(&client, rig.artifact, 9001), VOYAGER_OK);
    /* the next session: a fresh check, a fresh answer, and the device says where to go on */
    assert_int_equal(voyager_push_begin(&client, relay_check(), &offset), VOYAGER_OK);
    assert_int_equal(offset, 9001);
    assert_int_equal(relay_send_from(offset, 2000), VOYAGER_OK);
    runs_2_0_0_and_owes_success();
    assert_int_equal(fake_find_report("device-1-1.2-"), -1); /* one attempt, resumed, not two */
}

/* A cut at every flash operation of the pushed install: an intact image boots, and the relay resumes. */
static void a_power_cut_at_every_flash_operation_resumes(void **state) {
    long n;
    long resumed_mid_way = 0;
    relay_seeded();
    for (n = 1;; n++) {
        device_setup(state);
        device_offer_20k_image();
        rig.flash.ops = 0;
        rig.flash.fail_at = n;
        uint32_t offset = 0;
        voyager_err_t err = voyager_push_begin(&client, relay_check(), &offset);
        if (err == VOYAGER_OK) {
            err = relay_send_from(offset, 1024);
        }
        bool untouched = !rig.flash.dead;
        if (untouched) {
            assert_int_equal(err, VOYAGER_OK);
        }
        for (int round = 0; round < 4 && strcmp(rig.flash.version, "2.0.0") != 0; round++) {
            device_boot(); /* asserts the bootloader found the image it chose intact */
            if (strcmp(rig.flash.version, "2.0.0") == 0) {
                break;
            }
            assert_string_equal(rig.flash.version, "1.0.0");
            assert_false(rig.flash.fell_back);
            err = voyager_push_begin(&client, relay_check(), &offset);
            assert_int_equal(err, VOYAGER_OK);
            if (offset > 0) {
                resumed_mid_way++;
            }
            assert_true(offset <= rig.artifact_len);
            assert_int_equal(relay_send_from(offset, 1024), VOYAGER_OK);
            device_boot();
        }
        assert_string_equal(rig.flash.version, "2.0.0");
        if (voyager_boot_outcome(&client) == VOYAGER_BOOT_NEW_FIRMWARE) {
            assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
        }
        assert_int_equal(rig.flash.boot_state, VOYAGER_BOOT_VALID);
        device_teardown(state);
        if (untouched) {
            break;
        }
    }
    print_message("power lost at each of the %ld flash operations of a pushed install; %ld resumed mid-way\n",
                  n - 1, resumed_mid_way);
    assert_true(n > 20);
    assert_true(resumed_mid_way > 0);
}

static void a_pushed_update_that_does_not_survive_rolls_back_and_reports_it(void **state) {
    (void) state;
    char report[VOYAGER_REQUEST_MAX];
    size_t len = 0;
    relay_seeded();
    device_offer_20k_image();
    uint32_t offset = 0;
    assert_int_equal(voyager_push_begin(&client, relay_check(), &offset), VOYAGER_OK);
    assert_int_equal(relay_send_from(0, 3000), VOYAGER_OK);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
    fake_server.down = true;
    device_boot(); /* died before voyager_mark_valid */
    assert_string_equal(rig.flash.version, "1.0.0");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_ROLLED_BACK);
    assert_int_equal(voyager_push_report(&client, report, sizeof report, &len), VOYAGER_OK);
    assert_non_null(strstr(report, "\"status\":\"ROLLED_BACK\""));
}

static void a_relay_that_gives_up_leaves_the_old_firmware(void **state) {
    (void) state;
    device_offer_20k_image();
    uint32_t offset = 0;
    assert_int_equal(voyager_push_begin(&client, relay_check(), &offset), VOYAGER_OK);
    assert_int_equal(voyager_push_write(&client, rig.artifact, 5000), VOYAGER_OK);
    voyager_push_abort(&client);
    assert_int_equal(voyager_push_offset(&client), 0);
    assert_int_equal(voyager_push_write(&client, rig.artifact + 5000, 16), VOYAGER_ERR_STATE);
    assert_true(fake_find_report("\"errorCode\":\"cancelled\"") >= 0);
    device_boot();
    assert_string_equal(rig.flash.version, "1.0.0");
    /* the next pushed install starts afresh */
    assert_int_equal(voyager_push_begin(&client, relay_check(), &offset), VOYAGER_OK);
    assert_int_equal(offset, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_pushed_install_in_random_chunks),
        cmocka_unit_test_setup_teardown(a_bundle_is_pushed_too, device_setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_broken_connection_resumes_from_the_offset, device_setup, device_teardown),
        cmocka_unit_test(a_power_cut_at_every_flash_operation_resumes),
        cmocka_unit_test_setup_teardown(a_pushed_update_that_does_not_survive_rolls_back_and_reports_it, device_setup,
                                        device_teardown),
        cmocka_unit_test_setup_teardown(a_relay_that_gives_up_leaves_the_old_firmware, device_setup, device_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
