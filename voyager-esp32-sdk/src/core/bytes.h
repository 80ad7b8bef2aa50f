/* Little- and big-endian reads, shared by the format checkers. Not public API. */
#ifndef VOYAGER_BYTES_H
#define VOYAGER_BYTES_H

#include <stdint.h>

static inline uint32_t voyager_le32(const uint8_t *p) {
    return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static inline uint16_t voyager_le16(const uint8_t *p) {
    return (uint16_t) (p[0] | p[1] << 8);
}

static inline uint32_t voyager_be32(const uint8_t *p) {
    return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | (uint32_t) p[3];
}

static inline void voyager_put_le32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t) v;
    p[1] = (uint8_t) (v >> 8);
    p[2] = (uint8_t) (v >> 16);
    p[3] = (uint8_t) (v >> 24);
}

/* The value of a hexadecimal digit, either case, or -1. */
static inline int voyager_hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

#endif
