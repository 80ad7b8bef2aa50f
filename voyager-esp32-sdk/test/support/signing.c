/* Test release keys with mbedTLS (2.28 on Debian; the 3.x signature of mbedtls_pk_sign is handled too). */
#include "signing.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
#include <mbedtls/version.h>

#include "images.h"

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

void test_key_generate(test_key_t *key, const char *personalisation) {
    mbedtls_pk_context *pk = malloc(sizeof *pk);
    seed(personalisation);
    mbedtls_pk_init(pk);
    if (mbedtls_pk_setup(pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)) != 0
            || mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(*pk), mbedtls_ctr_drbg_random, &drbg) != 0
            || mbedtls_pk_write_pubkey_pem(pk, (unsigned char *) key->public_pem, sizeof key->public_pem) != 0) {
        fail_msg("generating a P-256 key failed");
    }
    key->pk = pk;
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
    test_sha256(data, len, digest);
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

void test_base64(const uint8_t *data, size_t len, char *out) {
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t w = (uint32_t) data[i] << 16 | (i + 1 < len ? (uint32_t) data[i + 1] << 8 : 0)
                | (i + 2 < len ? data[i + 2] : 0);
        out[n++] = a[w >> 18 & 63];
        out[n++] = a[w >> 12 & 63];
        out[n++] = i + 1 < len ? a[w >> 6 & 63] : '=';
        out[n++] = i + 2 < len ? a[w & 63] : '=';
    }
    out[n] = '\0';
}

void test_key_free(test_key_t *key) {
    mbedtls_pk_free(key->pk);
    free(key->pk);
}
