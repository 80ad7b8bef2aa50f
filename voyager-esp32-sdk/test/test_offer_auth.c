/*
 * The client's trust chain against the fake server: offers signed by the offer key and proved for the check they
 * answer, release manifests held against the offer and the device and signed by the release key, and the
 * configuration failing closed (offer-key rotation: test_offer_keys.c). Every refusal happens before a byte is
 * downloaded, changes nothing persisted, and reaches the server as FAILED only when the server did make that offer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "device.h"

static void offer_v2(void) {
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
}

static void a_signed_offer_proved_for_this_check_installs(void **state) {
    (void) state;
    offer_v2();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    assert_non_null(strstr(fake_server.last_check, "\"secureVersion\":0,\"nonce\":\""));
    assert_int_equal(strlen(fake_server.last_nonce), 32);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
    /* every check has a fresh nonce */
    char first[80];
    strcpy(first, fake_server.last_nonce);
    fake_server.check_status = 204;
    voyager_request_check(&client);
    voyager_poll(&client);
    assert_string_not_equal(fake_server.last_nonce, first);
}

static void a_body_changed_after_signing_is_refused(void **state) {
    (void) state;
    offer_v2();
    fake_server.tamper = true; /* and proved as sent: whoever changed it knew the device secret */
    device_refused(VOYAGER_ERR_OFFER_SIGNATURE, "bad-offer-signature", false);
    device_boot();
    assert_string_equal(rig.flash.version, "1.0.0");
}

static void an_answer_without_its_proof_or_with_another_checks_is_refused(void **state) {
    (void) state;
    offer_v2();
    fake_server.no_proof = true;
    device_refused(VOYAGER_ERR_REPLAY, "offer-replayed", false);
    assert_non_null(strstr(voyager_last_error(&client), "Voyager-Offer-Proof"));
    fake_server.no_proof = false;
    fake_server.wrong_proof = true;
    device_refused(VOYAGER_ERR_REPLAY, "offer-replayed", false);
    fake_server.wrong_proof = false;
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
}

static void an_offer_without_its_signature_is_refused(void **state) {
    (void) state;
    offer_v2();
    fake_server.offer_key = NULL;
    device_refused(VOYAGER_ERR_UNSIGNED_OFFER, "unsigned-offer", false);
}

/* Yesterday's answer, proof and all, sent again to a later check: it proves yesterday's nonce only. */
static void an_answer_replayed_to_a_later_check_is_refused_with_or_without_a_clock(void **state) {
    (void) state;
    const voyager_offer_t *offer;
    offer_v2();
    assert_int_equal(voyager_check(&client, &offer), VOYAGER_OK);
    fake_server.replay = true;
    device_refused(VOYAGER_ERR_REPLAY, "offer-replayed", false);
    /* a device that has just booted and has no wall clock yet cannot tell the offer's age: the proof still does */
    fake_server.unix_time = 0;
    device_boot();
    device_refused(VOYAGER_ERR_REPLAY, "offer-replayed", false);
    device_boot();
    assert_string_equal(rig.flash.version, "1.0.0");
    /* and a device that knows the time refuses an expired offer, even one made for this check */
    fake_server.replay = false;
    fake_server.unix_time = 1893456000LL;
    rig.offer.expires_at = fake_server.unix_time - 1;
    device_offer();
    device_refused(VOYAGER_ERR_EXPIRED, "offer-expired", false);
}

static void a_304_must_prove_this_check_too(void **state) {
    (void) state;
    const voyager_offer_t *offer;
    offer_v2();
    assert_int_equal(voyager_check(&client, &offer), VOYAGER_OK);
    fake_server.check_status = 304;
    assert_int_equal(voyager_check(&client, &offer), VOYAGER_OK);
    fake_server.wrong_proof = true;
    assert_int_equal(voyager_check(&client, &offer), VOYAGER_ERR_REPLAY);
    assert_null(offer);
    /* the held offer is let go: the next check asks for the whole offer again */
    fake_server.wrong_proof = false;
    fake_server.check_status = 200;
    assert_int_equal(voyager_check(&client, &offer), VOYAGER_OK);
    assert_string_equal(fake_server.last_if_none_match, "");
}

/* A download whose link expired asks again; an answer it cannot trust then is no reason to give the download up. */
static void a_doubtful_answer_to_a_link_refresh_keeps_the_download(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    t.segments[0] = 30000;
    rig_image(&rig, t, "2.0.0");
    device_offer();
    config.download_attempts = 1;
    device_boot();
    fake_server.cut_after = 10000;
    fake_server.cuts = 1;
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_NETWORK);
    fake_server.expire_downloads = 1;
    fake_server.wrong_proof = true;
    device_wait_backoff();
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_EXPIRED);
    assert_non_null(strstr(voyager_last_error(&client), "proof"));
    assert_int_equal(fake_find_report("\"status\":\"FAILED\""), -1);
    fake_server.wrong_proof = false;
    device_wait_backoff();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    assert_string_equal(fake_server.last_range, "10000");
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
}

