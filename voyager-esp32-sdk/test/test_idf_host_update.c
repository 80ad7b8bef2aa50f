/*
 * The ESP-IDF port itself, run on the host emulation of ESP-IDF (test/idf-host) against the stand-in server: an
 * update installed with esp_ota_begin/write/end and switched by otadata, booted pending verify, marked valid and
 * reported; a reboot in the middle of a download (continued with esp_ota_resume where the IDF has it, started over
 * where it has not), on plain and on encrypted flash; a broken connection, resumed within the boot, or started
 * over when the server ignores Range; an install in steps (voyager_perform_step) across a broken connection; a
 * bundle, whose UI partition follows its firmware through NVS, also when it is rolled back; a new firmware never
 * marked valid, aborted by the bootloader at the next boot and reported rolled back; a second update, rolled back
 * to the first; a firmware that marks itself invalid; rollback turned off.
 * Built for ESP-IDF 5.5 and 5.0.
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

static const esp_partition_t *part(const char *label) {
    return esp_partition_find_first(ESP_PARTITION_TYPE_ANY, ESP_PARTITION_SUBTYPE_ANY, label);
}

static esp_ota_img_states_t state_of(const char *label) {
    bool found;
    esp_ota_img_states_t state = idf_host_ota_state(part(label), &found);
    assert_true(found);
    return state;
}

/* Boots what was installed, checks it runs pending verify, marks it valid and lets the SUCCESS report go. */
static void boots_into(const char *version) {
    bench_boot();
    assert_string_equal(bench_running(), version);
    assert_ptr_equal(esp_ota_get_running_partition(), part("ota_1"));
    assert_int_equal(state_of("ota_1"), ESP_OTA_IMG_PENDING_VERIFY);
    assert_int_equal(voyager_boot_outcome(&bench.client), VOYAGER_BOOT_NEW_FIRMWARE);
    assert_int_equal(voyager_mark_valid(&bench.client), VOYAGER_OK);
    assert_int_equal(state_of("ota_1"), ESP_OTA_IMG_VALID);
    voyager_request_check(&bench.client);
    assert_int_equal(voyager_poll(&bench.client), VOYAGER_NO_UPDATE); /* the server has nothing newer */
    char needle[96];
    snprintf(needle, sizeof needle, "\"runningVersion\":\"%s\",\"status\":\"SUCCESS\"", version);
    assert_int_equal(bench_count("reports.log", needle), 1);
    assert_int_equal(idf_host.bit_conflicts, 0);
}

/* A new device that installed 2.0.0 and booted it for the first time. */
static void booted_2_0_0(void) {
    bench_new_device();
    bench_install("v2.bin");
    bench_boot();
    assert_string_equal(bench_running(), "2.0.0");
    assert_int_equal(state_of("ota_1"), ESP_OTA_IMG_PENDING_VERIFY);
}

/* Polls once with nothing on offer, which sends what is owed: the rollback's report. */
static void reports_rolled_back(void) {
    bench_offer(NULL);
    voyager_request_check(&bench.client);
    voyager_poll(&bench.client);
    assert_int_equal(bench_count("reports.log", "\"runningVersion\":\"1.0.0\",\"status\":\"ROLLED_BACK\""), 1);
}

static void an_update_installs_boots_and_reports(void **state) {
    (void) state;
    bench_new_device();
    bench_install("v2.bin");
    assert_int_equal(state_of("ota_1"), ESP_OTA_IMG_NEW);
    assert_ptr_equal(esp_ota_get_boot_partition(), part("ota_1"));
    assert_int_equal(bench_count("downloads.log", "GET v2.bin range=-1"), 1);
    boots_into("2.0.0");
}

/* The flash operations of a whole install, counted. */
static long install_ops(void) {
    bench_new_device();
    bench_install("v2.bin");
    return idf_host.ops;
}

static void reboot_mid_download(bool encrypted) {
    long total = install_ops();
    bench_new_device();
    idf_host_set_flash_encryption(encrypted);
    bench_offer("v2.bin");
    idf_host.cut_at = total * 2 / 3; /* past the first checkpoint (64 KiB of 200) */
    assert_int_not_equal(voyager_poll(&bench.client), VOYAGER_OK);
    assert_true(idf_host.dead);
    bench_boot();
    assert_string_equal(bench_running(), "1.0.0");
    assert_int_equal(bench_poll_until_restart(3), VOYAGER_OK);
    assert_int_equal(bench_count("downloads.log", "GET v2.bin"), 2);
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 5, 0)
    /* esp_ota_resume: the second download asks for the rest after the last checkpoint */
    assert_int_equal(bench_count("downloads.log", "range=-1"), 1);
    long from = bench_range(1);
    assert_true(from >= 64 * 1024 && from < 200 * 1024);
