/*
 * Power loss through the real ESP-IDF port on the host emulation: at every flash operation of a whole update as
 * the client runs it (the sequential erases and writes of esp_ota_write, a bundle's UI erased ahead and written, the
 * NVS commits of the slot records, checkpoints, offer sequence and pending update, the otadata switch), at each of
 * the bootloader's own otadata rewrites (NEW to PENDING_VERIFY at the first boot, PENDING_VERIFY to ABORTED when
 * the new firmware never got to mark itself valid), and at every operation of the new firmware's first start
 * (voyager_init, the mark valid that rewrites otadata, the outcome record). After each the bootloader finds the
 * image it chooses intact, old or new, the running firmware finds its own UI partition, and the device keeps
 * polling until it runs the new version, valid, with SUCCESS reported, having written nothing over unerased flash.
 * Built for ESP-IDF 5.5 (resuming, on plain and on encrypted flash) and 5.0 (starting over).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "esp_idf_version.h"

typedef struct {
    const char *artifact;
    const char *version;
    const char *ui;                    /* the UI partition the new version uses; NULL: not a bundle */
    bool encrypted;                    /* flash encryption on */
} update_t;

static const update_t app_image = {"v2.bin", "2.0.0", NULL, false};
static const update_t bundle = {"bundle3.bin", "3.0.0", "www_1", false};

static bool runs_valid(const char *version) {
    bool found;
    const esp_partition_t *running = esp_ota_get_running_partition();
    return strcmp(bench_running(), version) == 0 && idf_host_ota_state(running, &found) == ESP_OTA_IMG_VALID;
}

/* The UI partition the port hands the running firmware: the new one's with it, the flashed www_0 with 1.0.0. */
static void finds_its_ui(const update_t *u) {
    bool old = strcmp(bench_running(), "1.0.0") == 0;
    const char *expected = old || u->ui == NULL ? "www_0" : u->ui;
    assert_string_equal(voyager_esp_ui_partition(&bench.port)->label, expected);
}

/*
 * After whatever happened: boots (unless the bootloader just ran) and polls as a device would until the new version
 * runs, valid and reported.
 */
static void recovers_after(const update_t *u, bool booted) {
    char success[96];
    snprintf(success, sizeof success, "\"runningVersion\":\"%s\",\"status\":\"SUCCESS\"", u->version);
    for (int round = 0; round < 8; round++) {
        if (round == 0 && booted) {
            assert_false(idf_host.passed_over);
            bench_firmware_start();
        } else {
            bench_boot(); /* asserts the bootloader found the image it chose intact */
        }
        assert_true(strcmp(bench_running(), "1.0.0") == 0 || strcmp(bench_running(), u->version) == 0);
        finds_its_ui(u);
        if (voyager_boot_outcome(&bench.client) == VOYAGER_BOOT_NEW_FIRMWARE) {
            assert_int_equal(voyager_mark_valid(&bench.client), VOYAGER_OK);
        }
        if (runs_valid(u->version)) {
            voyager_request_check(&bench.client);
            voyager_poll(&bench.client); /* sends what is still owed */
            assert_true(bench_count("reports.log", success) >= 1);
            assert_int_equal(idf_host.bit_conflicts, 0);
            return;
        }
        voyager_err_t err = bench_poll_until_restart(3);
        assert_true(err == VOYAGER_OK || err == VOYAGER_NO_UPDATE);
    }
    fail_msg("the device did not reach %s", u->version);
}

static void recovers(const update_t *u) {
    recovers_after(u, false);
}

/* Cuts the power at the first, the second ... operation of an install until one runs untouched; returns how many. */
static long cut_everywhere_in_install(const update_t *u) {
    for (long n = 1;; n++) {
        bench_new_device();
        idf_host_set_flash_encryption(u->encrypted);
        bench_offer(u->artifact);
        idf_host.cut_at = n;
        voyager_err_t err = voyager_poll(&bench.client);
        bool untouched = !idf_host.dead;
        if (untouched) {
            assert_int_equal(err, VOYAGER_OK);
        }
        recovers(u);
        if (untouched) {
            return n - 1;
        }
    }
}

