/* The streaming image checks: valid images in any chunking, and every way an image can be wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "images.h"
#include "voyager/image.h"
#include "voyager/sha256.h"

#define CAP (64 * 1024)

static uint8_t buf[CAP];

static voyager_err_t check_chunked(const uint8_t *data, size_t len, uint32_t size, voyager_chip_t chip,
                                   uint32_t min_sv, size_t chunk, voyager_image_t *img) {
    voyager_image_begin(img, chip, min_sv, size);
    for (size_t at = 0; at < len; at += chunk) {
        size_t n = len - at < chunk ? len - at : chunk;
        voyager_err_t err = voyager_image_feed(img, data + at, n);
        if (err != VOYAGER_OK) {
            return err;
        }
    }
    return voyager_image_finish(img);
}

static voyager_err_t check(const test_image_t *t, voyager_chip_t chip, uint32_t min_sv) {
    voyager_image_t img;
    size_t len = test_image_build(t, buf, sizeof buf);
    assert_true(len > 0);
    return check_chunked(buf, len, (uint32_t) len, chip, min_sv, len, &img);
}

static void sha256_matches_known_answers(void **state) {
    (void) state;
    static const struct {
        const char *text;
        const char *hex;
    } known[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    char hex[65];
    uint8_t d[32];
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        test_sha256((const uint8_t *) known[i].text, strlen(known[i].text), d);
        test_hex(d, hex);
        assert_string_equal(hex, known[i].hex);
    }
    /* a million 'a' fed in uneven pieces */
    voyager_sha256_t ctx;
    memset(buf, 'a', 1000);
    voyager_sha256_init(&ctx);
    for (size_t done = 0, step = 1; done < 1000000; done += step, step = step % 997 + 1) {
        voyager_sha256_update(&ctx, buf, done + step > 1000000 ? 1000000 - done : step);
    }
    voyager_sha256_final(&ctx, d);
    test_hex(d, hex);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

static void valid_image_passes_in_any_chunking(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    t.secure_version = 3;
    size_t len = test_image_build(&t, buf, sizeof buf);
    static const size_t chunks[] = {1, 3, 7, 16, 100, 1000, 4096, CAP};
    uint8_t digest[32], expected[32];
    test_sha256(buf, len, expected);
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        voyager_image_t img;
        assert_int_equal(check_chunked(buf, len, (uint32_t) len, VOYAGER_CHIP_ESP32S3, 3, chunks[i], &img),
                         VOYAGER_OK);
        assert_string_equal(img.app_version, "1.2.3");
        assert_int_equal(img.secure_version, 3);
        voyager_sha256_final(&img.sha, digest);
        assert_memory_equal(digest, expected, 32);
    }
}

static void variants_that_are_fine(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    t.version = ""; /* Arduino */
    t.project = "";
    assert_int_equal(check(&t, VOYAGER_CHIP_ESP32S3, 0), VOYAGER_OK);
    t = test_image_defaults();
    t.hash_appended = false;
    assert_int_equal(check(&t, VOYAGER_CHIP_ESP32S3, 0), VOYAGER_OK);
    t = test_image_defaults();
    t.segment_count = 16;
    for (int i = 1; i < 16; i++) {
        t.segments[i] = (uint32_t) (4 * i);
    }
    t.segments[5] = 0;
    assert_int_equal(check(&t, VOYAGER_CHIP_ESP32S3, 0), VOYAGER_OK);
    t = test_image_defaults();
    t.signature_sector = true;
    voyager_image_t img;
    size_t len = test_image_build(&t, buf, sizeof buf);
    assert_int_equal(len % 4096, 0);
    for (size_t chunk = 1; chunk <= 8192; chunk *= 8) {
        assert_int_equal(check_chunked(buf, len, (uint32_t) len, VOYAGER_CHIP_ESP32S3, 0, chunk, &img), VOYAGER_OK);
    }
}

