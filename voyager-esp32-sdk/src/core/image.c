/* The streaming ESP32 application image check, state for state the server's Esp32ImageInspector. */
#include "voyager/image.h"

#include <string.h>

#include "bytes.h"
#include "crc32.h"

enum { S_HEADER, S_SEG_HEADER, S_SEG_DATA, S_PADDING, S_HASH, S_AFTER_IMAGE, S_SECTOR, S_AFTER_SECTOR, S_FAILED };

#define MAX_SEGMENTS 16
#define SEGMENT_LIMIT (16u << 20)
#define DESC_MAGIC 0xABCD5432u
#define DESC_END (VOYAGER_APP_DESC_OFFSET + VOYAGER_APP_DESC_LEN)
#define CHECKSUM_SEED 0xEF
#define SECTOR_LEN 4096u
#define BLOCK_LEN 1216u
#define BLOCK_CRC_AT 1196u
#define SECTOR_MAGIC 0xE7
#define UNBOUNDED 0xffffffffu

static const struct {
    uint16_t id;
    const char *name;
} CHIPS[] = {
    {VOYAGER_CHIP_ESP32, "esp32"}, {VOYAGER_CHIP_ESP32S2, "esp32s2"}, {VOYAGER_CHIP_ESP32C3, "esp32c3"},
    {VOYAGER_CHIP_ESP32S3, "esp32s3"}, {VOYAGER_CHIP_ESP32C2, "esp32c2"}, {VOYAGER_CHIP_ESP32C6, "esp32c6"},
    {VOYAGER_CHIP_ESP32H2, "esp32h2"}, {VOYAGER_CHIP_ESP32P4, "esp32p4"}, {VOYAGER_CHIP_ESP32C61, "esp32c61"},
    {VOYAGER_CHIP_ESP32C5, "esp32c5"}};

const char *voyager_chip_name(voyager_chip_t chip) {
    for (size_t i = 0; i < sizeof CHIPS / sizeof CHIPS[0]; i++) {
        if (CHIPS[i].id == (uint16_t) chip) {
            return CHIPS[i].name;
        }
    }
    return NULL;
}

static voyager_err_t fail(voyager_image_t *img, voyager_err_t err, const char *why) {
    if (img->err == VOYAGER_OK) {
        img->err = (uint8_t) err;
        img->why = why;
    }
    img->state = S_FAILED;
    return (voyager_err_t) img->err;
}

void voyager_image_begin(voyager_image_t *img, voyager_chip_t chip, uint32_t min_secure_version, uint32_t size) {
    memset(img, 0, sizeof *img);
    img->chip = (uint16_t) chip;
    img->min_secure_version = min_secure_version;
    img->size = size;
    voyager_sha256_init(&img->sha);
    img->state = S_HEADER;
    img->boundary = VOYAGER_IMAGE_HEADER_LEN;
}

/* The SHA-256 of every byte so far, without disturbing the running hash. */
static void digest_so_far(voyager_image_t *img) {
    voyager_sha256_t copy = img->sha;
    voyager_sha256_final(&copy, img->expected);
}

/*
 * An ESP8266 (version 1) image puts its first segment header at offset 8, so the word there is a load address in
 * the ESP8266 memory map; in an ESP32 header it is the WP pin and drive settings, never in those ranges.
 */
static int looks_like_esp8266(const uint8_t *h) {
    uint32_t w = voyager_le32(h + 8);
    return (w >= 0x3FFE8000u && w < 0x40000000u) || (w >= 0x40100000u && w < 0x40110000u)
            || (w >= 0x40200000u && w < 0x40300000u);
}

static void start_segment_header(voyager_image_t *img) {
    img->state = S_SEG_HEADER;
    img->boundary = img->pos + 8;
}

static voyager_err_t on_header(voyager_image_t *img) {
    const uint8_t *h = img->header;
    uint16_t chip = voyager_le16(h + 12);
    if (h[0] != 0xE9) {
        return fail(img, VOYAGER_ERR_MAGIC, "not an ESP32 image: the first byte is not 0xE9");
    }
    if (looks_like_esp8266(h)) {
        return fail(img, VOYAGER_ERR_CHIP, "an ESP8266 image, not an ESP32 one");
    }
    if (voyager_chip_name((voyager_chip_t) chip) == NULL) {
        return fail(img, VOYAGER_ERR_CHIP, "the chip id at offset 12 is no ESP32 chip");
    }
    if (img->chip != VOYAGER_CHIP_ANY && chip != img->chip) {
        return fail(img, VOYAGER_ERR_CHIP, "the image is built for another chip than this device's");
    }
    if (h[23] > 1) {
        return fail(img, VOYAGER_ERR_IMAGE, "hash_appended at offset 23 is neither 0 nor 1: corrupt header");
    }
    if (h[1] == 0 || h[1] > MAX_SEGMENTS) {
        return fail(img, VOYAGER_ERR_IMAGE, "the header declares no segments or more than 16");
    }
    start_segment_header(img);
    return VOYAGER_OK;
}