static void during_the_install(void **state) {
    (void) state;
    long ops = cut_everywhere_in_install(&app_image);
    print_message("power lost at each of the %ld flash operations of an install\n", ops);
    assert_true(ops > 100); /* 200 KB: some 50 sector erases and as many writes */
}

static void during_a_bundle_install(void **state) {
    (void) state;
    long ops = cut_everywhere_in_install(&bundle);
    print_message("power lost at each of the %ld flash operations of a bundle's install\n", ops);
    assert_true(ops > 40);
}

/* Its PENDING_VERIFY to ABORTED, when the new firmware crashed before it was marked valid: cut there, too. */
static void during_the_bootloaders_rollback(void **state) {
    long n;
    (void) state;
    for (n = 1;; n++) {
        bench_new_device();
        bench_install(app_image.artifact);
        assert_int_equal(idf_host_boot(), 0); /* 2.0.0 pending verify, which crashes before it is marked valid */
        idf_host.boot_cut_at = n;
        assert_int_equal(idf_host_boot(), 0);
        bool untouched = !idf_host.cut_in_boot;
        assert_false(idf_host.passed_over);
        bench_firmware_start();
        assert_string_equal(bench_running(), "1.0.0");
        assert_int_equal(voyager_boot_outcome(&bench.client), VOYAGER_BOOT_ROLLED_BACK);
        recovers(&app_image);
        if (untouched) {
            break;
        }
    }
    print_message("power lost at each of the %ld flash operations of the bootloader's rollback\n", n - 1);
    assert_true(n > 2);
}

static void during_the_first_boot(void **state) {
    long n;
    (void) state;
    for (n = 1;; n++) {
        bench_new_device();
        bench_install(app_image.artifact);
        assert_int_equal(idf_host_boot(), 0);
        idf_host.cut_at = n;
        bench_firmware_start();
        voyager_mark_valid(&bench.client);
        bool untouched = !idf_host.dead;
        recovers(&app_image);
        if (untouched) {
            break;
        }
    }
    print_message("power lost at each of the %ld flash operations of the first boot\n", n - 1);
    assert_true(n > 2);
}

#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 5, 0)
static const update_t encrypted_app_image = {"v2.bin", "2.0.0", NULL, true};

/* Resuming on encrypted flash: what esp_ota_write held back at the cut must not be counted as written. */
static void during_an_encrypted_install(void **state) {
    (void) state;
    long ops = cut_everywhere_in_install(&encrypted_app_image);
    print_message("power lost at each of the %ld flash operations of an install on encrypted flash\n", ops);
    assert_true(ops > 100);
}
#endif

/* The bootloader's NEW to PENDING_VERIFY rewrites the record in place: cut there, the record is lost. */
static void during_the_bootloader(void **state) {
    long n;
    (void) state;
    for (n = 1;; n++) {
        bench_new_device();
        bench_install(app_image.artifact);
        idf_host.boot_cut_at = n;
        assert_int_equal(idf_host_boot(), 0);
        bool untouched = !idf_host.cut_in_boot;
        recovers_after(&app_image, true);
        if (untouched) {
            break;
        }
    }
    print_message("power lost at each of the %ld flash operations of the bootloader\n", n - 1);
    assert_true(n > 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(during_the_install),
        cmocka_unit_test(during_a_bundle_install),
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 5, 0)
        cmocka_unit_test(during_an_encrypted_install),
#endif
        cmocka_unit_test(during_the_bootloader),
        cmocka_unit_test(during_the_bootloaders_rollback),
        cmocka_unit_test(during_the_first_boot),
    };
    return cmocka_run_group_tests(tests, bench_start, bench_stop);
}
