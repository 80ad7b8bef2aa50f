/*
 * The streaming LittleFS image check, state for state the server's LittleFsInspector: block 0's revision count,
 * then a commit whose first tag is the superblock name ("littlefs" at offset 8) and whose second is the
 * superblock's inline struct (version 2.x, block size, block count), the commit's CRC, and the exact size.
 * Tags are big-endian, each XORed with the previous one (the first with 0xFFFFFFFF).
 */
#include <string.h>

#include "bytes.h"
#include "crc32.h"
#include "voyager/image.h"

enum { S_REVISION, S_TAG, S_DATA, S_CRC, S_REST, S_FAILED };

#define TYPE_SUPERBLOCK 0x0ffu
#define TYPE_INLINE_STRUCT 0x201u
#define TYPE_FCRC 0x5ffu
#define SUPERBLOCK_LEN 24u
#define MIN_BLOCK_SIZE 128u

static voyager_err_t fail(voyager_littlefs_t *fs, voyager_err_t err, const char *why) {
    if (fs->err == VOYAGER_OK) {
        fs->err = (uint8_t) err;
        fs->why = why;
    }
    fs->state = S_FAILED;
    return (voyager_err_t) fs->err;
}

void voyager_littlefs_begin(voyager_littlefs_t *fs, uint32_t size) {
    memset(fs, 0, sizeof *fs);
    fs->size = size;
    voyager_sha256_init(&fs->sha);
    fs->state = S_REVISION;
    fs->boundary = 4;
    fs->crc = 0xffffffffu;
    fs->prev_tag = 0xffffffffu;
}

static int has_magic(const voyager_littlefs_t *fs) {
    return fs->pos >= 16 && memcmp(fs->head + 8, "littlefs", 8) == 0;
}

static void start_tag(voyager_littlefs_t *fs) {
    fs->tag_start = fs->pos;
    fs->state = S_TAG;
    fs->boundary = fs->pos + 4;
}

static voyager_err_t on_tag(voyager_littlefs_t *fs) {
    uint32_t tag = voyager_be32(fs->word) ^ fs->prev_tag;
    uint32_t type = (tag >> 20) & 0x7ffu;
    uint32_t size = tag & 0x3ffu;
    uint32_t length = size == 0x3ffu ? 0 : size; /* 0x3ff marks a deleted tag, which has no data */
    fs->tag = fs->prev_tag = tag;
    if (fs->tag_index > 0 && (tag >> 31) != 0) {
        return fail(fs, VOYAGER_ERR_IMAGE, "block 0 of the LittleFS image holds no complete commit");
    }
    if (fs->tag_index > 1 && (type >> 8) == 5 && type != TYPE_FCRC) {
        fs->state = S_CRC; /* the CRC covers everything up to and including this tag: fs->crc holds it */
        fs->boundary = fs->pos + 4;
        return VOYAGER_OK;
    }
    if (fs->block_size != 0 && (uint64_t) fs->pos + length > fs->block_size) {
        return fail(fs, VOYAGER_ERR_IMAGE, "a LittleFS tag reaches past block 0 before any commit CRC");
    }
    fs->state = S_DATA;
    /* the first tag is judged once its 8 data bytes (the magic) are in, whatever length it claims */
    fs->boundary = fs->pos + (fs->tag_index == 0 ? 8 : length);
    return VOYAGER_OK;
}

static voyager_err_t on_superblock(voyager_littlefs_t *fs) {
    const uint8_t *s = fs->superblock;
    uint32_t version = voyager_le32(s);
    uint32_t block_size = voyager_le32(s + 4);
    uint32_t block_count = voyager_le32(s + 8);
    if (version >> 16 != 2) {
        return fail(fs, VOYAGER_ERR_IMAGE, "the LittleFS image is not on-disk version 2.x");
    }
    if (block_size < MIN_BLOCK_SIZE || block_count < 2) {
        return fail(fs, VOYAGER_ERR_IMAGE, "the LittleFS superblock has too small blocks or too few");
    }
    if ((uint64_t) block_size * block_count != fs->size) {
        return fail(fs, VOYAGER_ERR_IMAGE, "the LittleFS superblock describes another size than the UI part's");
    }
    fs->block_size = block_size;
    fs->fs_size = fs->size;
    return VOYAGER_OK;
}