static voyager_err_t on_segment_header(voyager_image_t *img) {
    uint32_t length = voyager_le32(img->seg + 4);
    if (length >= SEGMENT_LIMIT || length % 4 != 0) {
        return fail(img, VOYAGER_ERR_IMAGE, "a segment length is not a multiple of 4 below 16 MiB");
    }
    /* the data must end before the image does: at least the checksum byte follows */
    if ((uint64_t) img->pos + length >= img->size) {
        return fail(img, VOYAGER_ERR_IMAGE, "a segment reaches past the end of the image");
    }
    img->state = S_SEG_DATA;
    img->boundary = img->pos + length;
    return VOYAGER_OK;
}

/* The descriptor opens segment 0: its magic as soon as it is in, the rest once all 256 bytes are. */
static voyager_err_t check_descriptor(voyager_image_t *img) {
    if (img->pos >= VOYAGER_APP_DESC_OFFSET + 4 && voyager_le32(img->desc) != DESC_MAGIC) {
        return fail(img, VOYAGER_ERR_MAGIC, "not an application image: no app descriptor at offset 32"
                " (a bootloader, partition table or RAM-only image)");
    }
    if (img->pos >= DESC_END) {
        img->secure_version = voyager_le32(img->desc + 4);
        if (img->secure_version < img->min_secure_version) {
            return fail(img, VOYAGER_ERR_SECURE_VERSION, "the image's secure_version is below this device's");
        }
        size_t n = 0;
        while (n < 32 && img->desc[16 + n] != 0) {
            n++;
        }
        memcpy(img->app_version, img->desc + 16, n);
        img->app_version[n] = '\0';
    }
    return VOYAGER_OK;
}

static void image_ended(voyager_image_t *img) {
    img->image_end = img->pos;
    img->sector_start = (img->pos + SECTOR_LEN - 1) / SECTOR_LEN * SECTOR_LEN;
    img->state = S_AFTER_IMAGE;
    img->boundary = img->sector_start;
}

static voyager_err_t on_segment_end(voyager_image_t *img) {
    if (img->seg_index == 0 && img->pos < DESC_END) {
        return fail(img, VOYAGER_ERR_MAGIC, "not an application image: its first segment is too short for the"
                " app descriptor");
    }
    if (++img->seg_index < img->header[1]) {
        start_segment_header(img);
        return VOYAGER_OK;
    }
    img->state = S_PADDING;
    img->boundary = (img->pos + 16) & ~15u; /* zero padding to a multiple of 16; its last byte is the checksum */
    return VOYAGER_OK;
}

static voyager_err_t on_checksum(voyager_image_t *img) {
    if ((uint8_t) (img->checksum ^ CHECKSUM_SEED) != img->stored[0]) {
        return fail(img, VOYAGER_ERR_IMAGE, "the checksum byte does not match the segment data: corrupt image");
    }
    if (img->header[23] == 1) {
        digest_so_far(img);
        img->state = S_HASH;
        img->boundary = img->pos + 32;
    } else {
        image_ended(img);
    }
    return VOYAGER_OK;
}

static voyager_err_t settle(voyager_image_t *img) {
    voyager_err_t err = VOYAGER_OK;
    if (img->state == S_SEG_DATA && img->seg_index == 0) {
        err = check_descriptor(img);
    }
    while (err == VOYAGER_OK && img->pos == img->boundary) {
        switch (img->state) {
            case S_HEADER:
                err = on_header(img);
                break;
            case S_SEG_HEADER:
                err = on_segment_header(img);
                break;
            case S_SEG_DATA:
                err = on_segment_end(img);
                break;
            case S_PADDING:
                err = on_checksum(img);
                break;
            case S_HASH:
                if (memcmp(img->stored, img->expected, 32) != 0) {
                    return fail(img, VOYAGER_ERR_IMAGE, "the appended SHA-256 does not match the image");
                }
                image_ended(img);
                break;
            case S_SECTOR:
                img->state = S_AFTER_SECTOR;
                img->boundary = UNBOUNDED;
                break;
            default:
                return VOYAGER_OK;
        }
    }
    return err;
}

