/*
 * The ports' crypto through mbedTLS: ECDSA P-256 verification and HMAC-SHA256 (SHA-256 itself is the core's).
 * Two variants, chosen by the mbedTLS version. Up to 3.x (Debian's 2.28, ESP-IDF 5's 3.x) the public pk and md
 * API, which reads the same on both: parse the key, make sure it is a P-256 key, verify a DER signature over the
 * digest. From 4.0 (ESP-IDF 6, TF-PSA-Crypto), which drops that API, PSA Crypto: the key's point imported as a
 * volatile public key, psa_verify_hash with r||s as it comes, psa_mac_compute for the HMAC.
 */
#include "voyager_mbedtls.h"

#include <string.h>

#include <mbedtls/version.h>

/* VOYAGER_MBEDTLS_PSA picks the PSA variant on an earlier Mbed TLS built with MBEDTLS_PSA_CRYPTO_C, as the tests do */
#if MBEDTLS_VERSION_NUMBER >= 0x04000000 || defined(VOYAGER_MBEDTLS_PSA)
#define VOYAGER_PSA 1
#include <psa/crypto.h>

#include "../core/trust.h"
#else
#include <mbedtls/ecp.h>
#include <mbedtls/md.h>
#include <mbedtls/pk.h>
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

#if defined(VOYAGER_PSA)

#define SPKI_POINT_AT (VOYAGER_KEY_DER_LEN - 65) /* the DER's tail: 0x04, x, y */

/* A volatile key of one type, for one use, from its bytes; PSA_KEY_ID_NULL when PSA refuses it. */
static psa_key_id_t import_key(psa_key_type_t type, psa_key_usage_t usage, psa_algorithm_t alg, const uint8_t *data,
                               size_t len) {
    psa_key_attributes_t attributes = psa_key_attributes_init();
    psa_key_id_t id = PSA_KEY_ID_NULL;
    psa_set_key_type(&attributes, type);
    psa_set_key_usage_flags(&attributes, usage);
    psa_set_key_algorithm(&attributes, alg);
    if (psa_import_key(&attributes, data, len, &id) != PSA_SUCCESS) {
        id = PSA_KEY_ID_NULL;
    }
    psa_reset_key_attributes(&attributes);
    return id;
}

voyager_err_t voyager_mbedtls_verify_p256(void *ctx, const char *key, size_t key_len, const uint8_t digest[32],
                                          const uint8_t signature[64]) {
    uint8_t der[VOYAGER_KEY_DER_LEN];
    const uint8_t *spki = (const uint8_t *) key;
    (void) ctx;
    /* PSA imports a public key as its bare point, not as the SubjectPublicKeyInfo the trust chain holds */
    if (!voyager_p256_der_valid(spki, key_len)) {
        if (key_len == 0 || key[key_len - 1] != '\0' || !voyager_p256_from_pem(key, der)) {
            return VOYAGER_ERR_CRYPTO;
        }
        spki = der;
    }
    if (psa_crypto_init() != PSA_SUCCESS) {
        return VOYAGER_ERR_CRYPTO;
    }
    psa_algorithm_t alg = PSA_ALG_ECDSA(PSA_ALG_SHA_256);
    psa_key_id_t id = import_key(PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1), PSA_KEY_USAGE_VERIFY_HASH, alg,
                                 spki + SPKI_POINT_AT, 65);
    if (id == PSA_KEY_ID_NULL) {
        return VOYAGER_ERR_CRYPTO;
    }
    psa_status_t status = psa_verify_hash(id, alg, digest, 32, signature, 64);
    psa_destroy_key(id);
    if (status == PSA_SUCCESS) {
        return VOYAGER_OK;
    }
    return status == PSA_ERROR_INVALID_SIGNATURE ? VOYAGER_ERR_SIGNATURE : VOYAGER_ERR_CRYPTO;
}

voyager_err_t voyager_mbedtls_hmac_sha256(void *ctx, const uint8_t *key, size_t key_len, const uint8_t *data,
                                          size_t len, uint8_t mac[32]) {
    size_t mac_len = 0;
    (void) ctx;
    if (psa_crypto_init() != PSA_SUCCESS) {
        return VOYAGER_ERR_CRYPTO;
    }
    psa_algorithm_t alg = PSA_ALG_HMAC(PSA_ALG_SHA_256);
    psa_key_id_t id = import_key(PSA_KEY_TYPE_HMAC, PSA_KEY_USAGE_SIGN_MESSAGE, alg, key, key_len);
    if (id == PSA_KEY_ID_NULL) {
        return VOYAGER_ERR_CRYPTO;
    }
    psa_status_t status = psa_mac_compute(id, alg, data, len, mac, 32, &mac_len);
    psa_destroy_key(id);
    return status == PSA_SUCCESS && mac_len == 32 ? VOYAGER_OK : VOYAGER_ERR_CRYPTO;
}

#else

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

#endif
