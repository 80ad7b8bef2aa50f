/*
 * NVS lost (erased, as the example does when nvs_flash_init finds no free pages) between two boots at each point
 * of an update: the device then runs a valid image, reports nothing it cannot know, keeps no image unasked, and
 * takes the next update through to SUCCESS, with its offer floor established again. And an install within the NVS
 * budget docs/sdk.md gives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "device.h"
#include "keys.h"

enum { DOWNLOADING, SWITCHED, UNDER_TEST, VALID_OWED, ROLLED_BACK_OWED, REPORTED, POINTS };

static const char *const POINT_NAMES[POINTS] = {"downloading", "switched", "under test", "valid, report owed",
                                                "rolled back, report owed", "reported"};

/* A power cycle into firmware that erases the NVS before voyager_init. */
static void boot_with_nvs_erased(void) {
    rig_reboot(&rig);
    memset(rig.flash.kv, 0, sizeof rig.flash.kv);
    config.running_version = rig.flash.version;
    assert_int_equal(voyager_init(&client, &config), VOYAGER_OK);
    voyager_request_check(&client);
}

static void install_2_0_0(void) {
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.sequence = 5;
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
}

/* Runs an update of 2.0.0 up to point, where the NVS goes; then what the device knows after that boot. */
static void lose_nvs_at(int point) {
    if (point == DOWNLOADING) {
        rig_image(&rig, test_image_defaults(), "2.0.0");
        rig.offer.sequence = 5;
        device_offer();
        fake_server.cut_after = 1000;
        fake_server.cuts = 1;
        config.download_attempts = 1;
        device_boot();
        assert_int_equal(voyager_poll(&client), VOYAGER_ERR_NETWORK);
        config.download_attempts = 0;
    } else {
        install_2_0_0();
    }
    if (point >= UNDER_TEST) {
        device_boot();
        assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
    }
    fake_server.down = point == VALID_OWED || point == ROLLED_BACK_OWED;
    if (point == VALID_OWED || point == REPORTED) {
        assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    } else if (point == ROLLED_BACK_OWED) {
        device_boot();
        assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_ROLLED_BACK);
    }
    fake_server.down = false;
    int reports = fake_server.report_count;
    boot_with_nvs_erased();
    bool new_under_test = point == SWITCHED;
    assert_string_equal(rig.flash.version, point == SWITCHED || point == VALID_OWED || point == REPORTED ? "2.0.0"
                        : "1.0.0");
    /* an image under test stays so until the application says; nothing else is an outcome any more */
    assert_int_equal(voyager_boot_outcome(&client), new_under_test ? VOYAGER_BOOT_NEW_FIRMWARE : VOYAGER_BOOT_NORMAL);
    assert_int_equal(rig.flash.boot_state, new_under_test ? VOYAGER_BOOT_PENDING_VERIFY : VOYAGER_BOOT_VALID);
    if (new_under_test) {
        assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
        assert_int_equal(rig.flash.boot_state, VOYAGER_BOOT_VALID);
        assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NORMAL);
    }
    fake_server.check_status = 204;
    voyager_poll(&client);
    assert_int_equal(fake_server.report_count, reports); /* which update it was went with the record */
}

/* The next release installs and is reported, and the floor it set keeps an offer of an older generation out. */
static void takes_the_next_update(void) {
    rig_image(&rig, test_image_defaults(), "3.0.0");
    rig.offer.sequence = 6;
    device_offer();
    device_wait_backoff();
    assert_int_equal(device_poll_until_restart(3), VOYAGER_OK);
    device_boot();
    assert_string_equal(rig.flash.version, "3.0.0");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    assert_true(fake_find_report("\"toVersion\":\"3.0.0\",\"runningVersion\":\"3.0.0\",\"status\":\"SUCCESS\"") >= 0);
    rig_image(&rig, test_image_defaults(), "4.0.0");
    rig.offer.sequence = 5;
    device_offer();
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_string_equal(voyager_no_update_reason(&client), "stale-offer");
}