/* One byte of the signature sector: each 1216-byte block has magic, version, image digest and CRC-32. */
static voyager_err_t sector_byte(voyager_image_t *img, uint32_t at, uint8_t c) {
    uint32_t o = at - img->sector_start;
    uint32_t slot = o / BLOCK_LEN;
    uint32_t b = o % BLOCK_LEN;
    if (img->sector_rest || slot >= 3) {
        return VOYAGER_OK;
    }
    if (b == 0) {
        if (slot > 0 && c == 0xFF) {
            img->sector_rest = true; /* an erased slot: no more blocks */
            return VOYAGER_OK;
        }
        if (c != SECTOR_MAGIC) {
            return fail(img, VOYAGER_ERR_IMAGE, "a Secure Boot v2 signature block lacks its magic 0xE7");
        }
        img->crc = 0xffffffffu;
    }
    if (b < BLOCK_CRC_AT) {
        img->crc = voyager_crc32_raw(img->crc, &c, 1);
    }
    if (b == 1) {
        if (c != 2 && c != 3) {
            return fail(img, VOYAGER_ERR_IMAGE, "a Secure Boot v2 signature block has an unknown version");
        }
        img->block_version = c;
    } else if (b == 2) {
        img->block_sha256 = img->block_version == 2 || c == 0; /* ECDSA over SHA-384 carries another digest */
    } else if (b >= 4 && b < 36 && img->block_sha256 && c != img->expected[b - 4]) {
        return fail(img, VOYAGER_ERR_IMAGE, "the Secure Boot v2 signature block signs another image");
    } else if (b >= BLOCK_CRC_AT && b < BLOCK_CRC_AT + 4) {
        img->stored[b - BLOCK_CRC_AT] = c;
        if (b == BLOCK_CRC_AT + 3 && voyager_le32(img->stored) != ~img->crc) {
            return fail(img, VOYAGER_ERR_IMAGE, "a Secure Boot v2 signature block fails its CRC-32");
        }
    }
    return VOYAGER_OK;
}

static voyager_err_t consume(voyager_image_t *img, const uint8_t *d, uint32_t n) {
    uint32_t pos = img->pos;
    switch (img->state) {
        case S_HEADER:
            memcpy(img->header + pos, d, n);
            break;
        case S_SEG_HEADER:
            memcpy(img->seg + (pos - (img->boundary - 8)), d, n);
            break;
        case S_SEG_DATA:
            for (uint32_t i = 0; i < n; i++) {
                img->checksum ^= d[i];
            }
            if (img->seg_index == 0 && pos < VOYAGER_APP_DESC_OFFSET + sizeof img->desc) {
                uint32_t take = VOYAGER_APP_DESC_OFFSET + (uint32_t) sizeof img->desc - pos;
                memcpy(img->desc + (pos - VOYAGER_APP_DESC_OFFSET), d, take < n ? take : n);
            }
            break;
        case S_PADDING:
            img->stored[0] = d[n - 1];
            break;
        case S_HASH:
            memcpy(img->stored + (pos - (img->boundary - 32)), d, n);
            break;
        case S_AFTER_IMAGE:
            for (uint32_t i = 0; i < n; i++) {
                if (d[i] != 0x00 && d[i] != 0xFF) {
                    return fail(img, VOYAGER_ERR_IMAGE, "unexpected data after the image: neither padding nor a"
                            " signature sector");
                }
            }
            break;
        default: /* S_SECTOR */
            for (uint32_t i = 0; i < n; i++) {
                voyager_err_t err = sector_byte(img, pos + i, d[i]);
                if (err != VOYAGER_OK) {
                    return err;
                }
            }
            break;
    }
    return VOYAGER_OK;
}

voyager_err_t voyager_image_feed(voyager_image_t *img, const uint8_t *data, size_t len) {
    while (img->err == VOYAGER_OK && len > 0) {
        if (img->pos == img->size) {
            return fail(img, VOYAGER_ERR_TOO_LARGE, "more bytes than the image's declared size");
        }
        if (img->state == S_AFTER_IMAGE && img->pos == img->sector_start) {
            if (data[0] != SECTOR_MAGIC) {
                return fail(img, VOYAGER_ERR_IMAGE, "unexpected data after the image's padding: not a Secure Boot"
                        " v2 signature sector");
            }
            digest_so_far(img);
            img->state = S_SECTOR;
            img->boundary = img->pos + SECTOR_LEN;
        } else if (img->state == S_AFTER_SECTOR) {
            return fail(img, VOYAGER_ERR_IMAGE, "unexpected data after the Secure Boot v2 signature sector");
        }
        uint32_t limit = img->boundary < img->size ? img->boundary : img->size;
        uint32_t n = limit - img->pos < len ? limit - img->pos : (uint32_t) len;
        voyager_sha256_update(&img->sha, data, n);
        voyager_err_t err = consume(img, data, n);
        img->pos += n;
        data += n;
        len -= n;
        if (err == VOYAGER_OK) {
            settle(img);
        }
    }
    return (voyager_err_t) img->err;
}

voyager_err_t voyager_image_finish(voyager_image_t *img) {
    if (img->err != VOYAGER_OK) {
        return (voyager_err_t) img->err;
    }
    if (img->pos != img->size) {
        return fail(img, VOYAGER_ERR_TRUNCATED, "the image ends before its declared size");
    }
    if (img->state == S_AFTER_SECTOR || (img->state == S_AFTER_IMAGE && img->pos == img->image_end)) {
        return VOYAGER_OK;
    }
    if (img->state == S_AFTER_IMAGE) {
        return fail(img, VOYAGER_ERR_IMAGE, "padding follows the image but no Secure Boot v2 signature sector");
    }
    return fail(img, VOYAGER_ERR_TRUNCATED, "the image ends inside a part its header declares");
}