/* Edits the manifest of the offer the fake makes, re-signed: only the device's comparison can catch it. */
static void manifest_edited(const char *from, const char *to) {
    char edited[sizeof rig.manifest];
    const char *at = strstr(rig.manifest, from);
    assert_non_null(at);
    snprintf(edited, sizeof edited, "%.*s%s%s", (int) (at - rig.manifest), rig.manifest, to, at + strlen(from));
    strcpy(rig.manifest, edited);
    rig_sign_manifest(&rig);
    device_offer();
}

static void a_manifest_that_disagrees_is_refused_before_the_download(void **state) {
    (void) state;
    char sha[80], other[80];
    rig_image(&rig, test_image_defaults(), "2.0.0"); /* the same image every time below */
    snprintf(sha, sizeof sha, "sha256 %.8s", strstr(rig.manifest, "sha256 ") + 7);
    snprintf(other, sizeof other, "sha256 %c%s", sha[7] == '0' ? '1' : '0', sha + 8);
    const char *const edits[][3] = {
        {"product locker", "product lockers", "another product"},
        {"model model-s3 esp32s3", "model model-c3 esp32s3", "model with its chip"},
        {"model model-s3 esp32s3", "model model-s3 esp32c3", "model with its chip"},
        {"version 2.0.0", "version 2.0.1", "another version"},
        {"secure-version 0", "secure-version 1", "another secure version"},
        {"size ", "size 1", "another size"},
        {sha, other, "another size or SHA-256"},
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        rig_image(&rig, test_image_defaults(), "2.0.0");
        manifest_edited(edits[i][0], edits[i][1]);
        device_refused(VOYAGER_ERR_MANIFEST_MISMATCH, "manifest-mismatch", true);
        assert_non_null(strstr(voyager_last_error(&client), edits[i][2]));
    }
    rig_bundle(&rig, "3.0.0");
    manifest_edited("part ui ", "part ui 1");
    device_refused(VOYAGER_ERR_MANIFEST_MISMATCH, "manifest-mismatch", true);
    assert_non_null(strstr(voyager_last_error(&client), "bundle parts"));
    /* a bundle whose manifest says application image */
    rig_bundle(&rig, "3.0.0");
    *strstr(rig.manifest, "part firmware") = '\0';
    manifest_edited("format bundle", "format app-image");
    device_refused(VOYAGER_ERR_MANIFEST_MISMATCH, "manifest-mismatch", true);
    assert_non_null(strstr(voyager_last_error(&client), "another format"));
    /* other models may be listed beside this one */
    rig_image(&rig, test_image_defaults(), "2.0.0");
    manifest_edited("model model-s3", "model model-c3 esp32c3\nmodel model-s3");
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
}

static void a_manifest_not_in_canonical_form_or_not_signed_is_refused(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    manifest_edited("\nsize", "\n size");
    device_refused(VOYAGER_ERR_MANIFEST, "invalid-manifest", true);
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.manifest_signature[3] ^= 1;
    device_offer();
    device_refused(VOYAGER_ERR_SIGNATURE, "bad-signature", true);
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.has_manifest_signature = false;
    device_offer();
    device_refused(VOYAGER_ERR_UNSIGNED, "unsigned-release", true);
    /* the release key signs the manifest, not the offer: an offer for a secure version below the device's */
    config.secure_version = 1;
    device_boot();
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    device_refused(VOYAGER_ERR_SECURE_VERSION, "secure-version-too-low", true);
    assert_non_null(strstr(fake_server.last_check, "\"secureVersion\":1,"));
}

/*
 * Each key alone is not enough (security suite row 20). Whoever stole the offer key makes offers the device takes
 * as the server's, but cannot make it install firmware the release key did not sign; whoever stole the release key
 * signs any manifest, but no offer carrying it is taken without the offer key's signature and a proof made with the
 * device's secret.
 */
