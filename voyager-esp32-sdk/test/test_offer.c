/* The bounded JSON parser through the offer it reads: every field, limits, and every way the JSON can be bad. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voyager/offer.h"
#include "voyager/port.h"

#define SHA "5c559336109b88bb6be1ae3975ee04436f45bf9e876051bd6fa94d1746ea06a4"
#define SIG "MEUCIQDx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8Q=="
/* base64 of "voyager-manifest 1\n": the parser only decodes a manifest, reading its lines is the client's */
#define MANIFEST "dm95YWdlci1tYW5pZmVzdCAxCg=="

static voyager_manifest_bytes_t manifest;

/* The documented example offer, with a {TAIL} the tests replace. */
static const char *OFFER = "{\"version\":\"1.4.2\",\"kind\":\"upgrade\",\"format\":\"app-image\","
        "\"url\":\"/v1/artifacts/products/locker/releases/1.4.2/86585f7f.bin?expires=1893456300&sig=FcGOEALW\","
        "\"size\":1536000,\"sha256\":\"" SHA "\",\"parts\":[],\"manifest\":\"" MANIFEST "\","
        "\"required\":false,\"secureVersion\":2,\"minBattery\":30,\"deviceId\":\"24:0a:c4:12:34:56\","
        "\"model\":\"locker-s3\",\"expiresAt\":1893456300,\"sequence\":1893456000000%s}";

static voyager_err_t parse_with(const char *tail, voyager_offer_t *o) {
    char json[4096];
    snprintf(json, sizeof json, OFFER, tail);
    return voyager_offer_parse(o, &manifest, json, strlen(json));
}

/* json with the first from replaced by to, into out. */
static char *replaced(const char *json, const char *from, const char *to, char *out, size_t cap) {
    const char *at = strstr(json, from);
    assert_non_null(at);
    snprintf(out, cap, "%.*s%s%s", (int) (at - json), json, to, at + strlen(from));
    return out;
}

static voyager_err_t parse(const char *json, voyager_offer_t *o) {
    return voyager_offer_parse(o, &manifest, json, strlen(json));
}

static void documented_offer_is_read_field_by_field(void **state) {
    (void) state;
    voyager_offer_t o;
    assert_int_equal(parse_with("", &o), VOYAGER_OK);
    assert_string_equal(o.version.text, "1.4.2");
    assert_int_equal(o.kind, VOYAGER_KIND_UPGRADE);
    assert_int_equal(o.format, VOYAGER_FORMAT_APP_IMAGE);
    assert_string_equal(o.url, "/v1/artifacts/products/locker/releases/1.4.2/86585f7f.bin?expires=1893456300&sig=FcGOEALW");
    assert_int_equal(o.size, 1536000);
    assert_int_equal(o.sha256[0], 0x5c);
    assert_int_equal(o.sha256[31], 0xa4);
    assert_false(o.required);
    assert_int_equal(o.secure_version, 2);
    assert_int_equal(o.min_battery, 30);
    assert_string_equal(o.device_id, "24:0a:c4:12:34:56");
    assert_string_equal(o.model, "locker-s3");
    assert_true(o.expires_at == 1893456300);
    assert_true(o.sequence == 1893456000000LL);
    assert_false(o.has_manifest_signature);
    assert_false(o.has_firmware_part);
    assert_int_equal(manifest.len, 19);
    assert_memory_equal(manifest.bytes, "voyager-manifest 1\n", 19);
    assert_int_equal(o.manifest_sha256[0], 0x7f); /* SHA-256 of those 19 bytes */
}

static void manifest_signature_and_unknown_fields(void **state) {
    (void) state;
    voyager_offer_t o;
    /* a signature as offers carried them before the manifest is an unknown field now */
    assert_int_equal(parse_with(",\"manifestSignature\":\"" SIG "\",\"signature\":{\"algorithm\":\"x\"},"
                                "\"future\":{\"nested\":[1,2.5e3,-0.5,true,false,null,"
                                "\"\\u00e9\\ud83d\\ude80\",{\"x\":[[]]}]},\"note\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", &o),
                     VOYAGER_OK);
    assert_true(o.has_manifest_signature);
    assert_int_equal(o.manifest_signature[0], 0x30);
    assert_int_equal(o.manifest_signature[1], 0x45);
    assert_int_equal(o.manifest_signature[63], 0xf1);
}

