/*
 * Power loss at every flash operation of a whole update as the client runs it — partition erases and writes,
 * resume checkpoints, the offer sequence, the pending-update record, the otadata switch — and then at every one
 * of the first boot of the new firmware (init, mark valid, the outcome record). After each the device boots an
 * intact image without the bootloader having to pass over a broken one, and keeps polling until it runs the new
 * firmware, marked valid, with SUCCESS reported; its reports tell of one install attempt after another. The
 * install runs once through voyager_poll and once in steps (voyager_perform_step), the cuts falling between them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "device.h"

/*
 * The reports' ids number the install attempts one after another from the first: a cut resumes the attempt under
 * way wherever it fell, and another begins only once an outcome of the last one (FAILED, ROLLED_BACK) went out.
 */
static void one_attempt_after_another(void) {
    unsigned current = 1;
    bool over = false;
    for (int i = 0; i < fake_server.report_count; i++) {
        unsigned attempt = 0;
        char letter = 0;
        assert_int_equal(sscanf(fake_server.reports[i], "{\"reportId\":\"device-1-1.%u-%c\"", &attempt, &letter), 2);
        if (attempt != current) {
            assert_true(over);
            assert_int_equal(attempt, current + 1);
            current = attempt;
            over = false;
        }
        over = over || letter == 'f' || letter == 'b' || letter == 's';
    }
}

/* Once the power is gone nothing more leaves the device, though the code under test runs on. */
static voyager_err_t powered_http(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp,
                                  voyager_http_body_fn on_body, void *arg) {
    voyager_port_t server;
    fake_port(&server);
    return rig.flash.dead ? VOYAGER_ERR_NETWORK : server.http(ctx, req, resp, on_body, arg);
}

static voyager_err_t powered_open(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp) {
    voyager_port_t server;
    fake_port(&server);
    return rig.flash.dead ? VOYAGER_ERR_NETWORK : server.http_open(ctx, req, resp);
}

static voyager_err_t powered_read(void *ctx, voyager_http_body_fn on_body, void *arg, bool *done) {
    voyager_port_t server;
    fake_port(&server);
    return rig.flash.dead ? VOYAGER_ERR_NETWORK : server.http_read(ctx, on_body, arg, done);
}

static void power_setup(void **state) {
    device_setup(state);
    rig.port.http = powered_http;
    rig.port.http_open = powered_open;
    rig.port.http_read = powered_read;
}

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
            one_attempt_after_another();
            return;
        }
        device_offer();
        voyager_err_t err = device_poll_until_restart(3);
        assert_true(err == VOYAGER_OK || err == VOYAGER_NO_UPDATE);
    }
    fail_msg("the device did not reach 2.0.0");
}

static void during_the_install(void **state) {
    long n;
    for (n = 1;; n++) {
        power_setup(state);
        device_offer_20k_image();
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

/* The same install in steps (voyager_perform_step), the power going at each flash operation, so between steps. */
static void during_a_stepped_install(void **state) {
    long n;
    for (n = 1;; n++) {
        power_setup(state);
        device_offer_20k_image();
        assert_int_equal(voyager_check(&client, NULL), VOYAGER_OK);
        rig.flash.ops = 0;
        rig.flash.fail_at = n;
        voyager_err_t err = voyager_begin(&client);
        int steps = 0;
        if (err == VOYAGER_OK) {
            while ((err = voyager_perform_step(&client)) == VOYAGER_IN_PROGRESS) {
                steps++;
            }
        }
        if (err == VOYAGER_OK) {
            err = voyager_finish(&client);
        }
        bool untouched = !rig.flash.dead;
        if (untouched) {
            assert_int_equal(err, VOYAGER_OK);
            assert_true(steps > 20);
        }
        recovers();
        device_teardown(state);
        if (untouched) {
            break;
        }
    }
    print_message("power lost at each of the %ld flash operations of an install in steps\n", n - 1);
    assert_true(n > 40);
}

static void during_the_first_boot(void **state) {
    long n;
    for (n = 1;; n++) {
        power_setup(state);
        device_offer_20k_image();
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
        cmocka_unit_test(during_a_stepped_install),
        cmocka_unit_test(during_the_first_boot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
