/*
 * Stub of psa/crypto.h (TF-PSA-Crypto, which Mbed TLS 4 builds on): declarations only of the subset of the PSA
 * Certified Crypto API 1.x the verifier uses, with the types, signatures and encodings the specification gives.
 * The attribute structure is opaque in the specification; here it has fields only so that it has a size.
 */
#pragma once
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
typedef int32_t psa_status_t;
typedef uint16_t psa_key_type_t;
typedef uint8_t psa_ecc_family_t;
typedef uint32_t psa_algorithm_t;
typedef uint32_t psa_key_usage_t;
typedef uint32_t psa_key_id_t;
typedef struct {
    psa_key_type_t type;
    psa_key_usage_t usage;
    psa_algorithm_t alg;
} psa_key_attributes_t;

#define PSA_SUCCESS ((psa_status_t) 0)
#define PSA_ERROR_INVALID_SIGNATURE ((psa_status_t) -149)
#define PSA_KEY_ID_NULL ((psa_key_id_t) 0)

#define PSA_KEY_TYPE_HMAC ((psa_key_type_t) 0x1100)
#define PSA_ECC_FAMILY_SECP_R1 ((psa_ecc_family_t) 0x12)
#define PSA_KEY_TYPE_ECC_PUBLIC_KEY(curve) ((psa_key_type_t) (0x4100 | (curve)))

#define PSA_KEY_USAGE_SIGN_MESSAGE ((psa_key_usage_t) 0x00000400)
#define PSA_KEY_USAGE_VERIFY_HASH ((psa_key_usage_t) 0x00002000)

#define PSA_ALG_SHA_256 ((psa_algorithm_t) 0x02000009)
#define PSA_ALG_HMAC(hash_alg) ((psa_algorithm_t) (0x03800000 | ((hash_alg) & 0x000000ff)))
#define PSA_ALG_ECDSA(hash_alg) ((psa_algorithm_t) (0x06000600 | ((hash_alg) & 0x000000ff)))

psa_status_t psa_crypto_init(void);
psa_key_attributes_t psa_key_attributes_init(void);
void psa_set_key_type(psa_key_attributes_t *attributes, psa_key_type_t type);
void psa_set_key_usage_flags(psa_key_attributes_t *attributes, psa_key_usage_t usage_flags);
void psa_set_key_algorithm(psa_key_attributes_t *attributes, psa_algorithm_t alg);
void psa_reset_key_attributes(psa_key_attributes_t *attributes);
psa_status_t psa_import_key(const psa_key_attributes_t *attributes, const uint8_t *data, size_t data_length,
                            psa_key_id_t *key);
psa_status_t psa_destroy_key(psa_key_id_t key);
psa_status_t psa_verify_hash(psa_key_id_t key, psa_algorithm_t alg, const uint8_t *hash, size_t hash_length,
                             const uint8_t *signature, size_t signature_length);
psa_status_t psa_mac_compute(psa_key_id_t key, psa_algorithm_t alg, const uint8_t *input, size_t input_length,
                             uint8_t *mac, size_t mac_size, size_t *mac_length);
#ifdef __cplusplus
}
#endif