static void every_chip_is_checked_against_the_device(void **state) {
    (void) state;
    static const voyager_chip_t chips[] = {VOYAGER_CHIP_ESP32, VOYAGER_CHIP_ESP32S2, VOYAGER_CHIP_ESP32C3,
                                           VOYAGER_CHIP_ESP32S3, VOYAGER_CHIP_ESP32C2, VOYAGER_CHIP_ESP32C6,
                                           VOYAGER_CHIP_ESP32H2, VOYAGER_CHIP_ESP32P4, VOYAGER_CHIP_ESP32C61,
                                           VOYAGER_CHIP_ESP32C5};
    for (size_t i = 0; i < sizeof chips / sizeof chips[0]; i++) {
        test_image_t t = test_image_defaults();
        t.chip = (uint16_t) chips[i];
        assert_non_null(voyager_chip_name(chips[i]));
        assert_int_equal(check(&t, chips[i], 0), VOYAGER_OK);
        assert_int_equal(check(&t, VOYAGER_CHIP_ANY, 0), VOYAGER_OK);
        assert_int_equal(check(&t, chips[(i + 1) % 10], 0), VOYAGER_ERR_CHIP);
    }
    test_image_t t = test_image_defaults();
    t.chip = 1; /* no chip has id 1 */
    assert_int_equal(check(&t, VOYAGER_CHIP_ANY, 0), VOYAGER_ERR_CHIP);
    assert_null(voyager_chip_name((voyager_chip_t) 1));
    assert_string_equal(voyager_chip_name(VOYAGER_CHIP_ESP32C61), "esp32c61");
}

/* Builds the default image, lets edit change its bytes, and checks it. */
static voyager_err_t edited(void (*edit)(uint8_t *, size_t *), voyager_chip_t chip) {
    test_image_t t = test_image_defaults();
    voyager_image_t img;
    size_t len = test_image_build(&t, buf, sizeof buf);
    edit(buf, &len);
    return check_chunked(buf, len, (uint32_t) len, chip, 0, 13, &img);
}

static void esp8266(uint8_t *b, size_t *len) {
    (void) len;
    b[8] = 0x00; b[9] = 0x00; b[10] = 0x10; b[11] = 0x40; /* a segment load address 0x40100000 at offset 8 */
}
static void hash_flag_2(uint8_t *b, size_t *len) { (void) len; b[23] = 2; }
static void no_segments(uint8_t *b, size_t *len) { (void) len; b[1] = 0; }
static void seventeen_segments(uint8_t *b, size_t *len) { (void) len; b[1] = 17; }
static void odd_length(uint8_t *b, size_t *len) { (void) len; b[28] = 0x02; } /* segment 0: 1026 bytes */
static void past_the_end(uint8_t *b, size_t *len) { (void) len; b[29] = 0x40; } /* 16384 + 1024 */
static void huge_segment(uint8_t *b, size_t *len) { (void) len; b[31] = 0x01; } /* 16 MiB + 1024 */
static void trailing_zero(uint8_t *b, size_t *len) { b[(*len)++] = 0x00; }
static void trailing_byte(uint8_t *b, size_t *len) { b[(*len)++] = 0x42; }
static void checksum_flip(uint8_t *b, size_t *len) { b[*len - 33] ^= 0x01; }
static void hash_flip(uint8_t *b, size_t *len) { b[*len - 1] ^= 0x80; }
static void data_flip(uint8_t *b, size_t *len) { (void) len; b[600] ^= 0x10; }
static void no_descriptor(uint8_t *b, size_t *len) { (void) len; b[32] = 0x50; } /* a bootloader's 0x50 */

