/*
 * The offer parser on any body, then what the client does next with an offer it took: the release manifest the
 * offer carries read and held against the offer. An offer refused must be zeroed; one taken must keep the limits
 * its buffers and the docs promise.
 */
#include <string.h>

#include "fuzz.h"
#include "trust.h"
#include "voyager/offer.h"

static void assert_zero(const void *p, size_t n) {
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        FUZZ_ASSERT(b[i] == 0);
    }
}

static void assert_text(const char *s, size_t cap) {
    size_t n = strnlen(s, cap);
    FUZZ_ASSERT(n > 0 && n < cap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static voyager_offer_t offer;
    static voyager_manifest_bytes_t bytes;
    voyager_err_t err = voyager_offer_parse(&offer, &bytes, (const char *) data, size);
    if (err != VOYAGER_OK) {
        FUZZ_ASSERT(err == VOYAGER_ERR_JSON || err == VOYAGER_ERR_OFFER);
        assert_zero(&offer, sizeof offer);
        assert_zero(&bytes, sizeof bytes);
        return 0;
    }
    assert_text(offer.url, sizeof offer.url);
    assert_text(offer.device_id, sizeof offer.device_id);
    assert_text(offer.model, sizeof offer.model);
    FUZZ_ASSERT(offer.size > 0);
    FUZZ_ASSERT(offer.min_battery >= -1 && offer.min_battery <= 100);
    FUZZ_ASSERT(offer.expires_at >= 0 && offer.sequence >= 0);
    FUZZ_ASSERT(bytes.len > 0 && bytes.len <= VOYAGER_MANIFEST_MAX);
    if (offer.format == VOYAGER_FORMAT_BUNDLE) {
        FUZZ_ASSERT(offer.has_firmware_part && offer.has_ui_part);
        FUZZ_ASSERT((uint64_t) 12 + offer.firmware_part.size + offer.ui_part.size == offer.size);
    } else {
        FUZZ_ASSERT(!offer.has_firmware_part && !offer.has_ui_part);
    }

    voyager_manifest_t m;
    const char *why = NULL;
    if (voyager_manifest_parse(&m, bytes.bytes, bytes.len) == VOYAGER_OK) {
        err = voyager_manifest_agrees(&m, &offer, "locker", offer.model, VOYAGER_CHIP_ESP32S3, &why);
        FUZZ_ASSERT((err == VOYAGER_OK) == (why == NULL));
    }
    return 0;
}
