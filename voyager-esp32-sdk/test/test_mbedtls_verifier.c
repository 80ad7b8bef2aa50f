/*
 * The ports' verifier and HMAC (src/mbedtls), held against keys, signatures and MACs made independently by the
 * test support: a signature over a digest verifies with the key as DER and as PEM, a flipped byte of the digest
 * or the signature, or another key, does not, and a key that is not P-256 is a crypto error; HMAC-SHA256 matches
 * for keys shorter and longer than SHA-256's block. Built twice: with the variant Debian's Mbed TLS 2.28 selects
 * (pk and md), and with VOYAGER_MBEDTLS_PSA, the PSA Crypto variant Mbed TLS 4 selects, run here on 2.28's PSA.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "signing.h"
#include "voyager_mbedtls.h"

static test_key_t key, other;

static int setup(void **state) {
    (void) state;
    test_key_generate(&key, "verifier");
    test_key_generate(&other, "verifier-other");
    return 0;
}

static int teardown(void **state) {
    (void) state;
    test_key_free(&key);
    test_key_free(&other);
    return 0;
}

static voyager_err_t verify_der(const test_key_t *k, const uint8_t digest[32], const uint8_t sig[64]) {
    return voyager_mbedtls_verify_p256(NULL, (const char *) k->der, sizeof k->der, digest, sig);
}

static void a_signature_verifies_with_the_key_as_der_and_pem(void **state) {
    static const char data[] = "voyager manifest";
    uint8_t digest[32], sig[64];
    (void) state;
    test_digest((const uint8_t *) data, strlen(data), digest);
    test_key_sign(&key, (const uint8_t *) data, strlen(data), sig);
    assert_int_equal(verify_der(&key, digest, sig), VOYAGER_OK);
    assert_int_equal(voyager_mbedtls_verify_p256(NULL, key.public_pem, strlen(key.public_pem) + 1, digest, sig),
                     VOYAGER_OK);
}

static void a_changed_digest_signature_or_key_does_not(void **state) {
    static const char data[] = "voyager offer";
    uint8_t digest[32], sig[64];
    (void) state;
    test_digest((const uint8_t *) data, strlen(data), digest);
    test_key_sign(&key, (const uint8_t *) data, strlen(data), sig);
    assert_int_equal(verify_der(&other, digest, sig), VOYAGER_ERR_SIGNATURE);
    digest[31] ^= 1;
    assert_int_equal(verify_der(&key, digest, sig), VOYAGER_ERR_SIGNATURE);
    digest[31] ^= 1;
    sig[40] ^= 0x10;
    assert_int_equal(verify_der(&key, digest, sig), VOYAGER_ERR_SIGNATURE);
}

static void a_key_that_is_not_p256_is_a_crypto_error(void **state) {
    uint8_t digest[32] = {0}, sig[64] = {1};
    uint8_t der[91];
    (void) state;
    memcpy(der, key.der, sizeof der);
    der[20] ^= 0x01; /* the curve's OID */
    assert_int_equal(voyager_mbedtls_verify_p256(NULL, (const char *) der, sizeof der, digest, sig),
                     VOYAGER_ERR_CRYPTO);
    static const char junk[] = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    assert_int_equal(voyager_mbedtls_verify_p256(NULL, junk, sizeof junk, digest, sig), VOYAGER_ERR_CRYPTO);
}

static void hmac_sha256_matches_for_short_and_long_keys(void **state) {
    uint8_t secret[100], mac[32], want[32];
    static const char data[] = "a nonce and the body of an answer";
    (void) state;
    for (size_t i = 0; i < sizeof secret; i++) {
        secret[i] = (uint8_t) (i * 7 + 1);
    }
    static const size_t lengths[] = {1, 6, 32, 64, 65, 100};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        test_hmac_sha256(secret, lengths[i], (const uint8_t *) data, strlen(data), want);
        assert_int_equal(voyager_mbedtls_hmac_sha256(NULL, secret, lengths[i], (const uint8_t *) data, strlen(data),
                                                     mac), VOYAGER_OK);
        assert_memory_equal(mac, want, 32);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_signature_verifies_with_the_key_as_der_and_pem),
        cmocka_unit_test(a_changed_digest_signature_or_key_does_not),
        cmocka_unit_test(a_key_that_is_not_p256_is_a_crypto_error),
        cmocka_unit_test(hmac_sha256_matches_for_short_and_long_keys),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
