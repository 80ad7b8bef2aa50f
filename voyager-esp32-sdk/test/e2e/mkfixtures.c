/*
 * Writes the end-to-end fixtures into a directory: firmware images (factory 1.0.0, 2.0.0, 1.5.0, a 2.0.1 built for
 * the wrong chip), a bundle 3.0.0, each artifact's SHA-256, release manifest (product locker, model model-s3 on
 * esp32s3, as the server writes it) and the release key's base64 signature over it, offer templates for the mini
 * server (which fills in the device id, sequence and expiry per check, and signs and proves each answer), the
 * release key's public half, and the mini server's offer keys: "offer", "offer2" with the statement by which offer
 * endorses it (offer-key-<id>.txt, .sig, .by) for a rotation, and "stranger", which nobody endorses; and a
 * self-signed certificate for 127.0.0.1 with its key (tls.crt, tls.key), so the mini server speaks HTTPS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/version.h>
#include <mbedtls/x509_crt.h>

#include "images.h"
#include "signing.h"

static const char *dir;
static test_key_t key;
static test_key_t offer_key;
static test_key_t next_key;
static test_key_t stranger;

static void write_file(const char *name, const void *data, size_t len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "mkfixtures: cannot write %s\n", path);
        exit(1);
    }
}

/*
 * Writes an artifact, its .sha256, its .manifest and .sig (base64 r||s over the manifest), and an offer template
 * naming it. parts_json and parts_lines are a bundle's parts, in the offer and in the manifest; "" for an image.
 */
static void artifact(const char *name, const uint8_t *data, size_t len, const char *version, const char *kind,
                     const char *parts_json, const char *parts_lines) {
    uint8_t digest[32], sig[64];
    char hex[65], b64[96], offer[4096], file[256], manifest[1100], manifest_b64[1500];
    test_sha256(data, len, digest);
    test_hex(digest, hex);
    snprintf(manifest, sizeof manifest, "voyager-manifest 1\nproduct locker\nversion %s\nsecure-version 0\n"
             "format %s\nmodel model-s3 esp32s3\nsize %zu\nsha256 %s\n%s", version,
             parts_json[0] != '\0' ? "bundle" : "app-image", len, hex, parts_lines);
    test_key_sign(&key, (const uint8_t *) manifest, strlen(manifest), sig);
    test_base64(sig, 64, b64);
    test_base64((const uint8_t *) manifest, strlen(manifest), manifest_b64);
    write_file(name, data, len);
    snprintf(file, sizeof file, "%s.sha256", name);
    write_file(file, hex, 64);
    snprintf(file, sizeof file, "%s.manifest", name);
    write_file(file, manifest, strlen(manifest));
    snprintf(file, sizeof file, "%s.sig", name);
    write_file(file, b64, strlen(b64));
    snprintf(offer, sizeof offer,
             "{\"version\":\"%s\",\"kind\":\"%s\",\"format\":\"%s\",\"url\":\"/v1/artifacts/%s?expires=@EXPIRES@&sig=t\","
             "\"size\":%zu,\"sha256\":\"%s\",\"parts\":[%s],\"manifest\":\"%s\",\"manifestSignature\":\"%s\","
             "\"required\":false,\"secureVersion\":0,\"deviceId\":\"@DEVICE@\",\"model\":\"model-s3\","
             "\"expiresAt\":@EXPIRES@,\"sequence\":@SEQUENCE@}",
             version, kind, parts_json[0] != '\0' ? "bundle" : "app-image", name, len, hex, parts_json, manifest_b64,
             b64);
    snprintf(file, sizeof file, "offer-%s.json", name);
    write_file(file, offer, strlen(offer));
}

/* An offer key pair as the mini server reads it: NAME.key.pem (private), NAME.pub.pem. */
static void offer_key_files(const char *name, test_key_t *k) {
    char pem[1024], file[256];
    test_key_private_pem(k, pem, sizeof pem);
    snprintf(file, sizeof file, "%s.key.pem", name);
    write_file(file, pem, strlen(pem));
    snprintf(file, sizeof file, "%s.pub.pem", name);
    write_file(file, k->public_pem, strlen(k->public_pem));
}

/* The statement by which endorser vouches for next, as GET /v1/offer-keys/<next's id> answers it. */
static void endorsement(test_key_t *next, test_key_t *endorser) {
    char der[130], statement[256], file[256], b64[96];
    uint8_t sig[64];
    test_base64(next->der, sizeof next->der, der);
    snprintf(statement, sizeof statement, "voyager-offer-key 1\nkey %s\n", der);
    test_key_sign(endorser, (const uint8_t *) statement, strlen(statement), sig);
    test_base64(sig, 64, b64);
    snprintf(file, sizeof file, "offer-key-%s.txt", next->id);
    write_file(file, statement, strlen(statement));
    snprintf(file, sizeof file, "offer-key-%s.sig", next->id);
    write_file(file, b64, strlen(b64));
    snprintf(file, sizeof file, "offer-key-%s.by", next->id);
    write_file(file, endorser->id, strlen(endorser->id));
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
    artifact(name, buf, len, version, kind, "", "");
}

