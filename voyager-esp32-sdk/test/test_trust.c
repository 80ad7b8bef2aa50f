/*
 * The trust chain's pieces against every line of protocol/vectors/trust.txt, which voyager-core's TrustVectorsTest
 * wrote with the JDK: manifests read (or refused) and their signatures, offer signatures and proofs, key ids, the
 * proof key, and offer-key statements. Both sides verify the same committed file, each with its own code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trust.h"
#include "voyager_mbedtls.h"

#define FIELDS 16
#define TEXT_MAX 4096

typedef struct {
    char line[TEXT_MAX];
    const char *name[FIELDS];
    const char *value[FIELDS];
    int count;
} vector_t;

static voyager_port_t port;

static const char *get(const vector_t *v, const char *name) {
    for (int i = 0; i < v->count; i++) {
        if (strcmp(v->name[i], name) == 0) {
            return v->value[i];
        }
    }
    fail_msg("vector line lacks %s", name);
    return NULL;
}

static void split(vector_t *v) {
    v->count = 0;
    for (char *word = strtok(v->line, " "); word != NULL; word = strtok(NULL, " ")) {
        char *eq = strchr(word, '=');
        assert_true(v->count < FIELDS);
        v->name[v->count] = word;
        v->value[v->count] = eq != NULL ? eq + 1 : "";
        if (eq != NULL) {
            *eq = '\0';
        }
        v->count++;
    }
}

static size_t unbase64(const char *text, uint8_t *out, size_t cap) {
    int n = voyager_base64_decode(text, strlen(text), out, cap);
    assert_true(n >= 0);
    return (size_t) n;
}

static void hex(const uint8_t *b, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) {
        sprintf(out + 2 * i, "%02x", b[i]);
    }
}

static void sha256(const uint8_t *data, size_t len, uint8_t out[32]) {
    voyager_sha256_t sha;
    voyager_sha256_init(&sha);
    voyager_sha256_update(&sha, data, len);
    voyager_sha256_final(&sha, out);
}

static bool verifies(const uint8_t der[VOYAGER_KEY_DER_LEN], const uint8_t *data, size_t len, const char *sig) {
    uint8_t digest[32];
    uint8_t signature[64];
    assert_int_equal(unbase64(sig, signature, sizeof signature), 64);
    sha256(data, len, digest);
    voyager_err_t err = port.verify_p256(port.ctx, (const char *) der, VOYAGER_KEY_DER_LEN, digest, signature);
    assert_true(err == VOYAGER_OK || err == VOYAGER_ERR_SIGNATURE);
    return err == VOYAGER_OK;
}

/* The parsed manifest in the vector's words: product=... parts=... */
static void describe(const voyager_manifest_t *m, char *out, size_t cap) {
    char models[512] = "", parts[400] = "", sha[65], part_sha[65];
    const char *p = m->models;
    const char *end = m->models + m->models_len;
    while (p < end) {
        const char *lf = memchr(p, '\n', (size_t) (end - p));
        const char *sp = memchr(p + 6, ' ', (size_t) (lf - p - 6));
        size_t n = strlen(models);
        snprintf(models + n, sizeof models - n, "%s%.*s:%.*s", n > 0 ? "," : "", (int) (sp - p - 6), p + 6,
                 (int) (lf - sp - 1), sp + 1);
        p = lf + 1;
    }
    for (unsigned i = 0; i < m->part_count; i++) {
        size_t n = strlen(parts);
        hex(m->parts[i].sha256, 32, part_sha);
        snprintf(parts + n, sizeof parts - n, "%s%s:%llu:%llu:%s", i > 0 ? "," : "", i == 0 ? "firmware" : "ui",
                 (unsigned long long) m->parts[i].offset, (unsigned long long) m->parts[i].size, part_sha);
    }
    hex(m->sha256, 32, sha);
    snprintf(out, cap, "product=%.*s version=%.*s secure-version=%u format=%s models=%s size=%llu sha256=%s parts=%s",
             (int) m->product_len, m->product, (int) m->version_len, m->version, (unsigned) m->secure_version,
             m->format == VOYAGER_FORMAT_BUNDLE ? "bundle" : "app-image", models, (unsigned long long) m->size, sha,
             parts);
}

