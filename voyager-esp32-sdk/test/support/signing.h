/* A release key for tests: a fresh P-256 key pair from mbedTLS, its public PEM, and r||s signatures. */
#ifndef VOYAGER_TEST_SIGNING_H
#define VOYAGER_TEST_SIGNING_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    void *pk;                /* mbedtls_pk_context */
    char public_pem[512];
} test_key_t;

void test_key_generate(test_key_t *key, const char *personalisation);
/** Signs SHA-256(data) as 64 bytes r||s, the way the JDK's SHA256withECDSAinP1363Format does. */
void test_key_sign(test_key_t *key, const uint8_t *data, size_t len, uint8_t signature[64]);
/** The signature as the offer carries it: standard padded base64 (89 bytes with the NUL). */
void test_base64(const uint8_t *data, size_t len, char *out);
void test_key_free(test_key_t *key);

#endif
