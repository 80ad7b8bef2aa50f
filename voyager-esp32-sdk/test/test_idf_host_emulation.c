/*
 * The host emulation of ESP-IDF held to the contracts it claims (test/idf-host), so that the port's scenarios
 * stand on something checked: NOR flash rules and torn operations, NVS commit semantics, otadata records and the
 * bootloader's rollback states, sequential erase across esp_ota_resume, and flash encryption's held-back blocks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "esp_ota_ops.h"
#include "idf_host.h"
#include "images.h"
#include "nvs.h"

static uint8_t image[16384];
static size_t image_len;

static const esp_partition_t *part(const char *label) {
    return esp_partition_find_first(ESP_PARTITION_TYPE_ANY, ESP_PARTITION_SUBTYPE_ANY, label);
}

/* A board with a 1.0.0 image in ota_0, booted, and image holding a 2.0.0 one of three sectors. */
static int board(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    t.segments[0] = 8000;
    t.segments[1] = 4000;
    t.version = "1.0.0";
    image_len = test_image_build(&t, image, sizeof image);
    idf_host_reset();
    assert_int_equal(idf_host_flash("ota_0", image, image_len), 0);
    assert_int_equal(idf_host_boot(), 0);
    t.version = "2.0.0";
    image_len = test_image_build(&t, image, sizeof image);
    return 0;
}

static void nor_flash_erases_to_ff_and_writes_clear_bits(void **state) {
    const esp_partition_t *www = part("www_0");
    uint8_t b[4] = {0xf0, 0x0f, 0x00, 0xff}, out[4];
    (void) state;
    assert_int_equal(esp_partition_erase_range(www, 0, 4096), ESP_OK);
    assert_int_equal(esp_partition_write(www, 0, b, 4), ESP_OK);
    assert_int_equal(idf_host.bit_conflicts, 0);
    uint8_t again[4] = {0x0f, 0x0f, 0xff, 0xff};
    assert_int_equal(esp_partition_write(www, 0, again, 4), ESP_OK); /* not refused: the bits AND */
    assert_int_equal(esp_partition_read(www, 0, out, 4), ESP_OK);
    assert_memory_equal(out, ((uint8_t[]){0x00, 0x0f, 0x00, 0xff}), 4);
    assert_int_equal(idf_host.bit_conflicts, 2);
    assert_int_equal(esp_partition_erase_range(www, 100, 4096), ESP_ERR_INVALID_SIZE);
    assert_int_equal(esp_partition_write(www, www->size - 2, b, 4), ESP_ERR_INVALID_SIZE);
}

static void a_cut_tears_one_operation_and_fails_the_rest(void **state) {
    const esp_partition_t *www = part("www_0");
    uint8_t zeros[32] = {0}, out[32];
    (void) state;
    assert_int_equal(esp_partition_erase_range(www, 0, 8192), ESP_OK);
    idf_host.cut_at = idf_host.ops + 1;
    assert_int_not_equal(esp_partition_write(www, 0, zeros, 32), ESP_OK);
    assert_true(idf_host.dead);
    esp_partition_read(www, 0, out, 32);
    assert_int_equal(out[15], 0x00); /* half landed */
    assert_int_equal(out[16], 0xff);
    assert_int_not_equal(esp_partition_erase_range(www, 4096, 4096), ESP_OK);
    assert_int_equal(idf_host_boot(), 0);
    assert_int_equal(esp_partition_erase_range(www, 0, 4096), ESP_OK);
}

static void nvs_keeps_only_what_was_committed(void **state) {
    nvs_handle_t h;
    uint8_t v = 0;
    size_t len = 0;
    (void) state;
    assert_int_equal(nvs_open("voyager", NVS_READWRITE, &h), ESP_OK);
    assert_int_equal(nvs_set_u8(h, "kept", 1), ESP_OK);
    assert_int_equal(nvs_commit(h), ESP_OK);
    assert_int_equal(nvs_set_u8(h, "lost", 2), ESP_OK);
    assert_int_equal(nvs_set_blob(h, "cut", "abc", 3), ESP_OK);
    idf_host.cut_at = idf_host.ops + 1;
    assert_int_not_equal(nvs_commit(h), ESP_OK); /* the commit the power goes at commits nothing */
    assert_int_equal(idf_host_boot(), 0);
    assert_int_equal(nvs_open("voyager", NVS_READWRITE, &h), ESP_OK);
    assert_int_equal(nvs_get_u8(h, "kept", &v), ESP_OK);
    assert_int_equal(v, 1);
    assert_int_equal(nvs_get_u8(h, "lost", &v), ESP_ERR_NVS_NOT_FOUND);
    assert_int_equal(nvs_get_blob(h, "cut", NULL, &len), ESP_ERR_NVS_NOT_FOUND);
    assert_int_equal(nvs_get_blob(h, "kept", NULL, &len), ESP_ERR_NVS_NOT_FOUND); /* a u8, not a blob */
    assert_int_not_equal(nvs_set_u8(h, "a-key-of-16-char", 1), ESP_OK);
}

static esp_ota_img_states_t state_of(const char *label) {
    bool found;
    esp_ota_img_states_t s = idf_host_ota_state(part(label), &found);
    assert_true(found);
    return s;
}

static void install(size_t chunk) {
    esp_ota_handle_t h;
    assert_int_equal(esp_ota_begin(part("ota_1"), OTA_WITH_SEQUENTIAL_WRITES, &h), ESP_OK);
    for (size_t at = 0; at < image_len; at += chunk) {
        assert_int_equal(esp_ota_write(h, image + at, at + chunk < image_len ? chunk : image_len - at), ESP_OK);
    }
    assert_int_equal(esp_ota_end(h), ESP_OK);
    assert_int_equal(esp_ota_set_boot_partition(part("ota_1")), ESP_OK);
}

