/*
 * What the libFuzzer harnesses share: the entry point's declaration and a check that aborts (a crash libFuzzer
 * records) when a property the parsers promise does not hold.
 */
#ifndef VOYAGER_FUZZ_H
#define VOYAGER_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                                                      \
    do {                                                                                                       \
        if (!(cond)) {                                                                                         \
            fprintf(stderr, "%s:%d: property does not hold: %s\n", __FILE__, __LINE__, #cond);               \
            abort();                                                                                           \
        }                                                                                                      \
    } while (0)

/* The n-th chunk length of a feed split at uneven places: 1 to 23 bytes, varying with salt. */
static inline size_t fuzz_chunk(size_t n, uint8_t salt) {
    return 1 + (n * 7u + salt) % 23u;
}

#endif