static void check_manifest(const vector_t *v, const uint8_t release[VOYAGER_KEY_DER_LEN]) {
    uint8_t bytes[2048];
    size_t len = unbase64(get(v, "bytes"), bytes, sizeof bytes);
    const char *expect = get(v, "expect");
    voyager_manifest_t m;
    voyager_err_t err = voyager_manifest_parse(&m, bytes, len);
    if (strcmp(expect, "malformed") == 0) {
        if (err != VOYAGER_ERR_MANIFEST) {
            fail_msg("accepted a malformed manifest:\n%.*s", (int) len, bytes);
        }
        return;
    }
    assert_int_equal(err, VOYAGER_OK);
    bool ok = verifies(release, bytes, len, get(v, "sig"));
    if (strcmp(expect, "bad-signature") == 0) {
        assert_false(ok);
        return;
    }
    assert_string_equal(expect, "ok");
    assert_true(ok);
    char got[1024], want[1024];
    describe(&m, got, sizeof got);
    snprintf(want, sizeof want, "product=%s version=%s secure-version=%s format=%s models=%s size=%s sha256=%s"
             " parts=%s", get(v, "product"), get(v, "version"), get(v, "secure-version"), get(v, "format"),
             get(v, "models"), get(v, "size"), get(v, "sha256"), get(v, "parts"));
    assert_string_equal(got, want);
}

static void check_offer(const vector_t *v, const uint8_t offer[VOYAGER_KEY_DER_LEN]) {
    uint8_t body[2048];
    uint8_t id[32], proof[32], got[32], key[32], digest[32];
    char id_hex[65];
    size_t len = unbase64(get(v, "body"), body, sizeof body);
    voyager_key_id(offer, id);
    hex(id, 32, id_hex);
    assert_string_equal(id_hex, get(v, "key"));
    bool is_signed = verifies(offer, body, len, get(v, "sig"));
    assert_int_equal(unbase64(get(v, "proof"), proof, sizeof proof), 32);
    sha256(body, len, digest);
    assert_int_equal(voyager_proof_key(&port, get(v, "secret"), key), VOYAGER_OK);
    assert_int_equal(voyager_proof(&port, key, get(v, "nonce"), digest, got), VOYAGER_OK);
    bool proved = voyager_same_bytes(proof, got, 32);
    const char *expect = get(v, "expect");
    if (strcmp(expect, "ok") == 0) {
        assert_true(is_signed && proved);
    } else if (strcmp(expect, "bad-signature") == 0) {
        assert_false(is_signed);
    } else {
        assert_string_equal(expect, "bad-proof");
        assert_true(is_signed && !proved);
    }
}

static void check_statement(const vector_t *v, const uint8_t endorser[VOYAGER_KEY_DER_LEN]) {
    uint8_t body[512];
    uint8_t der[VOYAGER_KEY_DER_LEN];
    uint8_t id[32];
    char id_hex[65];
    size_t len = unbase64(get(v, "body"), body, sizeof body);
    assert_true(voyager_statement_key(body, len, der));
    voyager_key_id(der, id);
    hex(id, 32, id_hex);
    assert_string_equal(id_hex, get(v, "new-key-id"));
    assert_int_equal(verifies(endorser, body, len, get(v, "sig")), strcmp(get(v, "expect"), "ok") == 0);
    /* one byte more, or less, and it is no statement */
    assert_false(voyager_statement_key(body, len - 1, der));
    body[len] = '\n';
    assert_false(voyager_statement_key(body, len + 1, der));
}

