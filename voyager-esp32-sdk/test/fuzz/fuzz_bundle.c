/*
 * An update on any artifact, through the streaming writer onto an emulated flash: a bundle when the bytes begin
 * with "BNDL" (its header read, its firmware and UI checked as they are written to their slots), an application
 * image otherwise. The offer says what the bytes are (their size, digests and the parts the header names, clamped
 * to the bytes there are), so the checks get past the digests; the artifact is written twice, whole and in uneven
 * chunks, and the verdicts must agree.
 */
#include <string.h>

#include "fuzz.h"
#include "vflash.h"
#include "voyager/sha256.h"
#include "voyager/update.h"
#include "voyager/version.h"

#define APP_SLOT (32u * 1024u)
#define UI_SLOT (8u * 1024u)

static uint32_t le32(const uint8_t *p) {
    return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static void digest(const uint8_t *d, size_t n, uint8_t out[32]) {
    voyager_sha256_t sha;
    voyager_sha256_init(&sha);
    voyager_sha256_update(&sha, d, n);
    voyager_sha256_final(&sha, out);
}

/* The version an app image's descriptor names, as the offer would give it; 1.0.0 when there is none. */
static void version_of(const uint8_t *image, size_t n, voyager_version_t *v) {
    size_t at = 24 + 8 + 16;
    if (n >= at + 32) {
        const char *text = (const char *) image + at;
        size_t len = strnlen(text, 32);
        if (voyager_version_parse_lenient(v, text, len) == VOYAGER_OK) {
            return;
        }
    }
    voyager_version_parse(v, "1.0.0", 5);
}

static voyager_err_t install(const voyager_offer_t *offer, const uint8_t *d, size_t n, bool whole) {
    static vflash_t flash;
    static voyager_port_t port;
    static voyager_update_t u;
    if (vflash_init(&flash, APP_SLOT, UI_SLOT) != 0) {
        abort();
    }
    memset(&port, 0, sizeof port);
    vflash_port(&flash, &port);
    voyager_update_config_t cfg = {&port, VOYAGER_CHIP_ANY, 0, 0, false};
    voyager_err_t err = voyager_update_begin(&u, &cfg, offer);
    size_t at = 0;
    for (size_t k = 0; err == VOYAGER_OK && at < n; k++) {
        size_t len = whole ? n : fuzz_chunk(k, d[n / 2]);
        len = len < n - at ? len : n - at;
        err = voyager_update_write(&u, d + at, len);
        at += len;
    }
    if (err == VOYAGER_OK) {
        FUZZ_ASSERT(voyager_update_offset(&u) == n);
        err = voyager_update_finish(&u);
    }
    voyager_update_abort(&u);
    vflash_close(&flash);
    return err;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static voyager_offer_t offer;
    if (size == 0 || size > APP_SLOT) {
        return 0;
    }
    memset(&offer, 0, sizeof offer);
    offer.size = (uint32_t) size;
    offer.min_battery = -1;
    digest(data, size, offer.sha256);
    if (size >= VOYAGER_BUNDLE_HEADER_LEN && memcmp(data, "BNDL", 4) == 0) {
        uint32_t rest = (uint32_t) size - VOYAGER_BUNDLE_HEADER_LEN;
        uint32_t fw = le32(data + 4) <= rest ? le32(data + 4) : rest / 2;
        offer.format = VOYAGER_FORMAT_BUNDLE;
        offer.has_firmware_part = offer.has_ui_part = true;
        offer.firmware_part.offset = VOYAGER_BUNDLE_HEADER_LEN;
        offer.firmware_part.size = fw;
        offer.ui_part.offset = VOYAGER_BUNDLE_HEADER_LEN + fw;
        offer.ui_part.size = rest - fw;
        digest(data + VOYAGER_BUNDLE_HEADER_LEN, fw, offer.firmware_part.sha256);
        digest(data + offer.ui_part.offset, rest - fw, offer.ui_part.sha256);
        version_of(data + VOYAGER_BUNDLE_HEADER_LEN, fw, &offer.version);
    } else {
        offer.format = VOYAGER_FORMAT_APP_IMAGE;
        version_of(data, size, &offer.version);
    }
    voyager_err_t a = install(&offer, data, size, true);
    voyager_err_t b = install(&offer, data, size, false);
    FUZZ_ASSERT(a == b);
    return 0;
}
