/*
 * Writes the fuzz harnesses' seed corpus with the tests' own builders: offers from protocol/vectors/offers.txt
 * (and the manifests they carry), test images, LittleFS images and bundles, a key's PEM, its statement and a
 * signature. Run as: mkseeds <protocol/vectors/offers.txt> <corpus dir>; the output is committed in
 * test/fuzz/corpus.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "images.h"
#include "signing.h"
#include "voyager/offer.h"

static const char *dir;

static void put(const char *harness, const char *name, const void *data, size_t len) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s/%s", dir, harness, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "mkseeds: cannot write %s\n", path);
        exit(1);
    }
}

static void put_text(const char *harness, const char *name, const char *text) {
    put(harness, name, text, strlen(text));
}

/* The image harness's seeds: the mode byte, then the image. */
static void put_image(const char *name, uint8_t mode, const uint8_t *image, size_t len) {
    static uint8_t buf[16385];
    buf[0] = mode;
    memcpy(buf + 1, image, len);
    put("image", name, buf, len + 1);
}

static void offers(const char *vectors) {
    static char line[8192];
    static voyager_offer_t offer;
    static voyager_manifest_bytes_t manifest;
    FILE *f = fopen(vectors, "r");
    int n = 0;
    if (f == NULL) {
        fprintf(stderr, "mkseeds: cannot read %s\n", vectors);
        exit(1);
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char name[32];
        size_t len = strcspn(line, "\n");
        if (strncmp(line, "offer ", 6) != 0) {
            continue;
        }
        snprintf(name, sizeof name, "vector-%d.json", ++n);
        put("json", name, line + 6, len - 6);
        put("offer", name, line + 6, len - 6);
        if (voyager_offer_parse(&offer, &manifest, line + 6, len - 6) == VOYAGER_OK) {
            snprintf(name, sizeof name, "vector-%d.txt", n);
            put("manifest", name, manifest.bytes, manifest.len);
        }
    }
    fclose(f);
}

int main(int argc, char **argv) {
    static uint8_t image[16384];
    static uint8_t fs[1024];
    static uint8_t bundle[12288];
    if (argc != 3) {
        fprintf(stderr, "usage: mkseeds <offers.txt> <corpus dir>\n");
        return 2;
    }
    dir = argv[2];
    offers(argv[1]);
    put_text("json", "small.json", "{\"a\":[1,-2,3.5e+2,true,false,null],\"b\":{\"c\":\"\\u00e9\\n\\ud83d\\ude00\"}}");
    put_text("json", "nested.json", "[[[[[[[[1]]]]]]]]");

    /* application images: small segments keep the seeds small */
    test_image_t t = test_image_defaults();
    t.segments[0] = 320;
    t.segments[1] = 64;
    size_t app_len = test_image_build(&t, image, sizeof image);
    put_image("app-s3.bin", 0, image, app_len);
    test_image_t bare = t;
    bare.hash_appended = false;
    bare.version = "";
    bare.secure_version = 3;
    bare.chip = 5;
    size_t bare_len = test_image_build(&bare, image, sizeof image);
    put_image("app-c3-bare.bin", 4, image, bare_len);
    /* the Secure Boot v2 sector begins at the next 4 KiB boundary: the one seed above 4 KB */
    test_image_t signed_image = t;
    signed_image.signature_sector = true;
    size_t signed_len = test_image_build(&signed_image, image, sizeof image);
    put_image("app-s3-signed.bin", 0, image, signed_len);
    size_t fs_len = test_littlefs_build(128, 4, false, fs, sizeof fs);
    put_image("littlefs.bin", 1, fs, fs_len);

    /* bundles and a plain image for the update harness */
    app_len = test_image_build(&t, image, sizeof image);
    put("bundle", "app-s3.bin", image, app_len);
    fs_len = test_littlefs_build(128, 2, false, fs, sizeof fs);
    size_t bundle_len = test_bundle_build(image, app_len, fs, fs_len, bundle, sizeof bundle);
    put("bundle", "bundle.bin", bundle, bundle_len);

    /* what headers and endorsements carry */
    test_key_t key;
    uint8_t signature[64];
    char text[256];
    test_key_generate(&key, "fuzz seeds");
    put_text("trust", "key.pem", key.public_pem);
    put_text("trust", "key-id.txt", key.id);
    char der64[128];
    test_base64(key.der, sizeof key.der, der64);
    snprintf(text, sizeof text, "voyager-offer-key 1\nkey %s\n", der64);
    put_text("trust", "statement.txt", text);
    test_key_sign(&key, (const uint8_t *) text, strlen(text), signature);
    test_base64(signature, sizeof signature, text);
    put_text("trust", "signature.txt", text);
    test_proof("device-secret", "00112233445566778899aabbccddeeff", (const uint8_t *) "{}", 2, text);
    put_text("trust", "proof.txt", text);
    test_key_free(&key);
    return 0;
}
