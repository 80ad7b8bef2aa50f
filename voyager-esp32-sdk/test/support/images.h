/*
 * Test images, generated at test time the way esptool, mklittlefs and `voyager bundle pack` lay them out: ESP32
 * application images with any chip, descriptor, segments, appended hash and Secure Boot v2 signature sector, and
 * broken ones; minimal LittleFS images; universal bundles. Content is deterministic noise from a seed.
 */
#ifndef VOYAGER_TEST_IMAGES_H
#define VOYAGER_TEST_IMAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint16_t chip;              /* the chip id at offset 12 */
    const char *version;        /* the descriptor's version; "" as Arduino builds leave it */
    const char *project;
    uint32_t secure_version;
    uint32_t segments[16];      /* segment data lengths (multiples of 4); the first holds the descriptor */
    uint8_t segment_count;
    bool hash_appended;
    bool signature_sector;      /* append a Secure Boot v2 sector at the next 4 KiB boundary */
    uint32_t seed;
    /* ways to be wrong */
    uint8_t magic;              /* the first byte */
    uint32_t descriptor_magic;
    bool flip_checksum;
    bool flip_hash;
} test_image_t;

/** A valid ESP32-S3 image of version 1.2.3 with two segments (1024 and 512 bytes) and an appended hash. */
test_image_t test_image_defaults(void);
/** Writes the image into out and returns its length (0 if cap is too small). */
size_t test_image_build(const test_image_t *opts, uint8_t *out, size_t cap);

/** A minimal LittleFS v2 image of block_count blocks; corrupt_crc flips a bit of the superblock commit's CRC. */
size_t test_littlefs_build(uint32_t block_size, uint32_t block_count, bool corrupt_crc, uint8_t *out, size_t cap);

/** "BNDL", the two sizes little-endian, then the parts. */
size_t test_bundle_build(const uint8_t *fw, size_t fw_len, const uint8_t *ui, size_t ui_len, uint8_t *out,
                         size_t cap);

void test_sha256(const uint8_t *data, size_t len, uint8_t out[32]);
/** Lowercase hex of a digest into out (65 bytes). */
void test_hex(const uint8_t digest[32], char out[65]);

#endif