static void the_manifest_is_decoded_where_it_lies(void **state) {
    (void) state;
    voyager_offer_t o;
    char json[4096], edited[4096], text[VOYAGER_MANIFEST_TEXT_MAX + 2];
    /* the longest manifest fills the buffer with its base64; one byte more does not fit */
    uint8_t bytes[VOYAGER_MANIFEST_MAX + 1];
    for (size_t i = 0; i < sizeof bytes; i++) {
        bytes[i] = (uint8_t) (i * 7 + 3);
    }
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t len = VOYAGER_MANIFEST_MAX - 2; len <= VOYAGER_MANIFEST_MAX + 1; len++) {
        size_t n = 0;
        for (size_t i = 0; i < len; i += 3) {
            uint32_t w = (uint32_t) bytes[i] << 16 | (i + 1 < len ? (uint32_t) bytes[i + 1] << 8 : 0)
                    | (i + 2 < len ? bytes[i + 2] : 0);
            text[n++] = a[w >> 18 & 63];
            text[n++] = a[w >> 12 & 63];
            text[n++] = i + 1 < len ? a[w >> 6 & 63] : '=';
            text[n++] = i + 2 < len ? a[w & 63] : '=';
        }
        text[n] = '\0';
        snprintf(json, sizeof json, OFFER, "");
        replaced(json, MANIFEST, text, edited, sizeof edited);
        voyager_err_t err = voyager_offer_parse(&o, &manifest, edited, strlen(edited));
        if (len <= VOYAGER_MANIFEST_MAX) {
            assert_int_equal(err, VOYAGER_OK);
            assert_int_equal(manifest.len, len);
            assert_memory_equal(manifest.bytes, bytes, len);
        } else {
            assert_int_not_equal(err, VOYAGER_OK);
        }
    }
}

static void bundle_parts_must_tile_the_bundle(void **state) {
    (void) state;
    voyager_offer_t o;
    const char *good = "{\"version\":\"2.0.0\",\"kind\":\"rollback\",\"format\":\"bundle\",\"url\":\"https://x/a\","
            "\"size\":112,\"sha256\":\"" SHA "\",\"parts\":[{\"name\":\"firmware\",\"offset\":12,\"size\":60,"
            "\"sha256\":\"" SHA "\"},{\"name\":\"ui\",\"offset\":72,\"size\":40,\"sha256\":\"" SHA "\",\"extra\":1},"
            "{\"name\":\"future-part\",\"offset\":0,\"size\":1,\"sha256\":\"" SHA "\"}],"
            "\"manifest\":\"" MANIFEST "\",\"deviceId\":\"d\",\"model\":\"m\",\"expiresAt\":1,\"sequence\":0}";
    assert_int_equal(parse(good, &o), VOYAGER_OK);
    assert_int_equal(o.kind, VOYAGER_KIND_ROLLBACK);
    assert_int_equal(o.format, VOYAGER_FORMAT_BUNDLE);
    assert_true(o.has_firmware_part && o.has_ui_part);
    assert_int_equal(o.firmware_part.offset, 12);
    assert_int_equal(o.ui_part.size, 40);
    assert_int_equal(o.min_battery, -1);
    /* the parts must be firmware at 12 then UI right after, ending at the size */
    char bad[2048];
    assert_int_equal(parse(replaced(good, "\"size\":112", "\"size\":113", bad, sizeof bad), &o), VOYAGER_ERR_OFFER);
    assert_int_equal(parse(replaced(good, "\"offset\":72", "\"offset\":73", bad, sizeof bad), &o),
                     VOYAGER_ERR_OFFER);
    assert_int_equal(parse(replaced(good, "\"name\":\"ui\"", "\"name\":\"firmware\"", bad, sizeof bad), &o),
                     VOYAGER_ERR_OFFER);
    /* a bundle without parts, an image with parts */
    assert_int_equal(parse("{\"version\":\"2.0.0\",\"kind\":\"upgrade\",\"format\":\"bundle\",\"url\":\"/a\","
                           "\"size\":112,\"sha256\":\"" SHA "\",\"parts\":[],\"manifest\":\"" MANIFEST "\","
                           "\"deviceId\":\"d\",\"model\":\"m\","
                           "\"expiresAt\":1,\"sequence\":0}", &o), VOYAGER_ERR_OFFER);
    assert_int_equal(parse(replaced(good, "\"bundle\"", "\"app-image\"", bad, sizeof bad), &o), VOYAGER_ERR_OFFER);
}

