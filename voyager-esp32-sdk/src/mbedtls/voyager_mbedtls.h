/* The ports' crypto with mbedTLS, shared by the ESP-IDF and POSIX ports: pk and md on 2.28 and 3.x, PSA on 4. */
#ifndef VOYAGER_MBEDTLS_H
#define VOYAGER_MBEDTLS_H

#include <stddef.h>
#include <stdint.h>

#include "voyager/error.h"

/** The port's verify_p256: a P-256 public key (PEM with its NUL counted in key_len, or DER), r||s, a SHA-256. */
voyager_err_t voyager_mbedtls_verify_p256(void *ctx, const char *key, size_t key_len, const uint8_t digest[32],
                                          const uint8_t signature[64]);

/** The port's hmac_sha256. */
voyager_err_t voyager_mbedtls_hmac_sha256(void *ctx, const uint8_t *key, size_t key_len, const uint8_t *data,
                                          size_t len, uint8_t mac[32]);

/** r||s (IEEE P1363, 64 bytes) as DER SEQUENCE { INTEGER r, INTEGER s }; returns the length (at most 72). */
size_t voyager_p1363_to_der(const uint8_t signature[64], uint8_t der[72]);

#endif