#else
    /* no esp_ota_resume: the checkpoint is not believed after a reboot, the download starts over */
    assert_int_equal(bench_count("downloads.log", "range=-1"), 2);
#endif
    boots_into("2.0.0");
    /* one install attempt, resumed or started over, not two */
    assert_int_equal(bench_count("reports.log", "\"reportId\":\"esp-1-"), bench_count("reports.log", ".1-"));
}

static void a_reboot_mid_download_continues_or_starts_over(void **state) {
    (void) state;
    reboot_mid_download(false);
}

/* esp_ota_write holds back what does not fill a 16-byte block: the checkpoint must not count it as written. */
static void with_flash_encryption_too(void **state) {
    (void) state;
    reboot_mid_download(true);
}

static void a_broken_connection_resumes_within_the_boot(void **state) {
    (void) state;
    bench_new_device();
    bench_offer("v2.bin");
    bench_script("cut-after", "100000 1\n");
    assert_int_equal(bench_poll_until_restart(3), VOYAGER_OK);
    assert_int_equal(bench_count("downloads.log", "GET v2.bin"), 2);
    assert_int_equal(bench_range(0), -1);
    assert_int_equal(bench_range(1), 100000); /* the slot stayed open: on from the last byte written */
    boots_into("2.0.0");
}

/* voyager_perform_step through the port: one esp_http_client_read of one buffer at most per step. */
static void installed_in_steps_across_a_broken_connection(void **state) {
    (void) state;
    bench_new_device();
    bench_offer("v2.bin");
    bench_script("cut-after", "100000 1\n");
    assert_int_equal(voyager_check(&bench.client, NULL), VOYAGER_OK);
    assert_int_equal(voyager_begin(&bench.client), VOYAGER_OK);
    voyager_err_t err;
    int steps = 0;
    uint32_t at = 0;
    while ((err = voyager_perform_step(&bench.client)) == VOYAGER_IN_PROGRESS) {
        uint32_t now = voyager_update_offset(&bench.client.update);
        assert_true(now - at <= VOYAGER_ESP_BUFFER_SIZE);
        at = now;
        steps++;
    }
    assert_int_equal(err, VOYAGER_OK);
    assert_true(steps > 200 * 1024 / VOYAGER_ESP_BUFFER_SIZE);
    assert_int_equal(voyager_finish(&bench.client), VOYAGER_OK);
    assert_int_equal(bench_count("downloads.log", "GET v2.bin"), 2);
    assert_int_equal(bench_range(1), 100000);
    boots_into("2.0.0");
}

/* A 200 to a ranged request: the port begins the slot again (esp_ota_abort, esp_ota_begin) and writes from 0. */
static void a_server_ignoring_range_makes_it_start_over(void **state) {
    (void) state;
    bench_new_device();
    bench_offer("v2.bin");
    bench_script("cut-after", "100000 1\n");
    bench_script("ignore-range", "");
    assert_int_equal(bench_poll_until_restart(3), VOYAGER_OK);
    assert_int_equal(bench_count("downloads.log", "GET v2.bin"), 2);
    assert_int_equal(bench_range(1), 100000); /* asked for the rest, got everything */
    boots_into("2.0.0");
}

static void bundle_ui_follows_its_firmware(void **state) {
    (void) state;
    bench_new_device();
    assert_ptr_equal(voyager_esp_ui_partition(&bench.port), part("www_0"));
    bench_install("bundle3.bin");
    boots_into("3.0.0");
    assert_ptr_equal(voyager_esp_ui_partition(&bench.port), part("www_1"));
    /* the UI partition holds the bundle's LittleFS image: its superblock names itself at offset 8 */
    assert_memory_equal(idf_host_bytes(part("www_1")) + 8, "littlefs", 8);
}

static void bundle_rolled_back_finds_its_old_ui(void **state) {
    (void) state;
    bench_new_device();
    bench_install("bundle3.bin");
    bench_boot();
    assert_ptr_equal(voyager_esp_ui_partition(&bench.port), part("www_1"));
    bench_boot(); /* never marked valid */
    assert_string_equal(bench_running(), "1.0.0");
    assert_ptr_equal(voyager_esp_ui_partition(&bench.port), part("www_0"));
}