static void every_vector_verifies_as_it_says(void **state) {
    (void) state;
    const char *dir = getenv("VOYAGER_VECTORS");
    char path[1024];
    static vector_t v;
    uint8_t release[VOYAGER_KEY_DER_LEN], offer[VOYAGER_KEY_DER_LEN];
    bool have_keys = false;
    int counts[4] = {0, 0, 0, 0};
    snprintf(path, sizeof path, "%s/trust.txt", dir != NULL ? dir : "../protocol/vectors");
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fail_msg("cannot open %s: set VOYAGER_VECTORS to the protocol/vectors directory", path);
    }
    port.verify_p256 = voyager_mbedtls_verify_p256;
    port.hmac_sha256 = voyager_mbedtls_hmac_sha256;
    while (fgets(v.line, sizeof v.line, f) != NULL) {
        v.line[strcspn(v.line, "\n")] = '\0';
        if (v.line[0] == '\0' || v.line[0] == '#') {
            continue;
        }
        split(&v);
        const char *kind = v.name[0];
        if (strcmp(kind, "keys") == 0) {
            uint8_t key[32];
            char key_hex[65];
            assert_int_equal(unbase64(get(&v, "release"), release, sizeof release), VOYAGER_KEY_DER_LEN);
            assert_int_equal(unbase64(get(&v, "offer"), offer, sizeof offer), VOYAGER_KEY_DER_LEN);
            assert_true(voyager_p256_der_valid(release, sizeof release) && voyager_p256_der_valid(offer, sizeof offer));
            assert_int_equal(voyager_proof_key(&port, get(&v, "secret"), key), VOYAGER_OK);
            hex(key, 32, key_hex);
            assert_string_equal(key_hex, get(&v, "proof-key"));
            have_keys = true;
            counts[0]++;
            continue;
        }
        assert_true(have_keys);
        if (strcmp(kind, "manifest") == 0) {
            check_manifest(&v, release);
            counts[1]++;
        } else if (strcmp(kind, "offer") == 0) {
            check_offer(&v, offer);
            counts[2]++;
        } else if (strcmp(kind, "statement") == 0) {
            check_statement(&v, strcmp(get(&v, "by"), "release") == 0 ? release : offer);
            counts[3]++;
        } else {
            fail_msg("unknown vector line %s", kind);
        }
    }
    fclose(f);
    assert_int_equal(counts[0], 1);
    assert_true(counts[1] >= 10 && counts[2] >= 4 && counts[3] >= 3);
}

/* What the vectors do not show: keys in PEM as people hand them over, and the edges of the manifest's grammar. */
static void keys_are_read_from_pem_in_their_one_form(void **state) {
    (void) state;
    static const char *const pem = "-----BEGIN PUBLIC KEY-----\n"
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAERKNRyj0X3mLc7AfghiZamR3dPy6X\n"
            "TNG3cAYqRtUFbCpetMdJTBp2Mwl4hHa4Ro7pedkBUxtuwwGNmm/RAUv3TA==\n"
            "-----END PUBLIC KEY-----\n";
    uint8_t der[VOYAGER_KEY_DER_LEN];
    assert_true(voyager_p256_from_pem(pem, der));
    assert_int_equal(der[0], 0x30);
    assert_int_equal(der[VOYAGER_KEY_DER_LEN - 1], 0x4c);
    /* one line, as a Kconfig string gives it; CRLF line ends */
    assert_true(voyager_p256_from_pem("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAERKNRyj0X3mLc7"
                                      "AfghiZamR3dPy6XTNG3cAYqRtUFbCpetMdJTBp2Mwl4hHa4Ro7pedkBUxtuwwGNmm/RAUv3TA=="
                                      "\n-----END PUBLIC KEY-----", der));
    char crlf[512];
    size_t n = 0;
    for (const char *p = pem; *p != '\0'; p++) {
        if (*p == '\n') {
            crlf[n++] = '\r';
        }
        crlf[n++] = *p;
    }
    crlf[n] = '\0';
    assert_true(voyager_p256_from_pem(crlf, der));
    static const char *const bad[] = {
        NULL, "", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAERKNRyj0X3mLc7AfghiZamR3dPy6X",
        /* a compressed point (59 bytes): its id would not be the server's */
        "-----BEGIN PUBLIC KEY-----\nMDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgACtQO4jQRAKohlu7U/HNY0y2gubhL+\n"
        "UD2eTv1EwFXgcyk=\n-----END PUBLIC KEY-----\n",
        /* secp256k1 */
        "-----BEGIN PUBLIC KEY-----\nMFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAEeYswnVvPr3zXittI0rtJFKZHhUVHULBo\n"
        "0AitGwO0zuc5dzyNF0jSsRFHO47tjmji2LM97veKp2BI9+upyW1+Jg==\n-----END PUBLIC KEY-----\n",
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAERKNRyj0X3mLc7AfghiZamR3dPy6X\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(voyager_p256_from_pem(bad[i], der));
    }
}

