/*
 * What an answer's headers and an offer key's endorsement carry, on any bytes: base64 (the offer signature, the
 * answer's proof, the manifest signature, keys), lowercase hex key ids, the key statement and PEM keys. Signed
 * texts have one spelling only, so whatever base64 or hex decodes must encode back to the very same text.
 */
#include <string.h>

#include "fuzz.h"
#include "trust.h"
#include "voyager/offer.h"

static void base64(const uint8_t *in, size_t n, char *out) {
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t w = (uint32_t) in[i] << 16 | (i + 1 < n ? (uint32_t) in[i + 1] << 8 : 0)
                | (i + 2 < n ? in[i + 2] : 0);
        out[o++] = abc[w >> 18 & 63];
        out[o++] = abc[w >> 12 & 63];
        out[o++] = i + 1 < n ? abc[w >> 6 & 63] : '=';
        out[o++] = i + 2 < n ? abc[w & 63] : '=';
    }
}

static void decode(const char *text, size_t len, size_t cap) {
    static uint8_t out[VOYAGER_MANIFEST_TEXT_MAX + 4];
    static char back[VOYAGER_MANIFEST_TEXT_MAX + 8];
    int n = voyager_base64_decode(text, len, out, cap);
    if (n < 0) {
        return;
    }
    FUZZ_ASSERT((size_t) n <= cap && (size_t) n == len / 4 * 3 - (len > 0 && text[len - 1] == '=')
                - (len > 1 && text[len - 2] == '='));
    base64(out, (size_t) n, back);
    FUZZ_ASSERT(memcmp(back, text, len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *text = (const char *) data;
    if (size > VOYAGER_MANIFEST_TEXT_MAX) {
        return 0;
    }
    /* the sizes the client decodes into: proof, signature, key, manifest */
    decode(text, size, 32);
    decode(text, size, 64);
    decode(text, size, VOYAGER_KEY_DER_LEN);
    decode(text, size, VOYAGER_MANIFEST_MAX);

    /* in place, as the manifest is: the same bytes as decoded elsewhere */
    static uint8_t in_place[VOYAGER_MANIFEST_TEXT_MAX];
    static uint8_t apart[VOYAGER_MANIFEST_TEXT_MAX];
    memcpy(in_place, data, size);
    int a = voyager_base64_decode((const char *) in_place, size, in_place, VOYAGER_MANIFEST_MAX);
    int b = voyager_base64_decode(text, size, apart, VOYAGER_MANIFEST_MAX);
    FUZZ_ASSERT(a == b && (a <= 0 || memcmp(in_place, apart, (size_t) a) == 0));

    uint8_t id[32];
    if (voyager_hex_decode32(text, size, id)) {
        static const char digits[] = "0123456789abcdef";
        for (int i = 0; i < 32; i++) {
            FUZZ_ASSERT(text[2 * i] == digits[id[i] >> 4] && text[2 * i + 1] == digits[id[i] & 15]);
        }
    }

    uint8_t der[VOYAGER_KEY_DER_LEN];
    if (voyager_statement_key(data, size, der)) {
        FUZZ_ASSERT(voyager_p256_der_valid(der, sizeof der));
    }

    /* a configured key is a C string */
    static char pem[VOYAGER_MANIFEST_TEXT_MAX + 1];
    memcpy(pem, data, size);
    pem[size] = '\0';
    if (voyager_p256_from_pem(pem, der)) {
        FUZZ_ASSERT(voyager_p256_der_valid(der, sizeof der));
    }
    return 0;
}