static void broken_images_are_refused_with_their_reason(void **state) {
    (void) state;
    assert_int_equal(edited(esp8266, VOYAGER_CHIP_ANY), VOYAGER_ERR_CHIP);
    assert_int_equal(edited(hash_flag_2, VOYAGER_CHIP_ANY), VOYAGER_ERR_IMAGE);
    assert_int_equal(edited(no_segments, VOYAGER_CHIP_ANY), VOYAGER_ERR_IMAGE);
    assert_int_equal(edited(seventeen_segments, VOYAGER_CHIP_ANY), VOYAGER_ERR_IMAGE);
    assert_int_equal(edited(odd_length, VOYAGER_CHIP_ANY), VOYAGER_ERR_IMAGE);
    assert_int_equal(edited(past_the_end, VOYAGER_CHIP_ANY), VOYAGER_ERR_IMAGE);
    assert_int_equal(edited(huge_segment, VOYAGER_CHIP_ANY), VOYAGER_ERR_IMAGE);
    assert_int_equal(edited(trailing_zero, VOYAGER_CHIP_ANY), VOYAGER_ERR_IMAGE);
    assert_int_equal(edited(trailing_byte, VOYAGER_CHIP_ANY), VOYAGER_ERR_IMAGE);
    assert_int_equal(edited(checksum_flip, VOYAGER_CHIP_ANY), VOYAGER_ERR_IMAGE);
    assert_int_equal(edited(hash_flip, VOYAGER_CHIP_ANY), VOYAGER_ERR_IMAGE);
    assert_int_equal(edited(data_flip, VOYAGER_CHIP_ANY), VOYAGER_ERR_IMAGE);
    assert_int_equal(edited(no_descriptor, VOYAGER_CHIP_ANY), VOYAGER_ERR_MAGIC);

    test_image_t t = test_image_defaults();
    t.magic = 0xEA; /* an ESP8266 OTA image */
    assert_int_equal(check(&t, VOYAGER_CHIP_ANY, 0), VOYAGER_ERR_MAGIC);
    t = test_image_defaults();
    t.segments[0] = 200; /* too short for the 256-byte descriptor, as in RAM-only images */
    assert_int_equal(check(&t, VOYAGER_CHIP_ANY, 0), VOYAGER_ERR_MAGIC);
    t = test_image_defaults();
    t.secure_version = 4;
    assert_int_equal(check(&t, VOYAGER_CHIP_ANY, 5), VOYAGER_ERR_SECURE_VERSION);
    assert_int_equal(check(&t, VOYAGER_CHIP_ANY, 4), VOYAGER_OK);
    t = test_image_defaults();
    t.flip_checksum = true;
    assert_int_equal(check(&t, VOYAGER_CHIP_ANY, 0), VOYAGER_ERR_IMAGE);
}

static void the_first_failure_sticks(void **state) {
    (void) state;
    voyager_image_t img;
    test_image_t t = test_image_defaults();
    t.magic = 0x00;
    size_t len = test_image_build(&t, buf, sizeof buf);
    voyager_image_begin(&img, VOYAGER_CHIP_ANY, 0, (uint32_t) len);
    assert_int_equal(voyager_image_feed(&img, buf, 24), VOYAGER_ERR_MAGIC);
    assert_non_null(img.why);
    assert_int_equal(voyager_image_feed(&img, buf + 24, len - 24), VOYAGER_ERR_MAGIC);
    assert_int_equal(voyager_image_finish(&img), VOYAGER_ERR_MAGIC);
}

static void signature_sector_is_checked(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    t.signature_sector = true;
    voyager_image_t img;
    size_t len = test_image_build(&t, buf, sizeof buf);
    size_t sector = len - 4096;
    buf[sector + 100] ^= 1; /* inside the block: its CRC no longer matches */
    assert_int_equal(check_chunked(buf, len, (uint32_t) len, VOYAGER_CHIP_ANY, 0, 64, &img), VOYAGER_ERR_IMAGE);
    len = test_image_build(&t, buf, sizeof buf);
    buf[sector + 1] = 0x07; /* an unknown block version */
    assert_int_equal(check_chunked(buf, len, (uint32_t) len, VOYAGER_CHIP_ANY, 0, 64, &img), VOYAGER_ERR_IMAGE);
    len = test_image_build(&t, buf, sizeof buf);
    buf[sector + 1216] = 0x00; /* slot 1 is neither erased nor a block */
    assert_int_equal(check_chunked(buf, len, (uint32_t) len, VOYAGER_CHIP_ANY, 0, 64, &img), VOYAGER_ERR_IMAGE);
    len = test_image_build(&t, buf, sizeof buf);
    buf[sector - 1] = 0x42; /* not padding before the sector */
    assert_int_equal(check_chunked(buf, len, (uint32_t) len, VOYAGER_CHIP_ANY, 0, 64, &img), VOYAGER_ERR_IMAGE);
    /* a sector made for another image: the digest at offset 4 of the block differs */
    len = test_image_build(&t, buf, sizeof buf);
    buf[sector + 4] ^= 1;
    assert_int_equal(check_chunked(buf, len, (uint32_t) len, VOYAGER_CHIP_ANY, 0, 64, &img), VOYAGER_ERR_IMAGE);
    /* anything after the sector */
    len = test_image_build(&t, buf, sizeof buf);
    buf[len++] = 0xFF;
    assert_int_equal(check_chunked(buf, len, (uint32_t) len, VOYAGER_CHIP_ANY, 0, 64, &img), VOYAGER_ERR_IMAGE);
}