static void missing_repeated_mistyped_and_out_of_range_fields_are_refused(void **state) {
    (void) state;
    voyager_offer_t o;
    static const char *const tails[] = {
        ",\"size\":1", ",\"version\":\"1.4.3\"", ",\"manifest\":\"" MANIFEST "\"",
        ",\"manifestSignature\":\"AAAA\"", ",\"manifestSignature\":{\"value\":\"" SIG "\"}",
        ",\"manifestSignature\":\"" SIG "\",\"manifestSignature\":\"" SIG "\"",
    };
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        assert_int_equal(parse_with(tails[i], &o), VOYAGER_ERR_OFFER);
        assert_int_equal(o.size, 0); /* zeroed on failure */
    }
    static const char *const replace[][2] = {
        {"\"version\":\"1.4.2\"", "\"version\":\"v1.4.2\""},  /* offers carry strict versions */
        {"\"version\":\"1.4.2\"", "\"version\":1.4"},
        {"\"kind\":\"upgrade\"", "\"kind\":\"sideways\""},
        {"\"format\":\"app-image\"", "\"format\":\"tarball\""},
        {"\"size\":1536000", "\"size\":0"},
        {"\"size\":1536000", "\"size\":4294967296"},
        {"\"size\":1536000", "\"size\":15.5"},
        {"\"size\":1536000", "\"size\":\"1536000\""},
        {"\"secureVersion\":2", "\"secureVersion\":-1"},
        {"\"minBattery\":30", "\"minBattery\":101"},
        {"\"required\":false", "\"required\":null"},
        {"\"deviceId\":\"24:0a:c4:12:34:56\"", "\"deviceId\":\"\""},
        {"\"expiresAt\":1893456300", "\"expiresAt\":-1"},
        {"\"sequence\":1893456000000", "\"sequence\":9223372036854775808"},
        {"5c559336109b88bb6be1ae3975ee04436f45bf9e876051bd6fa94d1746ea06a4",
         "5c559336109b88bb6be1ae3975ee04436f45bf9e876051bd6fa94d1746ea06zz"},
        {"\"sha256\":\"5c5593", "\"sha256\":\"5c55"},
        {"\"sequence\":", "\"ignored\":0,\"other\":"},   /* sequence missing */
        {"\"manifest\":", "\"other\":"},                 /* manifest missing */
        {"\"manifest\":\"" MANIFEST, "\"manifest\":\"\""},  /* empty */
        {"\"manifest\":\"" MANIFEST, "\"manifest\":\"dm95YWdlci1tYW5pZmVzdCAxCg"}, /* not base64 */
        {"\"manifest\":\"" MANIFEST "\"", "\"manifest\":19"},
    };
    char json[4096], edited[4096];
    snprintf(json, sizeof json, OFFER, "");
    for (size_t i = 0; i < sizeof replace / sizeof replace[0]; i++) {
        replaced(json, replace[i][0], replace[i][1], edited, sizeof edited);
        voyager_err_t err = voyager_offer_parse(&o, &manifest, edited, strlen(edited));
        if (err != VOYAGER_ERR_OFFER) {
            fail_msg("%s: %s", voyager_err_code(err), edited);
        }
    }
}

