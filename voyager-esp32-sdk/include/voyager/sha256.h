/*
 * Voyager OTA device SDK: a small streaming SHA-256 (FIPS 180-4), so the portable core needs no crypto library to
 * hash what it downloads. The context is plain data: copying it forks the hash, which the image checker uses to
 * hash "everything so far" without stopping, and the resume checkpoint uses to persist a download's progress.
 */
#ifndef VOYAGER_SHA256_H
#define VOYAGER_SHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VOYAGER_SHA256_LEN 32

typedef struct {
    uint32_t h[8];
    uint64_t bytes;
    uint8_t block[64];
} voyager_sha256_t;

void voyager_sha256_init(voyager_sha256_t *ctx);
void voyager_sha256_update(voyager_sha256_t *ctx, const void *data, size_t len);
/** Writes the digest; ctx must be initialised again before reuse. */
void voyager_sha256_final(voyager_sha256_t *ctx, uint8_t out[VOYAGER_SHA256_LEN]);

#ifdef __cplusplus
}
#endif

#endif
