/*
 * NVS erased at each point of a bundle update, through the real ESP-IDF port on the host emulation: the firmware
 * that boots afterwards still finds its own UI partition, the new one www_1 from the record the port wrote beside
 * its image before the switch, the old one the flashed www_0. A record that names another image (an earlier
 * install's, under an image flashed over the cable) or a torn one is not believed. Built for ESP-IDF 5.5 and 5.0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "nvs_flash.h"

static const esp_partition_t *part(const char *label) {
    return esp_partition_find_first(ESP_PARTITION_TYPE_ANY, ESP_PARTITION_SUBTYPE_ANY, label);
}

/* NVS erased, as the example does when nvs_flash_init finds no free pages, then a power cycle. */
static void erase_nvs_and_boot(void) {
    assert_int_equal(nvs_flash_erase(), ESP_OK);
    bench_boot();
}

static const char *ui(void) {
    return voyager_esp_ui_partition(&bench.port)->label;
}

/* The UI the running firmware must mount: the bundle's with 3.0.0, the flashed one with 1.0.0. */
static void finds_its_ui(void) {
    assert_string_equal(ui(), strcmp(bench_running(), "3.0.0") == 0 ? "www_1" : "www_0");
}

static void switched_then_erased(void **state) {
    (void) state;
    bench_new_device();
    bench_install("bundle3.bin");
    erase_nvs_and_boot();
    assert_string_equal(bench_running(), "3.0.0");
    assert_string_equal(ui(), "www_1");
    assert_int_equal(voyager_boot_outcome(&bench.client), VOYAGER_BOOT_NEW_FIRMWARE);
    assert_int_equal(voyager_mark_valid(&bench.client), VOYAGER_OK);
    erase_nvs_and_boot(); /* valid, and NVS lost again */
    assert_string_equal(bench_running(), "3.0.0");
    assert_string_equal(ui(), "www_1");
    assert_int_equal(idf_host.bit_conflicts, 0);
}

static void rolled_back_then_erased(void **state) {
    (void) state;
    bench_new_device();
    bench_install("bundle3.bin");
    bench_boot();
    bench_boot(); /* never marked valid: the bootloader goes back to 1.0.0 */
    erase_nvs_and_boot();
    assert_string_equal(bench_running(), "1.0.0");
    assert_string_equal(ui(), "www_0");
}

/* The power cut at every flash operation and NVS commit of a bundle install, then NVS erased, then a boot. */
static void erased_at_each_point_of_the_install(void **state) {
    (void) state;
    bench_new_device();
    bench_install("bundle3.bin");
    long total = idf_host.ops, n, switched = 0;
    for (n = 1; n <= total; n++) {
        bench_new_device();
        bench_offer("bundle3.bin");
        idf_host.cut_at = n;
        voyager_request_check(&bench.client);
        voyager_poll(&bench.client);
        erase_nvs_and_boot();
        finds_its_ui();
        if (strcmp(bench_running(), "3.0.0") == 0) {
            assert_int_equal(voyager_mark_valid(&bench.client), VOYAGER_OK);
            erase_nvs_and_boot();
            assert_string_equal(ui(), "www_1");
            switched++;
        }
    }
    print_message("NVS erased after a power cut at each of the %ld operations of a bundle install\n", total);
    assert_true(switched > 0 && switched < total);
}

/* The record's CRC is the last of its 48 bytes, in the app partition's last sector. */
static void spoil_the_record(const esp_partition_t *app) {
    uint8_t zero = 0;
    assert_int_equal(esp_partition_write(app, app->size - app->erase_size + 47, &zero, 1), ESP_OK);
}

static void a_torn_record_is_not_believed(void **state) {
    (void) state;
    bench_new_device();
    bench_install("bundle3.bin");
    bench_boot();
    assert_int_equal(voyager_mark_valid(&bench.client), VOYAGER_OK);
    spoil_the_record(part("ota_1"));
    erase_nvs_and_boot();
    assert_string_equal(bench_running(), "3.0.0");
    assert_string_equal(ui(), "www_0"); /* as before the record: nothing to go by */
}

static void a_record_of_another_image_is_not_believed(void **state) {
    (void) state;
    static uint8_t record[4096];
    bench_new_device();
    bench_install("bundle3.bin");
    const esp_partition_t *app = part("ota_1");
    uint32_t at = app->size - app->erase_size;
    memcpy(record, idf_host_bytes(app) + at, sizeof record);
    /* 1.0.0 flashed over the cable into ota_1, the earlier record put back beyond it */
    assert_int_equal(idf_host_flash("ota_1", idf_host_bytes(part("ota_0")), 64 * 1024), 0);
    assert_int_equal(esp_partition_write(app, at, record, 48), ESP_OK);
    assert_int_equal(esp_ota_set_boot_partition(app), ESP_OK);
    erase_nvs_and_boot();
    assert_ptr_equal(esp_ota_get_running_partition(), app);
    assert_string_equal(ui(), "www_0");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(switched_then_erased),
        cmocka_unit_test(rolled_back_then_erased),
        cmocka_unit_test(erased_at_each_point_of_the_install),
        cmocka_unit_test(a_torn_record_is_not_believed),
        cmocka_unit_test(a_record_of_another_image_is_not_believed),
    };
    return cmocka_run_group_tests(tests, bench_start, bench_stop);
}
