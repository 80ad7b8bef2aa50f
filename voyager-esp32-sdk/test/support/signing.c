/* Test keys with mbedTLS (2.28 on Debian; the 3.x signatures of pk_sign and pk_parse_key are handled too). */
#include "signing.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/base64.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/md.h>
#include <mbedtls/pk.h>
#include <mbedtls/version.h>

static mbedtls_entropy_context entropy;
static mbedtls_ctr_drbg_context drbg;
static int seeded;

static void seed(const char *personalisation) {
    if (!seeded) {
        mbedtls_entropy_init(&entropy);
        mbedtls_ctr_drbg_init(&drbg);
        if (mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, (const unsigned char *) personalisation,
                                  strlen(personalisation)) != 0) {
            fail_msg("seeding the DRBG failed");
        }
        seeded = 1;
    }
}

void test_digest(const uint8_t *data, size_t len, uint8_t out[32]) {
    if (mbedtls_md(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), data, len, out) != 0) {
        fail_msg("SHA-256 failed");
    }
}

/* The public half in the forms the SDK takes: PEM, DER and its id. */
static void public_forms(test_key_t *key) {
    uint8_t buf[160];
    uint8_t id[32];
    int n = mbedtls_pk_write_pubkey_der(key->pk, buf, sizeof buf);
    if (n != (int) sizeof key->der
            || mbedtls_pk_write_pubkey_pem(key->pk, (unsigned char *) key->public_pem, sizeof key->public_pem) != 0) {
        fail_msg("writing the public key failed");
    }
    memcpy(key->der, buf + sizeof buf - (size_t) n, sizeof key->der); /* mbedTLS writes DER at the buffer's end */
    test_digest(key->der, sizeof key->der, id);
    for (int i = 0; i < 32; i++) {
        snprintf(key->id + 2 * i, 3, "%02x", id[i]);
    }
}

void test_key_generate(test_key_t *key, const char *personalisation) {
    mbedtls_pk_context *pk = malloc(sizeof *pk);
    seed(personalisation);
    mbedtls_pk_init(pk);
    if (mbedtls_pk_setup(pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) != 0
            || mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(*pk), mbedtls_ctr_drbg_random, &drbg) != 0) {
        fail_msg("generating a P-256 key failed");
    }
    key->pk = pk;
    public_forms(key);
}

void test_key_load(test_key_t *key, const char *private_pem) {
    mbedtls_pk_context *pk = malloc(sizeof *pk);
    seed("voyager-test-load");
    mbedtls_pk_init(pk);
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    int rc = mbedtls_pk_parse_key(pk, (const unsigned char *) private_pem, strlen(private_pem) + 1, NULL, 0,
                                  mbedtls_ctr_drbg_random, &drbg);
#else
    int rc = mbedtls_pk_parse_key(pk, (const unsigned char *) private_pem, strlen(private_pem) + 1, NULL, 0);
#endif
    if (rc != 0) {
        fail_msg("reading a private key failed");
    }
    key->pk = pk;
    public_forms(key);
}

void test_key_private_pem(test_key_t *key, char *out, size_t cap) {
    if (mbedtls_pk_write_key_pem(key->pk, (unsigned char *) out, cap) != 0) {
        fail_msg("writing the private key failed");
    }
}

/* Reads one DER INTEGER into 32 big-endian bytes. */
static const uint8_t *integer(const uint8_t *p, uint8_t out[32]) {
    size_t len = p[1];
    const uint8_t *v = p + 2;
    while (len > 32) {
        v++;
        len--;
    }
    memset(out, 0, 32);
    memcpy(out + 32 - len, v, len);
    return p + 2 + p[1];
}

void test_key_sign(test_key_t *key, const uint8_t *data, size_t len, uint8_t signature[64]) {
    uint8_t digest[32];
    uint8_t der[MBEDTLS_ECDSA_MAX_LEN];
    size_t der_len = 0;
    test_digest(data, len, digest);
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    int rc = mbedtls_pk_sign(key->pk, MBEDTLS_MD_SHA256, digest, 32, der, sizeof der, &der_len,
                             mbedtls_ctr_drbg_random, &drbg);
#else
    int rc = mbedtls_pk_sign(key->pk, MBEDTLS_MD_SHA256, digest, 32, der, &der_len, mbedtls_ctr_drbg_random, &drbg);
#endif
    if (rc != 0 || der[0] != 0x30) {
        fail_msg("signing failed");
    }
    integer(integer(der + 2, signature), signature + 32);
}

void test_key_free(test_key_t *key) {
    mbedtls_pk_free(key->pk);
    free(key->pk);
}

void test_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *data, size_t len, uint8_t out[32]) {
    if (mbedtls_md_hmac(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), key, key_len, data, len, out) != 0) {
        fail_msg("HMAC-SHA256 failed");
    }
}

void test_base64(const uint8_t *data, size_t len, char *out) {
    size_t n = 0;
    if (mbedtls_base64_encode((unsigned char *) out, (len + 2) / 3 * 4 + 1, &n, data, len) != 0) {
        fail_msg("base64 failed");
    }
}

void test_proof(const char *secret, const char *nonce, const uint8_t *body, size_t len, char out[45]) {
    static const char label[] = "voyager-offer-proof-key";
    uint8_t key[32];
    uint8_t msg[160];
    uint8_t proof[32];
    size_t n = strlen(nonce);
    test_hmac_sha256((const uint8_t *) secret, strlen(secret), (const uint8_t *) label, strlen(label), key);
    if (n > 64) {
        fail_msg("a nonce of more than 64 characters");
    }
    memcpy(msg, "voyager-offer-proof\n", 20);
    memcpy(msg + 20, nonce, n);
    msg[20 + n] = '\n';
    test_digest(body, len, msg + 21 + n);
    test_hmac_sha256(key, sizeof key, msg, 21 + n + 32, proof);
    test_base64(proof, sizeof proof, out);
}
