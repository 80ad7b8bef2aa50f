/* Test image builders: see images.h. */
#include "images.h"

#include <string.h>

#include "voyager/image.h"
#include "voyager/sha256.h"

static void put32(uint8_t *p, uint32_t v) {
    for (int i = 0; i < 4; i++) {
        p[i] = (uint8_t) (v >> (8 * i));
    }
}

static uint32_t next(uint32_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static uint32_t crc32_raw(uint32_t crc, const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
    }
    return crc;
}

test_image_t test_image_defaults(void) {
    test_image_t t;
    memset(&t, 0, sizeof t);
    t.chip = VOYAGER_CHIP_ESP32S3;
    t.version = "1.2.3";
    t.project = "voyager-test";
    t.segments[0] = 1024;
    t.segments[1] = 512;
    t.segment_count = 2;
    t.hash_appended = true;
    t.seed = 1;
    t.magic = 0xE9;
    t.descriptor_magic = 0xABCD5432u;
    return t;
}

static size_t text(uint8_t *at, const char *s, size_t field) {
    size_t n = strlen(s);
    memcpy(at, s, n < field ? n : field);
    return field;
}

size_t test_image_build(const test_image_t *o, uint8_t *out, size_t cap) {
    uint32_t seed = o->seed != 0 ? o->seed : 1;
    size_t need = 24 + 16 + 32 + (o->signature_sector ? 2 * 4096 : 0);
    for (unsigned i = 0; i < o->segment_count; i++) {
        need += 8 + o->segments[i];
    }
    if (need > cap) {
        return 0;
    }
    memset(out, 0, need);
    uint8_t *h = out;
    h[0] = o->magic;
    h[1] = o->segment_count;
    h[2] = 2;            /* DIO */
    h[3] = 0x2f;         /* 80 MHz, 4 MB */
    put32(h + 4, 0x40375000u);
    h[8] = 0xEE;         /* WP pin disabled; drive settings 0 */
    h[12] = (uint8_t) o->chip;
    h[13] = (uint8_t) (o->chip >> 8);
    h[17] = 0x63;        /* max chip revision 0.99 */
    h[23] = o->hash_appended ? 1 : 0;
    size_t pos = 24;
    uint8_t checksum = 0xEF;
    for (unsigned i = 0; i < o->segment_count; i++) {
        put32(out + pos, 0x3C000020u + 0x10000u * i);
        put32(out + pos + 4, o->segments[i]);
        pos += 8;
        uint8_t *data = out + pos;
        for (uint32_t k = 0; k < o->segments[i]; k++) {
            data[k] = (uint8_t) next(&seed);
        }
        if (i == 0 && o->segments[0] >= 256) {
            memset(data, 0, 256);
            put32(data, o->descriptor_magic);
            put32(data + 4, o->secure_version);
            size_t at = 16;
            at += text(data + at, o->version, 32);
            at += text(data + at, o->project, 32);
            at += text(data + at, "12:34:56", 16);
            at += text(data + at, "Jan  1 2026", 16);
            text(data + at, "v5.3.1", 32);
        }
        for (uint32_t k = 0; k < o->segments[i]; k++) {
            checksum ^= data[k];
        }
        pos += o->segments[i];
    }
    pos = (pos + 16) & ~(size_t) 15;
    out[pos - 1] = (uint8_t) (checksum ^ (o->flip_checksum ? 1 : 0));
    if (o->hash_appended) {
        test_sha256(out, pos, out + pos);
        out[pos] ^= o->flip_hash ? 1 : 0;
        pos += 32;
    }
    if (o->signature_sector) {
        size_t sector = (pos + 4095) / 4096 * 4096;
        if (sector + 4096 > cap) {
            return 0;
        }
        memset(out + pos, 0xff, sector + 4096 - pos);
        uint8_t *b = out + sector;
        b[0] = 0xE7;
        b[1] = 0x02;     /* RSA-PSS */
        memset(b + 2, 0, 2);
        test_sha256(out, sector, b + 4);
        for (size_t k = 36; k < 1196; k++) {
            b[k] = (uint8_t) next(&seed);
        }
        put32(b + 1196, ~crc32_raw(0xffffffffu, b, 1196));
        memset(b + 1200, 0, 16);
        pos = sector + 4096;
    }
    return pos;
}

static void tag(uint8_t *out, size_t *n, uint32_t *prev, uint32_t type, uint32_t id, uint32_t size,
                const uint8_t *data, size_t len) {
    uint32_t t = type << 20 | id << 10 | size;
    uint32_t stored = t ^ *prev;
    *prev = t;
    out[(*n)++] = (uint8_t) (stored >> 24);
    out[(*n)++] = (uint8_t) (stored >> 16);
    out[(*n)++] = (uint8_t) (stored >> 8);
    out[(*n)++] = (uint8_t) stored;
    if (len > 0) {
        memcpy(out + *n, data, len);
        *n += len;
    }
}

size_t test_littlefs_build(uint32_t block_size, uint32_t block_count, bool corrupt_crc, uint8_t *out, size_t cap) {
    size_t total = (size_t) block_size * block_count;
    uint32_t prev = 0xffffffffu;
    uint8_t sb[24];
    size_t n = 4;
    if (total > cap || block_size < 64) {
        return 0;
    }
    memset(out, 0xff, total);
    put32(out, 1); /* revision */
    tag(out, &n, &prev, 0x0ff, 0, 8, (const uint8_t *) "littlefs", 8);
    put32(sb, 0x00020001u);
    put32(sb + 4, block_size);
    put32(sb + 8, block_count);
    put32(sb + 12, 255);
    put32(sb + 16, 0x7fffffffu);
    put32(sb + 20, 1022);
    tag(out, &n, &prev, 0x201, 0, 24, sb, 24);
    size_t end = (n + 8 + 15) / 16 * 16;
    tag(out, &n, &prev, 0x500, 0x3ff, (uint32_t) (end - n - 4), NULL, 0);
    put32(out + n, crc32_raw(0xffffffffu, out, n) ^ (corrupt_crc ? 1u : 0u));
    return total;
}

size_t test_bundle_build(const uint8_t *fw, size_t fw_len, const uint8_t *ui, size_t ui_len, uint8_t *out,
                         size_t cap) {
    if (12 + fw_len + ui_len > cap) {
        return 0;
    }
    memcpy(out, "BNDL", 4);
    put32(out + 4, (uint32_t) fw_len);
    put32(out + 8, (uint32_t) ui_len);
    memcpy(out + 12, fw, fw_len);
    memcpy(out + 12 + fw_len, ui, ui_len);
    return 12 + fw_len + ui_len;
}

void test_sha256(const uint8_t *data, size_t len, uint8_t out[32]) {
    voyager_sha256_t ctx;
    voyager_sha256_init(&ctx);
    voyager_sha256_update(&ctx, data, len);
    voyager_sha256_final(&ctx, out);
}

void test_hex(const uint8_t digest[32], char out[65]) {
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = '\0';
}