static void unconfirmed_firmware_is_rolled_back_and_reported(void **state) {
    (void) state;
    booted_2_0_0();
    bench_boot(); /* it crashed before it could mark itself valid: the bootloader aborts it */
    assert_string_equal(bench_running(), "1.0.0");
    assert_ptr_equal(esp_ota_get_running_partition(), part("ota_0"));
    assert_int_equal(state_of("ota_1"), ESP_OTA_IMG_ABORTED);
    assert_ptr_equal(esp_ota_get_last_invalid_partition(), part("ota_1"));
    assert_int_equal(voyager_boot_outcome(&bench.client), VOYAGER_BOOT_ROLLED_BACK);
    reports_rolled_back();
}

/*
 * From 2.0.0 in ota_1 to the bundle 3.0.0 in ota_0: otadata's other record takes the next seq and the bundle's UI
 * goes to www_1; not marked valid, it is aborted and the record before it boots 2.0.0 again, with www_0.
 */
static void a_second_update_rolls_back_to_the_first(void **state) {
    (void) state;
    bench_new_device();
    bench_install("v2.bin");
    boots_into("2.0.0");
    bench_install("bundle3.bin");
    assert_ptr_equal(esp_ota_get_boot_partition(), part("ota_0"));
    assert_int_equal(state_of("ota_0"), ESP_OTA_IMG_NEW);
    assert_int_equal(state_of("ota_1"), ESP_OTA_IMG_VALID);
    bench_boot();
    assert_string_equal(bench_running(), "3.0.0");
    assert_ptr_equal(voyager_esp_ui_partition(&bench.port), part("www_1"));
    bench_boot(); /* never marked valid */
    assert_string_equal(bench_running(), "2.0.0");
    assert_int_equal(state_of("ota_0"), ESP_OTA_IMG_ABORTED);
    assert_ptr_equal(voyager_esp_ui_partition(&bench.port), part("www_0"));
    assert_int_equal(voyager_boot_outcome(&bench.client), VOYAGER_BOOT_ROLLED_BACK);
}

static jmp_buf reboot;

static void restarted(void) {
    longjmp(reboot, 1);
}

static void marked_invalid_it_rolls_back_at_once(void **state) {
    (void) state;
    booted_2_0_0();
    idf_host.on_restart = restarted;
    if (setjmp(reboot) == 0) {
        voyager_mark_invalid(&bench.client); /* its self-test failed: esp_ota_mark_app_invalid_rollback_and_reboot */
        fail_msg("the port returned from a rollback");
    }
    idf_host.on_restart = NULL;
    assert_true(idf_host.restarted);
    assert_int_equal(state_of("ota_1"), ESP_OTA_IMG_INVALID);
    bench_boot();
    assert_string_equal(bench_running(), "1.0.0");
    assert_int_equal(voyager_boot_outcome(&bench.client), VOYAGER_BOOT_ROLLED_BACK);
    reports_rolled_back();
}

/* CONFIG_BOOTLOADER_APP_ROLLBACK_ENABLE off: otadata says UNDEFINED, and the new firmware is valid as it boots. */
static void without_rollback_the_new_firmware_is_valid_as_it_boots(void **state) {
    (void) state;
    bench_new_device();
    idf_host.rollback = false;
    bench_install("v2.bin");
    bench_boot();
    assert_string_equal(bench_running(), "2.0.0");
    assert_int_equal(state_of("ota_1"), ESP_OTA_IMG_UNDEFINED);
    assert_int_equal(voyager_mark_valid(&bench.client), VOYAGER_OK);
    voyager_request_check(&bench.client);
    voyager_poll(&bench.client);
    assert_int_equal(bench_count("reports.log", "\"runningVersion\":\"2.0.0\",\"status\":\"SUCCESS\""), 1);
    bench_boot();
    assert_string_equal(bench_running(), "2.0.0");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_update_installs_boots_and_reports),
        cmocka_unit_test(a_reboot_mid_download_continues_or_starts_over),
        cmocka_unit_test(with_flash_encryption_too),
        cmocka_unit_test(a_broken_connection_resumes_within_the_boot),
        cmocka_unit_test(installed_in_steps_across_a_broken_connection),
        cmocka_unit_test(a_server_ignoring_range_makes_it_start_over),
        cmocka_unit_test(bundle_ui_follows_its_firmware),
        cmocka_unit_test(bundle_rolled_back_finds_its_old_ui),
        cmocka_unit_test(unconfirmed_firmware_is_rolled_back_and_reported),
        cmocka_unit_test(a_second_update_rolls_back_to_the_first),
        cmocka_unit_test(marked_invalid_it_rolls_back_at_once),
        cmocka_unit_test(without_rollback_the_new_firmware_is_valid_as_it_boots),
    };
    return cmocka_run_group_tests(tests, bench_start, bench_stop);
}