static void nvs_lost_at_each_point_of_an_update_leaves_the_device_consistent(void **state) {
    for (int point = 0; point < POINTS; point++) {
        print_message("NVS erased: %s\n", POINT_NAMES[point]);
        device_setup(state);
        lose_nvs_at(point);
        takes_the_next_update();
        device_teardown(state);
    }
}

/* The floor is kept in two places: the offer sequence, and the last update's record. */
static void the_floor_outlives_the_loss_of_its_own_key(void **state) {
    (void) state;
    install_2_0_0();
    device_boot();
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    assert_int_equal(rig.port.state_set(rig.port.ctx, VOYAGER_KEY_SEQUENCE, NULL, 0), VOYAGER_OK);
    device_boot();
    rig_image(&rig, test_image_defaults(), "3.0.0");
    rig.offer.sequence = 4;
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_string_equal(voyager_no_update_reason(&client), "stale-offer");
}

/*
 * The emulated flash keeps which UI goes with which firmware in its otadata, beside the boot choice, so a bundle's
 * UI survives the NVS (the ESP-IDF port keeps it in NVS: docs/sdk.md says what is left to do there).
 */
static void a_bundle_keeps_its_ui_on_the_emulated_flash(void **state) {
    (void) state;
    rig_bundle(&rig, "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    boot_with_nvs_erased();
    assert_int_equal(rig.flash.app, 1);
    assert_int_equal(rig.flash.ui, 1);
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    rig_reboot(&rig);
    assert_int_equal(rig.flash.ui, 1);
}

/*
 * The budget of docs/sdk.md for the core's keys without learned offer keys: the checkpoint, the update record and
 * the offer sequence at once, and room for a second checkpoint while it is rewritten (on an ESP32 26, 21, 3 and 26
 * entries of 32 bytes; the host's checkpoint is a little larger, its pointers being).
 */
static long nvs_minimum(void) {
    return 2 * vflash_nvs_cost(sizeof(voyager_update_state_t)) + vflash_nvs_cost(sizeof(voyager_pending_t))
            + vflash_nvs_cost(sizeof(int64_t));
}

static void an_install_fits_the_documented_nvs_budget(void **state) {
    (void) state;
    assert_int_equal(vflash_nvs_cost(sizeof(voyager_pending_t)), 32L * 21);
    assert_int_equal(vflash_nvs_cost(sizeof(int64_t)), 32L * 3);
    memset(rig.flash.kv, 0, sizeof rig.flash.kv);
    rig.flash.state_bounded = true;
    rig.flash.state_free = nvs_minimum();
    install_2_0_0();
    assert_int_equal(rig.flash.state_refused, 0); /* every checkpoint written too */
    device_boot();
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    assert_true(fake_find_report("\"toVersion\":\"2.0.0\",\"runningVersion\":\"2.0.0\",\"status\":\"SUCCESS\"") >= 0);
    assert_int_equal(rig.flash.state_refused, 0);
}

/* Short of room for the record of the switch: refused cleanly, the running firmware untouched. */
static void an_install_short_of_nvs_fails_before_the_switch(void **state) {
    (void) state;
    memset(rig.flash.kv, 0, sizeof rig.flash.kv);
    rig.flash.state_bounded = true;
    rig.flash.state_free = nvs_minimum() - vflash_nvs_cost(sizeof(voyager_pending_t));
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_STORAGE);
    assert_true(rig.flash.state_refused > 0);
    rig_reboot(&rig);
    assert_string_equal(rig.flash.version, "1.0.0");
    assert_int_equal(rig.flash.boot_state, VOYAGER_BOOT_VALID);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, device_setup, device_teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nvs_lost_at_each_point_of_an_update_leaves_the_device_consistent),
        TEST(the_floor_outlives_the_loss_of_its_own_key),
        TEST(a_bundle_keeps_its_ui_on_the_emulated_flash),
        TEST(an_install_fits_the_documented_nvs_budget),
        TEST(an_install_short_of_nvs_fails_before_the_switch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