static void every_truncation_is_refused(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    size_t unsigned_len = test_image_build(&t, buf, sizeof buf);
    t.signature_sector = true;
    size_t len = test_image_build(&t, buf, sizeof buf);
    for (size_t n = 0; n < len; n++) {
        voyager_image_t img;
        /* the size was announced in full but fewer bytes came */
        assert_int_equal(check_chunked(buf, n, (uint32_t) len, VOYAGER_CHIP_ANY, 0, 256, &img),
                         VOYAGER_ERR_TRUNCATED);
        /* the size announced is the truncated one */
        voyager_err_t err = check_chunked(buf, n, (uint32_t) n, VOYAGER_CHIP_ANY, 0, 256, &img);
        if (err == VOYAGER_OK && n != unsigned_len) { /* the image without its sector is an unsigned image */
            fail_msg("a %zu-byte prefix of a %zu-byte image passed", n, len);
        }
    }
}

static void more_than_the_size_is_cut_off(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    voyager_image_t img;
    size_t len = test_image_build(&t, buf, sizeof buf);
    voyager_image_begin(&img, VOYAGER_CHIP_ANY, 0, (uint32_t) len - 1);
    assert_int_equal(voyager_image_feed(&img, buf, len), VOYAGER_ERR_TOO_LARGE);
}

static voyager_err_t check_fs(const uint8_t *data, size_t len, uint32_t size, size_t chunk) {
    voyager_littlefs_t fs;
    voyager_littlefs_begin(&fs, size);
    for (size_t at = 0; at < len; at += chunk) {
        voyager_err_t err = voyager_littlefs_feed(&fs, data + at, len - at < chunk ? len - at : chunk);
        if (err != VOYAGER_OK) {
            return err;
        }
    }
    return voyager_littlefs_finish(&fs);
}

static void littlefs_images(void **state) {
    (void) state;
    size_t len = test_littlefs_build(512, 8, false, buf, sizeof buf);
    for (size_t chunk = 1; chunk < 8192; chunk = chunk * 3 + 1) {
        assert_int_equal(check_fs(buf, len, (uint32_t) len, chunk), VOYAGER_OK);
    }
    assert_int_equal(check_fs(buf, len, (uint32_t) len + 512, 64), VOYAGER_ERR_IMAGE); /* size disagrees */
    assert_int_equal(check_fs(buf, len - 1, (uint32_t) len, 64), VOYAGER_ERR_TRUNCATED);
    assert_int_equal(check_fs(buf, 10, (uint32_t) len, 64), VOYAGER_ERR_MAGIC);
    buf[len] = 0xff;
    assert_int_equal(check_fs(buf, len + 1, (uint32_t) len, 64), VOYAGER_ERR_TOO_LARGE);
    len = test_littlefs_build(512, 8, true, buf, sizeof buf);
    assert_int_equal(check_fs(buf, len, (uint32_t) len, 64), VOYAGER_ERR_IMAGE); /* CRC */
    len = test_littlefs_build(512, 8, false, buf, sizeof buf);
    buf[22] = 0x01; /* superblock version 2 -> 1 (the tag before it is intact) */
    assert_int_equal(check_fs(buf, len, (uint32_t) len, 64), VOYAGER_ERR_IMAGE);
    len = test_littlefs_build(64, 8, false, buf, sizeof buf); /* blocks below 128 bytes */
    assert_int_equal(check_fs(buf, len, (uint32_t) len, 64), VOYAGER_ERR_IMAGE);
    test_image_t t = test_image_defaults();
    len = test_image_build(&t, buf, sizeof buf);
    assert_int_equal(check_fs(buf, len, (uint32_t) len, 64), VOYAGER_ERR_MAGIC);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha256_matches_known_answers),
        cmocka_unit_test(valid_image_passes_in_any_chunking),
        cmocka_unit_test(variants_that_are_fine),
        cmocka_unit_test(every_chip_is_checked_against_the_device),
        cmocka_unit_test(broken_images_are_refused_with_their_reason),
        cmocka_unit_test(the_first_failure_sticks),
        cmocka_unit_test(signature_sector_is_checked),
        cmocka_unit_test(every_truncation_is_refused),
        cmocka_unit_test(more_than_the_size_is_cut_off),
        cmocka_unit_test(littlefs_images),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
