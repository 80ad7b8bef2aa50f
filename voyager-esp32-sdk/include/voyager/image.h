/*
 * Voyager OTA device SDK: streaming checks of what gets flashed, fed chunk by chunk in constant memory.
 *
 * voyager_image_* follows esp-idf's esp_image_format.c and the server's Esp32ImageInspector: the 24-byte header
 * (magic 0xE9, chip id, segment count), segments (8-byte header, length a multiple of 4 below 16 MiB, inside the
 * image), the app descriptor at offset 32 (magic 0xABCD5432, secure_version), the XOR checksum, the appended
 * SHA-256, and an optional Secure Boot v2 signature sector. voyager_littlefs_* checks a LittleFS image's first
 * commit (magic "littlefs" at offset 8, superblock, CRC) and its size, as the server's LittleFsInspector does.
 * The first failed check settles the verdict: later bytes are refused with the same error.
 */
#ifndef VOYAGER_IMAGE_H
#define VOYAGER_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "voyager/error.h"
#include "voyager/sha256.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Chip ids as an image header carries them (esp-idf esp_chip_id_t). */
typedef enum {
    VOYAGER_CHIP_ESP32 = 0,
    VOYAGER_CHIP_ESP32S2 = 2,
    VOYAGER_CHIP_ESP32C3 = 5,
    VOYAGER_CHIP_ESP32S3 = 9,
    VOYAGER_CHIP_ESP32C2 = 12,
    VOYAGER_CHIP_ESP32C6 = 13,
    VOYAGER_CHIP_ESP32H2 = 16,
    VOYAGER_CHIP_ESP32P4 = 18,
    VOYAGER_CHIP_ESP32C61 = 20,
    VOYAGER_CHIP_ESP32C5 = 23,
    VOYAGER_CHIP_ANY = 0xffff /* accept any chip Voyager knows (host tests only) */
} voyager_chip_t;

/** The name a check sends as its chip parameter ("esp32s3"), or NULL for an unknown id. */
const char *voyager_chip_name(voyager_chip_t chip);

#define VOYAGER_IMAGE_HEADER_LEN 24
#define VOYAGER_APP_DESC_OFFSET 32
#define VOYAGER_APP_DESC_LEN 256

typedef struct {
    /* configuration */
    uint16_t chip;                 /* the chip the image must be built for, or VOYAGER_CHIP_ANY */
    uint32_t min_secure_version;   /* the device's anti-rollback epoch */
    uint32_t size;                 /* the image's exact length, known up front */
    /* what was read */
    uint32_t secure_version;
    char app_version[33];          /* the descriptor's version, "" when the build left it empty */
    voyager_sha256_t sha;          /* of every byte fed */
    /* progress */
    uint8_t state;
    uint8_t err;                   /* voyager_err_t of the first failed check */
    const char *why;               /* a static sentence saying what failed, or NULL */
    uint32_t pos;
    uint32_t boundary;
    uint8_t header[VOYAGER_IMAGE_HEADER_LEN];
    uint8_t seg[8];
    uint8_t desc[48];              /* the descriptor's first 48 bytes: magic, secure_version, version */
    uint8_t seg_index;
    uint8_t checksum;
    uint8_t stored[32];            /* the checksum byte, then the appended hash */
    uint8_t expected[32];          /* the SHA-256 of the image before its hash, or before the sector */
    uint32_t image_end;
    uint32_t sector_start;
    uint32_t crc;
    uint8_t block_version;
    uint8_t block_sha256;
    bool sector_rest;              /* an erased slot was met: the rest of the sector is not checked */
} voyager_image_t;

/** Starts checking an image of exactly size bytes built for chip, with secure_version at least min_secure_version. */
void voyager_image_begin(voyager_image_t *img, voyager_chip_t chip, uint32_t min_secure_version, uint32_t size);
/** Feeds the next len bytes; returns the first failure, now or earlier. */
voyager_err_t voyager_image_feed(voyager_image_t *img, const uint8_t *data, size_t len);
/** After the last byte: VOYAGER_OK when the whole image checked out. */
voyager_err_t voyager_image_finish(voyager_image_t *img);

typedef struct {
    uint32_t size;                 /* the image's exact length, known up front */
    voyager_sha256_t sha;
    uint8_t state;
    uint8_t err;
    const char *why;
    uint32_t pos;
    uint32_t boundary;
    uint32_t crc;
    uint32_t prev_tag;
    uint32_t tag;
    uint32_t tag_start;
    uint8_t tag_index;
    uint8_t word[4];
    uint8_t head[16];
    uint8_t superblock[24];
    uint32_t block_size;
    uint32_t fs_size;
} voyager_littlefs_t;

void voyager_littlefs_begin(voyager_littlefs_t *fs, uint32_t size);
voyager_err_t voyager_littlefs_feed(voyager_littlefs_t *fs, const uint8_t *data, size_t len);
voyager_err_t voyager_littlefs_finish(voyager_littlefs_t *fs);

#ifdef __cplusplus
}
#endif

#endif
