/*
 * The outcome of an update told from what the bootloader did (the running slot and its state), not from version
 * strings: a sketch whose version string did not change with its build is still marked valid and reported, a
 * rollback is one whatever the versions say, and a boot with nothing pending is a normal one. A port that cannot
 * say which slot runs falls back to comparing versions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "device.h"

/* A power cycle into firmware that calls itself version, whatever its image's descriptor says. */
static void boot_as(const char *version) {
    rig_reboot(&rig);
    config.running_version = version;
    assert_int_equal(voyager_init(&client, &config), VOYAGER_OK);
    voyager_request_check(&client);
}

static void install_2_0_0(void) {
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
}

static void an_update_whose_version_string_did_not_change_is_kept_and_reported(void **state) {
    (void) state;
    install_2_0_0();
    boot_as("1.0.0"); /* the sketch was built with its version left at 1.0.0 */
    assert_string_equal(rig.flash.version, "2.0.0");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    assert_int_equal(rig.flash.boot_state, VOYAGER_BOOT_VALID);
    assert_true(fake_find_report("\"fromVersion\":\"1.0.0\",\"toVersion\":\"2.0.0\",\"runningVersion\":\"1.0.0\","
                                 "\"status\":\"SUCCESS\"") >= 0);
    int reports = fake_server.report_count;
    boot_as("1.0.0");
    assert_string_equal(rig.flash.version, "2.0.0"); /* kept: not rolled back for want of a verdict */
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NORMAL);
    fake_server.check_status = 204;
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_int_equal(fake_server.report_count, reports);
    /* and the next update is not blocked by an image left pending verification */
    rig_image(&rig, test_image_defaults(), "3.0.0");
    device_offer();
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
}

static void a_rollback_is_one_although_the_versions_are_equal(void **state) {
    (void) state;
    install_2_0_0();
    boot_as("2.0.0");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
    /* it dies before voyager_mark_valid; the old firmware, back, calls itself 2.0.0 too */
    boot_as("2.0.0");
    assert_string_equal(rig.flash.version, "1.0.0");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_ROLLED_BACK);
    fake_server.check_status = 204;
    voyager_poll(&client);
    assert_true(fake_find_report("\"fromVersion\":\"1.0.0\",\"toVersion\":\"2.0.0\",\"runningVersion\":\"2.0.0\","
                                 "\"status\":\"ROLLED_BACK\"") >= 0);
}

static void a_boot_with_nothing_pending_is_normal(void **state) {
    (void) state;
    boot_as("1.0.0");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NORMAL);
    /* also on the other slot once an update there settled: the slot alone is no outcome */
    install_2_0_0();
    boot_as("2.0.0");
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    boot_as("2.0.0");
    assert_int_equal(rig.flash.app, 1);
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NORMAL);
    fake_server.check_status = 204;
    int reports = fake_server.report_count;
    voyager_poll(&client);
    assert_int_equal(fake_server.report_count, reports);
}

/*
 * A sketch as the Arduino wrapper configures it: its version string unchanged, its descriptor the Arduino core's.
 * The update installs, is under test at the next boot, and is reported SUCCESS once marked valid.
 */
static void an_arduino_sketch_updates_and_is_kept(void **state) {
    (void) state;
    rig_arduino_image(&rig, "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_IMAGE); /* compared as for ESP-IDF: another version */
    assert_true(fake_find_report("\"status\":\"FAILED\",\"errorCode\":\"corrupt-image\"") >= 0);
    config.skip_app_version_check = true;
    boot_as("1.0.0");
    device_wait_backoff();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    boot_as("1.0.0");
    assert_string_equal(rig.flash.version, "v5.1.4-497-gdd3f8bde1e");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    assert_true(fake_find_report("\"toVersion\":\"2.0.0\",\"runningVersion\":\"1.0.0\",\"status\":\"SUCCESS\"") >= 0);
}

/* Without running_slot, a valid image is told by its version: the cross-check older ports get. */
static void a_port_that_cannot_tell_the_slot_falls_back_to_versions(void **state) {
    (void) state;
    rig.port.running_slot = NULL;
    install_2_0_0();
    boot_as("1.0.0");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE); /* pending verify says so */
    boot_as("2.0.0"); /* the bootloader went back, and this firmware's version string misleads */
    assert_string_equal(rig.flash.version, "1.0.0");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, device_setup, device_teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        TEST(an_update_whose_version_string_did_not_change_is_kept_and_reported),
        TEST(a_rollback_is_one_although_the_versions_are_equal),
        TEST(a_boot_with_nothing_pending_is_normal),
        TEST(an_arduino_sketch_updates_and_is_kept),
        TEST(a_port_that_cannot_tell_the_slot_falls_back_to_versions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
