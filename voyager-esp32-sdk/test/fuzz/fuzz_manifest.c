/*
 * The release manifest parser on any bytes. A manifest it takes points into the bytes it was read from, lists
 * its models, and agrees with an offer that says what it says; and being canonical, it is the only spelling of
 * its release: printed again from what was read, it gives the same bytes.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "trust.h"
#include "voyager/offer.h"
#include "voyager/version.h"

static bool inside(const char *p, size_t n, const uint8_t *data, size_t size) {
    return (const uint8_t *) p >= data && (const uint8_t *) p + n <= data + size;
}

static void hex(const uint8_t d[32], char out[65]) {
    for (int i = 0; i < 32; i++) {
        snprintf(out + 2 * i, 3, "%02x", d[i]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    voyager_manifest_t m;
    if (voyager_manifest_parse(&m, data, size) != VOYAGER_OK) {
        return 0;
    }
    FUZZ_ASSERT(size <= VOYAGER_MANIFEST_MAX);
    FUZZ_ASSERT(inside(m.product, m.product_len, data, size) && inside(m.version, m.version_len, data, size));
    FUZZ_ASSERT(inside(m.models, m.models_len, data, size) && m.models_len > 0);
    FUZZ_ASSERT(m.part_count == (m.format == VOYAGER_FORMAT_BUNDLE ? 2u : 0u));

    /* the first model line's name and chip */
    const char *line = m.models + 6;
    const char *sp = memchr(line, ' ', m.models_len - 6);
    const char *lf = memchr(line, '\n', m.models_len - 6);
    FUZZ_ASSERT(sp != NULL && lf != NULL && sp < lf);
    char model[129] = "";
    char chip_name[16] = "";
    FUZZ_ASSERT((size_t) (sp - line) < sizeof model && (size_t) (lf - sp - 1) < sizeof chip_name);
    memcpy(model, line, (size_t) (sp - line));
    memcpy(chip_name, sp + 1, (size_t) (lf - sp - 1));
    voyager_chip_t chip = VOYAGER_CHIP_ANY;
    for (unsigned id = 0; id < 32; id++) {
        const char *known = voyager_chip_name((voyager_chip_t) id);
        if (known != NULL && strcmp(known, chip_name) == 0) {
            chip = (voyager_chip_t) id;
        }
    }
    FUZZ_ASSERT(chip != VOYAGER_CHIP_ANY);
    FUZZ_ASSERT(voyager_manifest_lists(&m, model, chip));

    /* printed again, the same bytes */
    static char again[VOYAGER_MANIFEST_MAX + 512];
    char digest[65];
    size_t n = 0;
    hex(m.sha256, digest);
    n += (size_t) snprintf(again + n, sizeof again - n, "voyager-manifest 1\nproduct %.*s\nversion %.*s\n"
                           "secure-version %u\nformat %s\n%.*ssize %llu\nsha256 %s\n", (int) m.product_len,
                           m.product, (int) m.version_len, m.version, (unsigned) m.secure_version,
                           m.format == VOYAGER_FORMAT_BUNDLE ? "bundle" : "app-image", (int) m.models_len, m.models,
                           (unsigned long long) m.size, digest);
    for (unsigned i = 0; i < m.part_count; i++) {
        hex(m.parts[i].sha256, digest);
        n += (size_t) snprintf(again + n, sizeof again - n, "part %s %llu %llu %s\n", i == 0 ? "firmware" : "ui",
                               (unsigned long long) m.parts[i].offset, (unsigned long long) m.parts[i].size, digest);
    }
    FUZZ_ASSERT(n == size && memcmp(again, data, size) == 0);

    /* an offer saying what the manifest says agrees with it, when its fields can hold the manifest's numbers */
    static voyager_offer_t o;
    memset(&o, 0, sizeof o);
    if (m.size == 0 || m.size > UINT32_MAX
            || voyager_version_parse(&o.version, m.version, m.version_len) != VOYAGER_OK) {
        return 0;
    }
    o.format = m.format;
    o.size = (uint32_t) m.size;
    o.secure_version = m.secure_version;
    memcpy(o.sha256, m.sha256, 32);
    if (m.format == VOYAGER_FORMAT_BUNDLE) {
        if (m.parts[0].offset > UINT32_MAX || m.parts[0].size > UINT32_MAX || m.parts[1].offset > UINT32_MAX
                || m.parts[1].size > UINT32_MAX) {
            return 0;
        }
        o.has_firmware_part = o.has_ui_part = true;
        o.firmware_part.offset = (uint32_t) m.parts[0].offset;
        o.firmware_part.size = (uint32_t) m.parts[0].size;
        memcpy(o.firmware_part.sha256, m.parts[0].sha256, 32);
        o.ui_part.offset = (uint32_t) m.parts[1].offset;
        o.ui_part.size = (uint32_t) m.parts[1].size;
        memcpy(o.ui_part.sha256, m.parts[1].sha256, 32);
    }
    char product[129] = "";
    FUZZ_ASSERT(m.product_len < sizeof product);
    memcpy(product, m.product, m.product_len);
    const char *why = NULL;
    FUZZ_ASSERT(voyager_manifest_agrees(&m, &o, product, model, chip, &why) == VOYAGER_OK && why == NULL);
    /* and one for another product does not */
    FUZZ_ASSERT(voyager_manifest_agrees(&m, &o, "", model, chip, &why) == VOYAGER_ERR_MANIFEST_MISMATCH);
    return 0;
}