static void manifest_grammar_edges(void **state) {
    (void) state;
    voyager_manifest_t m;
    static const char *const head = "voyager-manifest 1\nproduct p\nversion 1.0.0\nsecure-version 2147483647\n"
            "format app-image\n";
    static const char *const tail = "size 0\nsha256 5c559336109b88bb6be1ae3975ee04436f45bf9e876051bd6fa94d1746ea06a4\n";
    char text[2400];
    snprintf(text, sizeof text, "%smodel a esp32\nmodel b esp32c61\n%s", head, tail);
    assert_int_equal(voyager_manifest_parse(&m, (const uint8_t *) text, strlen(text)), VOYAGER_OK);
    assert_int_equal(m.secure_version, 2147483647u);
    assert_true(voyager_manifest_lists(&m, "b", VOYAGER_CHIP_ESP32C61));
    assert_false(voyager_manifest_lists(&m, "b", VOYAGER_CHIP_ESP32));
    assert_false(voyager_manifest_lists(&m, "c", VOYAGER_CHIP_ESP32));
    static const char *const models[] = {
        "model b esp32\nmodel a esp32\n",  /* not sorted */
        "model a esp32\nmodel a esp32\n",  /* repeated */
        "model a esp32 \n", "model a\n", "model  a esp32\n", "model a esp8266\n", "model a/b esp32\n",
    };
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
        snprintf(text, sizeof text, "%s%s%s", head, models[i], tail);
        if (voyager_manifest_parse(&m, (const uint8_t *) text, strlen(text)) != VOYAGER_ERR_MANIFEST) {
            fail_msg("accepted %s", models[i]);
        }
    }
    /* a secure version past the server's int */
    snprintf(text, sizeof text, "voyager-manifest 1\nproduct p\nversion 1.0.0\nsecure-version 2147483648\n"
             "format app-image\nmodel a esp32\n%s", tail);
    assert_int_equal(voyager_manifest_parse(&m, (const uint8_t *) text, strlen(text)), VOYAGER_ERR_MANIFEST);
    /* 1024 bytes are read, 1025 not: 45 models, and a product name that makes up the rest */
    char lines[1024] = "";
    for (unsigned i = 0; i < 45; i++) {
        snprintf(lines + strlen(lines), sizeof lines - strlen(lines), "model m%04u esp32\n", i);
    }
    for (size_t want = VOYAGER_MANIFEST_MAX; want <= VOYAGER_MANIFEST_MAX + 1; want++) {
        snprintf(text, sizeof text, "voyager-manifest 1\nproduct \nversion 1.0.0\nsecure-version 0\nformat app-image\n"
                 "%s%s", lines, tail);
        size_t name = want - strlen(text);
        assert_true(name >= 1 && name <= 128);
        char product[140];
        memset(product, 'p', name);
        product[name] = '\0';
        snprintf(text, sizeof text, "voyager-manifest 1\nproduct %s\nversion 1.0.0\nsecure-version 0\n"
                 "format app-image\n%s%s", product, lines, tail);
        assert_int_equal(strlen(text), want);
        assert_int_equal(voyager_manifest_parse(&m, (const uint8_t *) text, strlen(text)),
                         want <= VOYAGER_MANIFEST_MAX ? VOYAGER_OK : VOYAGER_ERR_MANIFEST);
    }
    assert_int_equal(voyager_manifest_parse(&m, NULL, 0), VOYAGER_ERR_MANIFEST);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_vector_verifies_as_it_says),
        cmocka_unit_test(keys_are_read_from_pem_in_their_one_form),
        cmocka_unit_test(manifest_grammar_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
