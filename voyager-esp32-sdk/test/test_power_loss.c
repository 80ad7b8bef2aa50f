/*
 * Power loss at every flash operation of a whole update as the client runs it — partition erases and writes,
 * resume checkpoints, the offer sequence, the pending-update record, the otadata switch — and then at every one
 * of the first boot of the new firmware (init, mark valid, the outcome record). After each the device boots an
 * intact image without the bootloader having to pass over a broken one, and keeps polling until it runs the new
 * firmware, marked valid, with SUCCESS reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "device.h"

/* After whatever happened: boots and polls as a device would until 2.0.0 runs, valid and reported. */
static void recovers(void) {
    for (int round = 0; round < 8; round++) {
        device_boot(); /* asserts the bootloader found the image it chose intact */
        assert_true(strcmp(rig.flash.version, "1.0.0") == 0 || strcmp(rig.flash.version, "2.0.0") == 0);
        if (voyager_boot_outcome(&client) == VOYAGER_BOOT_NEW_FIRMWARE) {
            assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
        }
        if (strcmp(rig.flash.version, "2.0.0") == 0 && rig.flash.boot_state == VOYAGER_BOOT_VALID) {
            voyager_request_check(&client);
            fake_server.check_status = 204;
            voyager_poll(&client); /* sends what is still owed */
            assert_true(fake_find_report("\"runningVersion\":\"2.0.0\",\"status\":\"SUCCESS\"") >= 0);
            return;
        }
        device_offer();
        voyager_err_t err = device_poll_until_restart(3);
        assert_true(err == VOYAGER_OK || err == VOYAGER_NO_UPDATE);
    }
    fail_msg("the device did not reach 2.0.0");
}

static void offer_a_20k_image(void) {
    test_image_t t = test_image_defaults();
    t.segments[0] = 12000;
    t.segments[1] = 6000;
    t.segments[2] = 2000;
    t.segment_count = 3;
    rig_image(&rig, t, "2.0.0");
    device_offer();
}

static void during_the_install(void **state) {
    long n;
    for (n = 1;; n++) {
        device_setup(state);
        offer_a_20k_image();
        rig.flash.ops = 0;
        rig.flash.fail_at = n;
        voyager_err_t err = voyager_poll(&client);
        bool untouched = !rig.flash.dead;
        if (untouched) {
            assert_int_equal(err, VOYAGER_OK);
        }
        recovers();
        device_teardown(state);
        if (untouched) {
            break;
        }
    }
    print_message("power lost at each of the %ld flash operations of an install\n", n - 1);
    assert_true(n > 40);
}

static void during_the_first_boot(void **state) {
    long n;
    for (n = 1;; n++) {
        device_setup(state);
        offer_a_20k_image();
        assert_int_equal(voyager_poll(&client), VOYAGER_OK);
        rig_reboot(&rig);
        rig.flash.ops = 0;
        rig.flash.fail_at = n;
        config.running_version = rig.flash.version;
        assert_int_equal(voyager_init(&client, &config), VOYAGER_OK);
        voyager_mark_valid(&client);
        bool untouched = !rig.flash.dead;
        recovers();
        device_teardown(state);
        if (untouched) {
            break;
        }
    }
    print_message("power lost at each of the %ld flash operations of the first boot\n", n - 1);
    assert_true(n > 3);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(during_the_install),
        cmocka_unit_test(during_the_first_boot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