static void a_stolen_offer_key_or_a_stolen_release_key_alone_installs_nothing(void **state) {
    (void) state;
    test_key_t attacker;
    test_key_generate(&attacker, "voyager-test");
    /* the offer key's holder signs the manifest of its own firmware with a key of its own */
    rig_image(&rig, test_image_defaults(), "6.6.6");
    test_key_t release = rig.key;
    rig.key = attacker;
    rig_sign_manifest(&rig);
    rig.key = release;
    device_offer();
    device_refused(VOYAGER_ERR_SIGNATURE, "bad-signature", true);
    /* ... or sends it with no manifest signature at all */
    rig_image(&rig, test_image_defaults(), "6.6.6");
    rig.offer.has_manifest_signature = false;
    device_offer();
    device_refused(VOYAGER_ERR_UNSIGNED, "unsigned-release", true);
    /* the release key's holder has a properly signed manifest, and signs the offer with its own key */
    rig_image(&rig, test_image_defaults(), "6.6.6");
    device_offer();
    fake_server.offer_key = &attacker;
    device_refused(VOYAGER_ERR_OFFER_KEY, "unknown-offer-key", false);
    /* ... and vouches for that key itself */
    fake_endorse(&attacker, &attacker);
    device_refused(VOYAGER_ERR_OFFER_KEY, "unknown-offer-key", false);
    /* ... or with the release key, which devices do take as an endorser; but without the device's secret (the server
     * has it, not the release pipeline) its answer proves no check's nonce */
    fake_endorse(&attacker, &rig.key);
    fake_server.wrong_proof = true;
    device_refused(VOYAGER_ERR_REPLAY, "offer-replayed", false);
    fake_server.wrong_proof = false;
    device_boot();
    assert_string_equal(rig.flash.version, "1.0.0");
    test_key_free(&attacker);
}

static void the_configuration_fails_closed(void **state) {
    (void) state;
    voyager_client_t c;
    voyager_config_t bad = config;
    bad.offer_key = NULL;
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_ERR_ARG);
    assert_non_null(strstr(voyager_last_error(&c), "allow_unsigned_offers"));
    bad.allow_unsigned_offers = true;
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_OK);
    bad = config;
    bad.release_key = NULL;
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_ERR_ARG);
    assert_non_null(strstr(voyager_last_error(&c), "allow_unsigned_releases"));
    bad.allow_unsigned_releases = true;
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_OK);
    bad = config;
    bad.server_url = "http://ota.test/v1";
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_ERR_ARG);
    assert_non_null(strstr(voyager_last_error(&c), "allow_insecure_http"));
    bad.allow_insecure_http = true;
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_OK);
    /* keys that are not P-256 public keys in PEM */
    bad = config;
    bad.offer_key = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_ERR_ARG);
    assert_non_null(strstr(voyager_last_error(&c), "offer_key"));
    bad = config;
    bad.release_key = "not a key";
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_ERR_ARG);
    /* a port without a random source or HMAC cannot check */
    bad = config;
    voyager_port_t port = rig.port;
    port.random = NULL;
    bad.port = &port;
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_ERR_ARG);
    port = rig.port;
    port.verify_p256 = NULL;
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_ERR_ARG);
}

static void no_check_without_a_fresh_nonce(void **state) {
    (void) state;
    offer_v2();
    fake_server.random_fails = true;
    assert_int_equal(voyager_check(&client, NULL), VOYAGER_ERR_CRYPTO);
    assert_int_equal(fake_server.checks, 0);
    assert_non_null(strstr(voyager_last_error(&client), "random"));
}

static void opted_out_checks_still_need_the_proof(void **state) {
    (void) state;
    config.offer_key = NULL;
    config.release_key = NULL;
    config.allow_unsigned_offers = true;
    config.allow_unsigned_releases = true;
    device_boot();
    offer_v2();
    rig.offer.has_manifest_signature = false;
    device_offer();
    fake_server.offer_key = NULL;
    fake_server.no_proof = true;
    device_refused(VOYAGER_ERR_REPLAY, "offer-replayed", false);
    fake_server.no_proof = false;
    /* and the manifest must still be this device's and the offer's */
    manifest_edited("model model-s3", "model model-c3");
    device_refused(VOYAGER_ERR_MANIFEST_MISMATCH, "manifest-mismatch", true);
    offer_v2();
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, device_setup, device_teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        TEST(a_signed_offer_proved_for_this_check_installs),
        TEST(a_body_changed_after_signing_is_refused),
        TEST(an_answer_without_its_proof_or_with_another_checks_is_refused),
        TEST(an_offer_without_its_signature_is_refused),
        TEST(an_answer_replayed_to_a_later_check_is_refused_with_or_without_a_clock),
        TEST(a_304_must_prove_this_check_too),
        TEST(a_doubtful_answer_to_a_link_refresh_keeps_the_download),
        TEST(a_manifest_that_disagrees_is_refused_before_the_download),
        TEST(a_manifest_not_in_canonical_form_or_not_signed_is_refused),
        TEST(a_stolen_offer_key_or_a_stolen_release_key_alone_installs_nothing),
        TEST(the_configuration_fails_closed),
        TEST(no_check_without_a_fresh_nonce),
        TEST(opted_out_checks_still_need_the_proof),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
