/*
 * The streaming image checks on any bytes: the first byte picks the check (bit 0: an ESP application image or a
 * LittleFS image) and the device's secure version (the other bits), the rest is the image. It is checked twice,
 * fed whole and fed in uneven chunks: how the bytes arrive must not change the verdict or what was read.
 */
#include <string.h>

#include "fuzz.h"
#include "voyager/image.h"

static voyager_err_t app(const uint8_t *d, size_t n, uint32_t min_sv, size_t whole, voyager_image_t *img) {
    voyager_image_begin(img, VOYAGER_CHIP_ANY, min_sv, (uint32_t) n);
    size_t at = 0;
    for (size_t k = 0; at < n; k++) {
        size_t len = whole != 0 ? whole : fuzz_chunk(k, d[0]);
        len = len < n - at ? len : n - at;
        voyager_err_t err = voyager_image_feed(img, d + at, len);
        at += len;
        if (err != VOYAGER_OK) {
            FUZZ_ASSERT(voyager_image_feed(img, d, 0) == err && voyager_image_finish(img) == err);
            return err;
        }
    }
    return voyager_image_finish(img);
}

static voyager_err_t fs(const uint8_t *d, size_t n, size_t whole) {
    voyager_littlefs_t f;
    voyager_littlefs_begin(&f, (uint32_t) n);
    size_t at = 0;
    for (size_t k = 0; at < n; k++) {
        size_t len = whole != 0 ? whole : fuzz_chunk(k, d[0]);
        len = len < n - at ? len : n - at;
        voyager_err_t err = voyager_littlefs_feed(&f, d + at, len);
        at += len;
        if (err != VOYAGER_OK) {
            FUZZ_ASSERT(voyager_littlefs_finish(&f) == err);
            return err;
        }
    }
    return voyager_littlefs_finish(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) {
        return 0;
    }
    const uint8_t *d = data + 1;
    size_t n = size - 1;
    if (data[0] & 1) {
        voyager_err_t a = fs(d, n, n);
        voyager_err_t b = fs(d, n, 0);
        FUZZ_ASSERT(a == b);
        return 0;
    }
    static voyager_image_t whole;
    static voyager_image_t chunked;
    uint32_t min_sv = data[0] >> 1;
    voyager_err_t a = app(d, n, min_sv, n, &whole);
    voyager_err_t b = app(d, n, min_sv, 0, &chunked);
    FUZZ_ASSERT(a == b);
    if (a == VOYAGER_OK) {
        FUZZ_ASSERT(whole.secure_version == chunked.secure_version && whole.secure_version >= min_sv);
        FUZZ_ASSERT(memchr(whole.app_version, '\0', sizeof whole.app_version) != NULL);
        FUZZ_ASSERT(strcmp(whole.app_version, chunked.app_version) == 0);
    }
    return 0;
}