static void otadata_and_the_bootloader_roll_back_an_unconfirmed_app(void **state) {
    esp_ota_handle_t h;
    (void) state;
    assert_int_equal(esp_ota_begin(part("ota_0"), OTA_WITH_SEQUENTIAL_WRITES, &h), ESP_ERR_OTA_PARTITION_CONFLICT);
    assert_int_equal(esp_ota_begin(part("ota_1"), OTA_WITH_SEQUENTIAL_WRITES, &h), ESP_OK);
    assert_int_equal(esp_ota_write(h, "\x00", 1), ESP_ERR_OTA_VALIDATE_FAILED); /* not an image's magic */
    assert_int_equal(esp_ota_abort(h), ESP_OK);
    bool found;
    idf_host_ota_state(part("ota_0"), &found);
    assert_false(found); /* flashed over the cable: otadata never chose it */
    install(1000);
    assert_int_equal(state_of("ota_1"), ESP_OTA_IMG_NEW);
    assert_int_equal(idf_host_boot(), 0);
    assert_ptr_equal(esp_ota_get_running_partition(), part("ota_1"));
    assert_int_equal(state_of("ota_1"), ESP_OTA_IMG_PENDING_VERIFY);
    assert_int_equal(esp_ota_begin(part("ota_0"), OTA_WITH_SEQUENTIAL_WRITES, &h), ESP_ERR_OTA_ROLLBACK_INVALID_STATE);
    assert_int_equal(idf_host_boot(), 0); /* booted again, never marked valid */
    assert_ptr_equal(esp_ota_get_running_partition(), part("ota_0"));
    assert_int_equal(state_of("ota_1"), ESP_OTA_IMG_ABORTED);
    assert_ptr_equal(esp_ota_get_last_invalid_partition(), part("ota_1"));
}

static void a_torn_switch_leaves_the_previous_choice(void **state) {
    (void) state;
    install(4096);
    assert_int_equal(idf_host_boot(), 0);
    assert_int_equal(esp_ota_mark_app_valid_cancel_rollback(), ESP_OK);
    assert_int_equal(state_of("ota_1"), ESP_OTA_IMG_VALID);
    esp_ota_handle_t h;
    assert_int_equal(esp_ota_begin(part("ota_0"), OTA_WITH_SEQUENTIAL_WRITES, &h), ESP_OK);
    assert_int_equal(esp_ota_write(h, image, image_len), ESP_OK);
    assert_int_equal(esp_ota_end(h), ESP_OK);
    idf_host.cut_at = idf_host.ops + 2; /* the erase of the other sector goes through, the record's write tears */
    assert_int_not_equal(esp_ota_set_boot_partition(part("ota_0")), ESP_OK);
    assert_int_equal(idf_host_boot(), 0);
    assert_ptr_equal(esp_ota_get_running_partition(), part("ota_1"));
    assert_int_equal(state_of("ota_1"), ESP_OTA_IMG_VALID);
}

static void resume_continues_in_the_sector_it_stopped_in(void **state) {
    esp_ota_handle_t h;
    (void) state;
    assert_int_equal(esp_ota_begin(part("ota_1"), OTA_WITH_SEQUENTIAL_WRITES, &h), ESP_OK);
    assert_int_equal(esp_ota_write(h, image, 5000), ESP_OK);
    assert_int_equal(idf_host_boot(), 0); /* the handle is gone with the RAM */
    assert_int_equal(esp_ota_write(h, image + 5000, 16), ESP_ERR_INVALID_ARG);
    assert_int_equal(esp_ota_resume(part("ota_1"), OTA_WITH_SEQUENTIAL_WRITES, 4992, &h), ESP_OK);
    assert_int_equal(esp_ota_write(h, image + 4992, image_len - 4992), ESP_OK);
    assert_int_equal(esp_ota_end(h), ESP_OK);
    assert_int_equal(idf_host.bit_conflicts, 0); /* the same bytes again over what was written */
    assert_memory_equal(idf_host_bytes(part("ota_1")), image, image_len);
}

static void encrypted_flash_holds_back_an_incomplete_block(void **state) {
    esp_ota_handle_t h;
    (void) state;
    idf_host_set_flash_encryption(true);
    assert_int_equal(esp_partition_write(part("ota_1"), 8, image, 16), ESP_ERR_INVALID_ARG);
    assert_int_equal(esp_ota_begin(part("ota_1"), OTA_WITH_SEQUENTIAL_WRITES, &h), ESP_OK);
    assert_int_equal(esp_ota_write(h, image, 20), ESP_OK);
    assert_int_equal(idf_host_bytes(part("ota_1"))[15], image[15]);
    assert_int_equal(idf_host_bytes(part("ota_1"))[16], 0xff); /* held in RAM */
    assert_int_equal(esp_ota_write(h, image + 20, image_len - 20), ESP_OK);
    assert_int_equal(esp_ota_end(h), ESP_OK);
    assert_memory_equal(idf_host_bytes(part("ota_1")), image, image_len);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(nor_flash_erases_to_ff_and_writes_clear_bits, board),
        cmocka_unit_test_setup(a_cut_tears_one_operation_and_fails_the_rest, board),
        cmocka_unit_test_setup(nvs_keeps_only_what_was_committed, board),
        cmocka_unit_test_setup(otadata_and_the_bootloader_roll_back_an_unconfirmed_app, board),
        cmocka_unit_test_setup(a_torn_switch_leaves_the_previous_choice, board),
        cmocka_unit_test_setup(resume_continues_in_the_sector_it_stopped_in, board),
        cmocka_unit_test_setup(encrypted_flash_holds_back_an_incomplete_block, board),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
