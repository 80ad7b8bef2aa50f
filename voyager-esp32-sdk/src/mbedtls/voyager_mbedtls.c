/*
 * ECDSA P-256 verification through mbedTLS's public pk API, which reads the same on 2.28 (Debian) and 3.x
 * (ESP-IDF 5): parse the key, make sure it is a P-256 key, and verify a DER signature over the digest. HMAC-SHA256
 * through the md API, the same on both.
 */
#include "voyager_mbedtls.h"

#include <string.h>

#include <mbedtls/ecp.h>
#include <mbedtls/md.h>
#include <mbedtls/pk.h>
#include <mbedtls/version.h>
#if defined(MBEDTLS_USE_PSA_CRYPTO)
#include <psa/crypto.h>
#endif

#if MBEDTLS_VERSION_NUMBER >= 0x03050000
#define EC_GROUP_ID(kp) mbedtls_ecp_keypair_get_group_id(kp)
#elif MBEDTLS_VERSION_NUMBER >= 0x03000000
#define EC_GROUP_ID(kp) ((kp)->MBEDTLS_PRIVATE(grp).id)
#else
#define EC_GROUP_ID(kp) ((kp)->grp.id)
#endif

/* One INTEGER: big-endian, no leading zero bytes, a zero byte in front when the top bit is set. */
static size_t der_integer(const uint8_t *v, uint8_t *out) {
    size_t skip = 0;
    while (skip < 31 && v[skip] == 0) {
        skip++;
    }
    size_t len = 32 - skip;
    size_t pad = (v[skip] & 0x80) != 0;
    out[0] = 0x02;
    out[1] = (uint8_t) (len + pad);
    out[2] = 0;
    memcpy(out + 2 + pad, v + skip, len);
    return 2 + pad + len;
}

size_t voyager_p1363_to_der(const uint8_t signature[64], uint8_t der[72]) {
    size_t n = 2;
    n += der_integer(signature, der + n);
    n += der_integer(signature + 32, der + n);
    der[0] = 0x30;
    der[1] = (uint8_t) (n - 2);
    return n;
}

voyager_err_t voyager_mbedtls_verify_p256(void *ctx, const char *key, size_t key_len, const uint8_t digest[32],
                                          const uint8_t signature[64]) {
    mbedtls_pk_context pk;
    uint8_t der[72];
    voyager_err_t result = VOYAGER_ERR_CRYPTO;
    (void) ctx;
#if defined(MBEDTLS_USE_PSA_CRYPTO)
    if (psa_crypto_init() != PSA_SUCCESS) {
        return VOYAGER_ERR_CRYPTO;
    }
#endif
    mbedtls_pk_init(&pk);
    if (mbedtls_pk_parse_public_key(&pk, (const unsigned char *) key, key_len) == 0
            && mbedtls_pk_get_type(&pk) == MBEDTLS_PK_ECKEY
            && EC_GROUP_ID(mbedtls_pk_ec(pk)) == MBEDTLS_ECP_DP_SECP256R1) {
        size_t der_len = voyager_p1363_to_der(signature, der);
        result = mbedtls_pk_verify(&pk, MBEDTLS_MD_SHA256, digest, 32, der, der_len) == 0 ? VOYAGER_OK
                : VOYAGER_ERR_SIGNATURE;
    }
    mbedtls_pk_free(&pk);
    return result;
}

voyager_err_t voyager_mbedtls_hmac_sha256(void *ctx, const uint8_t *key, size_t key_len, const uint8_t *data,
                                          size_t len, uint8_t mac[32]) {
    const mbedtls_md_info_t *sha256 = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    (void) ctx;
    return sha256 != NULL && mbedtls_md_hmac(sha256, key, key_len, data, len, mac) == 0 ? VOYAGER_OK
            : VOYAGER_ERR_CRYPTO;
}