static void malformed_json_is_refused(void **state) {
    (void) state;
    voyager_offer_t o;
    static const char *const bad[] = {
        "", "   ", "[]", "null", "{", "{\"version\"}", "{\"version\":}", "{,}", "{\"a\":1,}", "{\"a\":1}}",
        "{\"a\":1} x", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":-}", "{\"a\":tru}",
        "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\udc00\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\ud800\\u0041\"}",
        "{\"a\":\"tab\there\"}", "{\"a\":\"unterminated}", "{'a':1}", "{\"a\" 1}", "{\"a\":[1 2]}",
        "{\"a\":[1,]}", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":1}}}}}}}}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        voyager_err_t err = parse(bad[i], &o);
        if (err != VOYAGER_ERR_JSON && err != VOYAGER_ERR_OFFER) {
            fail_msg("accepted %s", bad[i]);
        }
    }
    /* seven levels of unknown nesting are fine, as the server's limit of 8 allows */
    assert_int_equal(parse_with(",\"x\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":1}}}}}}", &o), VOYAGER_OK);
    assert_int_equal(parse_with(",\"x\":[[[[[[[[1]]]]]]]]", &o), VOYAGER_ERR_JSON);
    /* a JSON text is not a C string: a NUL inside is refused, and so is an oversized field */
    assert_int_equal(voyager_offer_parse(&o, &manifest, "{\"a\":\"\0\"}", 9), VOYAGER_ERR_JSON);
    char url[1024];
    memset(url, 'a', sizeof url - 1);
    url[sizeof url - 1] = '\0';
    char tail[1100];
    snprintf(tail, sizeof tail, ",\"url2\":\"%s\"", url);
    assert_int_equal(parse_with(tail, &o), VOYAGER_OK); /* an unknown long field is skipped, not stored */
    char json[4096];
    char edited[4096];
    snprintf(json, sizeof json, OFFER, "");
    replaced(json, "/v1/artifacts", url, edited, sizeof edited);
    assert_int_equal(voyager_offer_parse(&o, &manifest, edited, strlen(edited)), VOYAGER_ERR_JSON);
    assert_int_equal(voyager_offer_parse(NULL, &manifest, "{}", 2), VOYAGER_ERR_ARG);
}

static void hex_and_base64_helpers(void **state) {
    (void) state;
    uint8_t out[64];
    assert_true(voyager_hex_decode32(SHA, 64, out));
    assert_false(voyager_hex_decode32(SHA, 63, out));
    assert_false(voyager_hex_decode32("5C559336109b88bb6be1ae3975ee04436f45bf9e876051bd6fa94d1746ea06a4", 64, out));
    assert_int_equal(voyager_base64_decode("", 0, out, sizeof out), 0);
    assert_int_equal(voyager_base64_decode("Zm9vYg==", 8, out, sizeof out), 4);
    assert_memory_equal(out, "foob", 4);
    assert_int_equal(voyager_base64_decode("Zm9vYmE=", 8, out, sizeof out), 5);
    assert_int_equal(voyager_base64_decode("Zm9vYmFy", 8, out, sizeof out), 6);
    assert_int_equal(voyager_base64_decode("Zm9vYmF", 7, out, sizeof out), -1);
    assert_int_equal(voyager_base64_decode("Zm9=YmFy", 8, out, sizeof out), -1);
    assert_int_equal(voyager_base64_decode("Zm9vYh==", 8, out, sizeof out), -1); /* non-zero unused bits */
    assert_int_equal(voyager_base64_decode("Zm9vYmFy", 8, out, 5), -1);
    assert_int_equal(voyager_base64_decode("Zm9-YmFy", 8, out, sizeof out), -1); /* base64url is not base64 */
}

static void hex(const uint8_t *b, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) {
        sprintf(out + 2 * i, "%02x", b[i]);
    }
}