static void bundle(const char *name, const char *version) {
    static uint8_t fw[256 * 1024], ui[128 * 1024], out[400 * 1024];
    char parts[1024], lines[400], fw_hex[65], ui_hex[65];
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
    snprintf(lines, sizeof lines, "part firmware 12 %zu %s\npart ui %zu %zu %s\n", fw_len, fw_hex, 12 + fw_len, ui_len,
             ui_hex);
    artifact(name, out, len, version, "upgrade", parts, lines);
}

/* A self-signed certificate for 127.0.0.1, its own CA, so a client can be told to trust exactly it. */
static void tls_certificate(void) {
    /* subjectAltName: SEQUENCE { [7] IP 127.0.0.1 }, which TLS clients match the address against */
    static const unsigned char san[] = {0x30, 0x06, 0x87, 0x04, 0x7f, 0x00, 0x00, 0x01};
    static const unsigned char serial[] = {0x01};
    static unsigned char pem[4096];
    char key_pem[1024];
    test_key_t tls;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_x509write_cert crt;
    test_key_generate(&tls, "voyager-e2e");
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_x509write_crt_init(&crt);
    mbedtls_x509write_crt_set_version(&crt, MBEDTLS_X509_CRT_VERSION_3);
    mbedtls_x509write_crt_set_md_alg(&crt, MBEDTLS_MD_SHA256);
    mbedtls_x509write_crt_set_subject_key(&crt, tls.pk);
    mbedtls_x509write_crt_set_issuer_key(&crt, tls.pk);
#if MBEDTLS_VERSION_NUMBER >= 0x03040000
    int rc = mbedtls_x509write_crt_set_serial_raw(&crt, (unsigned char *) serial, sizeof serial);
#else
    mbedtls_mpi number;
    mbedtls_mpi_init(&number);
    int rc = mbedtls_mpi_read_binary(&number, serial, sizeof serial);
    rc = rc != 0 ? rc : mbedtls_x509write_crt_set_serial(&crt, &number);
    mbedtls_mpi_free(&number);
#endif
    if (rc != 0 || mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, NULL, 0) != 0
            || mbedtls_x509write_crt_set_subject_name(&crt, "CN=127.0.0.1") != 0
            || mbedtls_x509write_crt_set_issuer_name(&crt, "CN=127.0.0.1") != 0
            || mbedtls_x509write_crt_set_validity(&crt, "20200101000000", "20991231235959") != 0
            || mbedtls_x509write_crt_set_basic_constraints(&crt, 1, -1) != 0
            || mbedtls_x509write_crt_set_extension(&crt, MBEDTLS_OID_SUBJECT_ALT_NAME,
                                                   MBEDTLS_OID_SIZE(MBEDTLS_OID_SUBJECT_ALT_NAME), 0, san,
                                                   sizeof san) != 0
            || mbedtls_x509write_crt_pem(&crt, pem, sizeof pem, mbedtls_ctr_drbg_random, &drbg) != 0) {
        fprintf(stderr, "mkfixtures: the TLS certificate could not be made\n");
        exit(1);
    }
    write_file("tls.crt", pem, strlen((const char *) pem));
    test_key_private_pem(&tls, key_pem, sizeof key_pem);
    write_file("tls.key", key_pem, strlen(key_pem));
    mbedtls_x509write_crt_free(&crt);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    test_key_free(&tls);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: mkfixtures DIR\n");
        return 1;
    }
    dir = argv[1];
    test_key_generate(&key, "voyager-e2e");
    test_key_generate(&offer_key, "voyager-e2e");
    test_key_generate(&next_key, "voyager-e2e");
    test_key_generate(&stranger, "voyager-e2e");
    write_file("release.pub.pem", key.public_pem, strlen(key.public_pem));
    offer_key_files("offer", &offer_key);
    offer_key_files("offer2", &next_key);
    offer_key_files("stranger", &stranger);
    endorsement(&next_key, &offer_key);
    tls_certificate();
    static uint8_t buf[64 * 1024];
    test_image_t t = test_image_defaults();
    t.version = "1.0.0";
    write_file("factory.bin", buf, test_image_build(&t, buf, sizeof buf));
    image("v2.bin", "2.0.0", 9, "upgrade");
    image("v15.bin", "1.5.0", 9, "rollback");
    image("bad-chip.bin", "2.0.1", 5, "upgrade");
    bundle("bundle3.bin", "3.0.0");
    test_key_free(&key);
    test_key_free(&offer_key);
    test_key_free(&next_key);
    test_key_free(&stranger);
    return 0;
}
