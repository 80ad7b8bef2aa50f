/*
 * Writes the end-to-end fixtures into a directory: firmware images (factory 1.0.0, 2.0.0, 1.5.0, a 2.0.1 built for
 * the wrong chip), a bundle 3.0.0, the release key's public half, each artifact's SHA-256 and base64 signature,
 * and offer templates for the mini server (which fills in the device id, sequence and expiry per check).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "images.h"
#include "signing.h"

static const char *dir;
static test_key_t key;

static void write_file(const char *name, const void *data, size_t len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "mkfixtures: cannot write %s\n", path);
        exit(1);
    }
}

/* Writes an artifact, its .sha256, its .sig (base64 r||s), and an offer template naming it. */
static void artifact(const char *name, const uint8_t *data, size_t len, const char *version, const char *kind,
                     const char *parts_json) {
    uint8_t digest[32], sig[64];
    char hex[65], b64[96], offer[4096], file[256];
    test_sha256(data, len, digest);
    test_hex(digest, hex);
    test_key_sign(&key, data, len, sig);
    test_base64(sig, 64, b64);
    write_file(name, data, len);
    snprintf(file, sizeof file, "%s.sha256", name);
    write_file(file, hex, 64);
    snprintf(file, sizeof file, "%s.sig", name);
    write_file(file, b64, strlen(b64));
    snprintf(offer, sizeof offer,
             "{\"version\":\"%s\",\"kind\":\"%s\",\"format\":\"%s\",\"url\":\"/v1/artifacts/%s?expires=@EXPIRES@&sig=t\","
             "\"size\":%zu,\"sha256\":\"%s\",\"parts\":[%s],\"signature\":{\"algorithm\":\"ecdsa-p256-sha256\","
             "\"value\":\"%s\"},\"required\":false,\"secureVersion\":0,\"deviceId\":\"@DEVICE@\",\"model\":\"model-s3\","
             "\"expiresAt\":@EXPIRES@,\"sequence\":@SEQUENCE@}",
             version, kind, parts_json[0] != '\0' ? "bundle" : "app-image", name, len, hex, parts_json, b64);
    snprintf(file, sizeof file, "offer-%s.json", name);
    write_file(file, offer, strlen(offer));
}

static void image(const char *name, const char *version, uint16_t chip, const char *kind) {
    static uint8_t buf[512 * 1024];
    test_image_t t = test_image_defaults();
    t.version = version;
    t.chip = chip;
    t.segment_count = 3;
    t.segments[0] = 120000;
    t.segments[1] = 60000;
    t.segments[2] = 20000;
    t.seed = (uint32_t) strlen(name) * 7919u + version[0];
    size_t len = test_image_build(&t, buf, sizeof buf);
    artifact(name, buf, len, version, kind, "");
}

static void bundle(const char *name, const char *version) {
    static uint8_t fw[256 * 1024], ui[128 * 1024], out[400 * 1024];
    char parts[1024], fw_hex[65], ui_hex[65];
    uint8_t d[32];
    test_image_t t = test_image_defaults();
    t.version = version;
    t.segments[0] = 40000;
    size_t fw_len = test_image_build(&t, fw, sizeof fw);
    size_t ui_len = test_littlefs_build(4096, 16, false, ui, sizeof ui);
    size_t len = test_bundle_build(fw, fw_len, ui, ui_len, out, sizeof out);
    test_sha256(fw, fw_len, d);
    test_hex(d, fw_hex);
    test_sha256(ui, ui_len, d);
    test_hex(d, ui_hex);
    snprintf(parts, sizeof parts, "{\"name\":\"firmware\",\"offset\":12,\"size\":%zu,\"sha256\":\"%s\"},"
             "{\"name\":\"ui\",\"offset\":%zu,\"size\":%zu,\"sha256\":\"%s\"}", fw_len, fw_hex, 12 + fw_len, ui_len,
             ui_hex);
    artifact(name, out, len, version, "upgrade", parts);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: mkfixtures DIR\n");
        return 1;
    }
    dir = argv[1];
    test_key_generate(&key, "voyager-e2e");
    write_file("release.pub.pem", key.public_pem, strlen(key.public_pem));
    static uint8_t buf[64 * 1024];
    test_image_t t = test_image_defaults();
    t.version = "1.0.0";
    write_file("factory.bin", buf, test_image_build(&t, buf, sizeof buf));
    image("v2.bin", "2.0.0", 9, "upgrade");
    image("v15.bin", "1.5.0", 9, "rollback");
    image("bad-chip.bin", "2.0.1", 5, "upgrade");
    bundle("bundle3.bin", "3.0.0");
    test_key_free(&key);
    return 0;
}