static voyager_err_t on_data(voyager_littlefs_t *fs) {
    if (fs->tag_index == 0) {
        if (!has_magic(fs)) {
            return fail(fs, VOYAGER_ERR_MAGIC, "not a LittleFS image: no \"littlefs\" at offset 8");
        }
        if (fs->tag != (TYPE_SUPERBLOCK << 20 | 8u)) {
            return fail(fs, VOYAGER_ERR_IMAGE, "the LittleFS superblock name tag is corrupt");
        }
    } else if (fs->tag_index == 1) {
        if ((fs->tag & ~0x3ffu) != TYPE_INLINE_STRUCT << 20 || (fs->tag & 0x3ffu) < SUPERBLOCK_LEN) {
            return fail(fs, VOYAGER_ERR_IMAGE, "the LittleFS superblock's inline struct is missing or corrupt");
        }
        voyager_err_t err = on_superblock(fs);
        if (err != VOYAGER_OK) {
            return err;
        }
    }
    fs->tag_index++;
    start_tag(fs);
    return VOYAGER_OK;
}

static voyager_err_t transition(voyager_littlefs_t *fs) {
    switch (fs->state) {
        case S_REVISION:
            start_tag(fs);
            return VOYAGER_OK;
        case S_TAG:
            return on_tag(fs);
        case S_DATA:
            return on_data(fs);
        default: /* S_CRC */
            if (voyager_le32(fs->word) != fs->crc) {
                return fail(fs, VOYAGER_ERR_IMAGE, "the CRC of the LittleFS superblock commit does not match");
            }
            fs->state = S_REST;
            fs->boundary = fs->fs_size;
            return VOYAGER_OK;
    }
}

static void consume(voyager_littlefs_t *fs, const uint8_t *d, uint32_t n) {
    if (fs->pos < sizeof fs->head) {
        uint32_t take = (uint32_t) sizeof fs->head - fs->pos;
        memcpy(fs->head + fs->pos, d, take < n ? take : n);
    }
    switch (fs->state) {
        case S_REVISION:
        case S_TAG:
        case S_CRC:
            memcpy(fs->word + (fs->pos - (fs->boundary - 4)), d, n);
            if (fs->state != S_CRC) {
                fs->crc = voyager_crc32_raw(fs->crc, d, n);
            }
            break;
        case S_DATA:
            fs->crc = voyager_crc32_raw(fs->crc, d, n);
            if (fs->tag_index == 1 && fs->pos - (fs->tag_start + 4) < SUPERBLOCK_LEN) {
                uint32_t from = fs->pos - (fs->tag_start + 4);
                uint32_t take = SUPERBLOCK_LEN - from;
                memcpy(fs->superblock + from, d, take < n ? take : n);
            }
            break;
        default:
            break;
    }
}

voyager_err_t voyager_littlefs_feed(voyager_littlefs_t *fs, const uint8_t *data, size_t len) {
    while (fs->err == VOYAGER_OK && len > 0) {
        uint32_t limit = fs->boundary < fs->size ? fs->boundary : fs->size;
        if (fs->pos == limit) {
            return fail(fs, VOYAGER_ERR_TOO_LARGE, "more bytes than the LittleFS image's size");
        }
        uint32_t n = limit - fs->pos < len ? limit - fs->pos : (uint32_t) len;
        voyager_sha256_update(&fs->sha, data, n);
        consume(fs, data, n);
        fs->pos += n;
        data += n;
        len -= n;
        while (fs->err == VOYAGER_OK && fs->state != S_REST && fs->pos == fs->boundary) {
            transition(fs);
        }
    }
    return (voyager_err_t) fs->err;
}

voyager_err_t voyager_littlefs_finish(voyager_littlefs_t *fs) {
    if (fs->err != VOYAGER_OK) {
        return (voyager_err_t) fs->err;
    }
    if (fs->state == S_REST && fs->pos == fs->fs_size) {
        return VOYAGER_OK;
    }
    if (fs->state != S_REST && fs->pos < 16) { /* too short to hold the magic at all */
        return fail(fs, VOYAGER_ERR_MAGIC, "not a LittleFS image: no \"littlefs\" at offset 8");
    }
    return fail(fs, VOYAGER_ERR_TRUNCATED, "the LittleFS image ends before the size its superblock declares");
}
