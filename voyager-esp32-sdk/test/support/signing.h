/*
 * Keys for tests, all through mbedTLS so the SDK's own SHA-256, base64 and key handling are checked against an
 * independent implementation: fresh P-256 key pairs, their public PEM, DER and id, r||s signatures, HMAC-SHA256.
 */
#ifndef VOYAGER_TEST_SIGNING_H
#define VOYAGER_TEST_SIGNING_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    void *pk;                /* mbedtls_pk_context */
    char public_pem[512];
    uint8_t der[91];         /* SubjectPublicKeyInfo, point uncompressed */
    char id[65];             /* SHA-256 of der, hex: the key id */
} test_key_t;

void test_key_generate(test_key_t *key, const char *personalisation);
/** A key pair from its private PEM (as test_key_private_pem writes it). */
void test_key_load(test_key_t *key, const char *private_pem);
/** The private half as PEM, for a fixture another process signs with. */
void test_key_private_pem(test_key_t *key, char *out, size_t cap);
/** Signs SHA-256(data) as 64 bytes r||s, the way the JDK's SHA256withECDSAinP1363Format does. */
void test_key_sign(test_key_t *key, const uint8_t *data, size_t len, uint8_t signature[64]);
void test_key_free(test_key_t *key);

/** SHA-256 with mbedTLS. */
void test_digest(const uint8_t *data, size_t len, uint8_t out[32]);
void test_hmac_sha256(const uint8_t *key, size_t key_len, const uint8_t *data, size_t len, uint8_t out[32]);
/** Standard padded base64 into out (NUL-terminated; 4 characters per 3 bytes and one more). */
void test_base64(const uint8_t *data, size_t len, char *out);
/** The proof an honest server sends for a body answering a check with nonce, from the device's secret. */
void test_proof(const char *secret, const char *nonce, const uint8_t *body, size_t len, char out[45]);

#endif