/* The offer as SdkOfferVectorsTest writes its expectations: "expect version=... sequence=...". */
static void expectation(const voyager_offer_t *o, char *out, size_t cap) {
    char sha[65], manifest_sha[65], sig[129] = "none", fw[200] = "", ui[200] = "";
    hex(o->sha256, 32, sha);
    hex(o->manifest_sha256, 32, manifest_sha);
    if (o->has_manifest_signature) {
        hex(o->manifest_signature, 64, sig);
    }
    if (o->has_firmware_part) {
        char h[65];
        hex(o->firmware_part.sha256, 32, h);
        snprintf(fw, sizeof fw, " firmware=%u,%u,%s", (unsigned) o->firmware_part.offset,
                 (unsigned) o->firmware_part.size, h);
        hex(o->ui_part.sha256, 32, h);
        snprintf(ui, sizeof ui, " ui=%u,%u,%s", (unsigned) o->ui_part.offset, (unsigned) o->ui_part.size, h);
    }
    snprintf(out, cap, "expect version=%s kind=%s format=%s url=%s size=%u sha256=%s%s%s manifestSha256=%s"
             " manifestSignature=%s required=%s secureVersion=%u minBattery=%d deviceId=%s model=%s expiresAt=%lld"
             " sequence=%lld",
             o->version.text, o->kind == VOYAGER_KIND_ROLLBACK ? "rollback" : "upgrade",
             o->format == VOYAGER_FORMAT_BUNDLE ? "bundle" : "app-image", o->url, (unsigned) o->size, sha, fw, ui,
             manifest_sha, sig,
             o->required ? "true" : "false", (unsigned) o->secure_version, o->min_battery, o->device_id, o->model,
             (long long) o->expires_at, (long long) o->sequence);
}

static void offers_written_by_the_server_are_read_field_for_field(void **state) {
    (void) state;
    const char *dir = getenv("VOYAGER_VECTORS");
    char path[1024], line[8192], offer[8192], got[8192];
    snprintf(path, sizeof path, "%s/offers.txt", dir != NULL ? dir : "../protocol/vectors");
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fail_msg("cannot open %s: set VOYAGER_VECTORS to the protocol/vectors directory", path);
    }
    int checked = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "offer ", 6) == 0) {
            strcpy(offer, line + 6);
        } else if (strncmp(line, "expect ", 7) == 0) {
            voyager_offer_t o;
            voyager_err_t err = voyager_offer_parse(&o, &manifest, offer, strlen(offer));
            if (strcmp(line, "expect refused") == 0) {
                assert_int_not_equal(err, VOYAGER_OK);
            } else {
                assert_int_equal(err, VOYAGER_OK);
                expectation(&o, got, sizeof got);
                assert_string_equal(got, line);
            }
            checked++;
        }
    }
    fclose(f);
    assert_true(checked >= 4);
}

static void content_range_headers(void **state) {
    (void) state;
    voyager_http_response_t r = {0};
    r.range_start = r.range_total = -1;
    voyager_http_content_range(&r, " bytes 100-199/1000");
    assert_true(r.range_start == 100 && r.range_total == 1000);
    r.range_start = r.range_total = -1;
    voyager_http_content_range(&r, "bytes */2048");
    assert_true(r.range_start == -1 && r.range_total == 2048);
    static const char *const bad[] = {"", "bytes", "bytes 1-2", "bytes a-2/3", "items 1-2/3", "bytes 1-2/x",
                                      "bytes 99999999999999999999-1/2", "bytes 5-4/10", "bytes 1-2/3x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r.range_start = r.range_total = -1;
        voyager_http_content_range(&r, bad[i]);
        assert_true(r.range_start == -1 && r.range_total == -1);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(documented_offer_is_read_field_by_field),
        cmocka_unit_test(manifest_signature_and_unknown_fields),
        cmocka_unit_test(the_manifest_is_decoded_where_it_lies),
        cmocka_unit_test(bundle_parts_must_tile_the_bundle),
        cmocka_unit_test(missing_repeated_mistyped_and_out_of_range_fields_are_refused),
        cmocka_unit_test(malformed_json_is_refused),
        cmocka_unit_test(hex_and_base64_helpers),
        cmocka_unit_test(content_range_headers),
        cmocka_unit_test(offers_written_by_the_server_are_read_field_for_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
