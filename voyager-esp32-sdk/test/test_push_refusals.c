/*
 * A pushed update's refusals (voyager/push.h): whatever a relay hands over, the answer is verified as a direct
 * check's is, before any flash operation; what the artifact's bytes get wrong is caught as they stream or at finish,
 * before the switch. The device keeps running its firmware, reported FAILED where the server made the offer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "relay.h"

/*
 * The answer is refused with expected before any flash operation: nothing written, no switch, no write taken, and
 * the device still runs 1.0.0 after a reboot.
 */
static char refused_reason[32];

static void refused(voyager_err_t expected) {
    long ops = rig.flash.ops;
    uint32_t offset = 7;
    voyager_err_t err = voyager_push_begin(&client, relay_check(), &offset);
    if (err != expected) {
        fail_msg("expected %s, got %s: %s", voyager_err_code(expected), voyager_err_code(err),
                 voyager_last_error(&client));
    }
    assert_int_equal(offset, 0);
    if (expected != VOYAGER_NO_UPDATE) {
        assert_string_not_equal(voyager_last_error(&client), "");
    }
    snprintf(refused_reason, sizeof refused_reason, "%s", voyager_no_update_reason(&client));
    assert_int_equal(rig.flash.ops, ops);
    assert_int_equal(voyager_push_write(&client, rig.artifact, 16), VOYAGER_ERR_STATE);
    assert_int_equal(voyager_push_finish(&client), VOYAGER_ERR_STATE);
    assert_int_equal(rig.flash.ops, ops);
    assert_int_equal(fake_server.downloads, 0);
    device_boot();
    rig_assert_factory_firmware(&rig);
}

static void an_offer_for_another_device_or_model_is_refused(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    strcpy(rig.offer.device_id, "device-2");
    device_offer();
    refused(VOYAGER_ERR_WRONG_DEVICE);
    strcpy(rig.offer.device_id, "device-1");
    strcpy(rig.offer.model, "model-c3");
    device_offer();
    refused(VOYAGER_ERR_WRONG_DEVICE);
}

static void a_wrong_or_missing_proof_is_refused(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    fake_server.wrong_proof = true;
    refused(VOYAGER_ERR_REPLAY);
    fake_server.wrong_proof = false;
    fake_server.no_proof = true;
    refused(VOYAGER_ERR_REPLAY);
}

/* An answer proves one prepared request: taken once, never for a later one, nor without one. */
static void a_replayed_answer_is_refused(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    relay_check();
    relayed_t old = relayed;
    old.answer = (voyager_push_answer_t) {old.body, old.len, old.signature, old.key, old.proof};
    device_boot(); /* the answer's nonce is gone with the reboot */
    long ops = rig.flash.ops;
    uint32_t offset = 0;
    assert_int_equal(voyager_push_begin(&client, &old.answer, &offset), VOYAGER_ERR_REPLAY);
    char request[VOYAGER_REQUEST_MAX];
    size_t len;
    assert_int_equal(voyager_push_prepare(&client, request, sizeof request, &len), VOYAGER_OK);
    assert_int_equal(voyager_push_begin(&client, &old.answer, &offset), VOYAGER_ERR_REPLAY);
    assert_int_equal(rig.flash.ops, ops);
    /* a direct check's nonce does not prove a pushed answer either */
    fake_server.check_status = 204;
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_int_equal(voyager_push_begin(&client, &old.answer, &offset), VOYAGER_ERR_REPLAY);
    /* a fresh answer is taken once */
    fake_server.check_status = 200;
    const voyager_push_answer_t *fresh = relay_check();
    assert_int_equal(voyager_push_begin(&client, fresh, &offset), VOYAGER_OK);
    ops = rig.flash.ops;
    assert_int_equal(voyager_push_begin(&client, fresh, &offset), VOYAGER_ERR_REPLAY);
    assert_int_equal(rig.flash.ops, ops);
    /* and the install under way is left as it was */
    assert_int_equal(relay_send_from(0, 512), VOYAGER_OK);
}

/* A refused answer in the middle of a pushed install leaves it as it was; a direct download is no relay's to take. */
static void a_refused_answer_leaves_the_install_under_way_alone(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    uint32_t offset = 0;
    assert_int_equal(voyager_push_begin(&client, relay_check(), &offset), VOYAGER_OK);
    assert_int_equal(voyager_push_write(&client, rig.artifact, 1000), VOYAGER_OK);
    long ops = rig.flash.ops;
    fake_server.wrong_proof = true;
    assert_int_equal(voyager_push_begin(&client, relay_check(), &offset), VOYAGER_ERR_REPLAY);
    assert_int_equal(rig.flash.ops, ops);
    assert_int_equal(voyager_push_offset(&client), 1000);
    assert_int_equal(relay_send_from(1000, 700), VOYAGER_OK);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
    /* and a download the device makes itself */
    fake_server.wrong_proof = false;
    rig_image(&rig, test_image_defaults(), "3.0.0");
    device_offer();
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    const voyager_offer_t *offer = NULL;
    assert_int_equal(voyager_check(&client, &offer), VOYAGER_OK);
    assert_int_equal(voyager_begin(&client), VOYAGER_OK);
    assert_int_equal(voyager_push_begin(&client, relay_check(), &offset), VOYAGER_ERR_STATE);
    assert_int_equal(voyager_push_write(&client, rig.artifact, 16), VOYAGER_ERR_STATE);
    assert_int_equal(voyager_perform(&client), VOYAGER_OK);
}

static void an_unsigned_offer_or_one_changed_on_the_way_is_refused(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    fake_server.offer_key = NULL;
    refused(VOYAGER_ERR_UNSIGNED_OFFER);
    fake_server.offer_key = &rig.offer_key;
    fake_server.tamper = true;
    refused(VOYAGER_ERR_OFFER_SIGNATURE);
}

static void an_unsigned_or_wrongly_signed_release_is_refused(void **state) {
    (void) state;
    test_key_t attacker;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.has_manifest_signature = false;
    device_offer();
    refused(VOYAGER_ERR_UNSIGNED);
    test_key_generate(&attacker, "voyager-test-push");
    test_key_sign(&attacker, (const uint8_t *) rig.manifest, strlen(rig.manifest), rig.offer.manifest_signature);
    rig.offer.has_manifest_signature = true;
    device_offer();
    refused(VOYAGER_ERR_SIGNATURE);
    test_key_free(&attacker);
}

static void a_release_for_another_chip_is_refused(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    char *at = strstr(rig.manifest, "model model-s3 esp32s3");
    assert_non_null(at);
    memcpy(at, "model model-s3 esp32c3", 22);
    rig_sign_manifest(&rig);
    device_offer();
    refused(VOYAGER_ERR_MANIFEST_MISMATCH);
}

static void a_secure_version_below_the_floor_is_refused(void **state) {
    (void) state;
    config.secure_version = 3;
    device_boot();
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.secure_version = 2;
    rig_manifest(&rig);
    device_offer();
    refused(VOYAGER_ERR_SECURE_VERSION);
}

static void an_offer_older_than_one_acted_on_is_refused(void **state) {
    (void) state;
    int64_t acted_on = 5;
    assert_int_equal(rig.port.state_set(rig.port.ctx, "vy_sequence", &acted_on, sizeof acted_on), VOYAGER_OK);
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.sequence = 4;
    device_offer();
    refused(VOYAGER_NO_UPDATE);
    assert_string_equal(refused_reason, "stale-offer");
}

static void a_chunk_beyond_the_size_is_refused_whole(void **state) {
    (void) state;
    static uint8_t more[RIG_ARTIFACT_MAX + 1];
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    uint32_t offset = 0;
    assert_int_equal(voyager_push_begin(&client, relay_check(), &offset), VOYAGER_OK);
    long ops = rig.flash.ops;
    memcpy(more, rig.artifact, rig.artifact_len);
    assert_int_equal(voyager_push_write(&client, more, rig.artifact_len + 1), VOYAGER_ERR_TOO_LARGE);
    assert_int_equal(rig.flash.ops, ops);
    assert_int_equal(voyager_push_offset(&client), 0);
    assert_int_equal(voyager_push_write(&client, more, rig.artifact_len - 10), VOYAGER_OK);
    assert_int_equal(voyager_push_write(&client, more + rig.artifact_len - 10, 11), VOYAGER_ERR_TOO_LARGE);
    assert_int_equal(voyager_push_write(&client, more + rig.artifact_len - 10, 10), VOYAGER_OK);
    assert_int_equal(voyager_push_finish(&client), VOYAGER_OK);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
}

/*
 * A byte changed by the relay. In the application image its checksum gives it away as it streams in, or the hash at
 * finish; in a bundle's UI part only the hash can, at finish. Either way before the switch, reported FAILED.
 */
static void tampered_at(size_t at, voyager_err_t expected) {
    static uint8_t changed[RIG_ARTIFACT_MAX];
    device_offer();
    memcpy(changed, rig.artifact, rig.artifact_len);
    changed[at] ^= 0x01;
    uint32_t offset = 0;
    assert_int_equal(voyager_push_begin(&client, relay_check(), &offset), VOYAGER_OK);
    voyager_err_t err = voyager_push_write(&client, changed, at + 1);
    if (err == VOYAGER_OK) {
        err = voyager_push_write(&client, changed + at + 1, rig.artifact_len - at - 1);
    }
    if (err == VOYAGER_OK) {
        err = voyager_push_finish(&client);
        assert_int_equal(err, VOYAGER_ERR_SHA256);
    }
    if (expected != VOYAGER_OK) {
        assert_int_equal(err, expected);
    }
    assert_true(err == VOYAGER_ERR_SHA256 || err == VOYAGER_ERR_IMAGE);
    assert_int_equal(voyager_push_offset(&client), 0);
    assert_int_equal(voyager_push_finish(&client), VOYAGER_ERR_STATE);
    assert_true(fake_find_report("\"status\":\"FAILED\"") >= 0);
    device_boot();
    rig_assert_factory_firmware(&rig);
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NORMAL);
}

static void a_tampered_byte_is_caught_before_the_switch(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    tampered_at(rig.artifact_len / 2, VOYAGER_OK);
    tampered_at(rig.artifact_len - 1, VOYAGER_OK);
    rig_bundle(&rig, "2.0.0");
    tampered_at(rig.artifact_len - 1, VOYAGER_ERR_SHA256);
}

static void an_image_for_another_chip_is_refused_as_it_streams(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    t.chip = 5; /* ESP32-C3 */
    rig_image(&rig, t, "2.0.0");
    device_offer();
    uint32_t offset = 0;
    assert_int_equal(voyager_push_begin(&client, relay_check(), &offset), VOYAGER_OK);
    assert_int_equal(voyager_push_write(&client, rig.artifact, 64), VOYAGER_ERR_CHIP);
    assert_int_equal(voyager_push_write(&client, rig.artifact + 64, 64), VOYAGER_ERR_STATE);
    assert_true(fake_find_report("\"status\":\"FAILED\",\"errorCode\":\"wrong-chip\"") >= 0);
    device_boot();
    rig_assert_factory_firmware(&rig);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(an_offer_for_another_device_or_model_is_refused, device_setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_wrong_or_missing_proof_is_refused, device_setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_replayed_answer_is_refused, device_setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_refused_answer_leaves_the_install_under_way_alone, device_setup,
                                        device_teardown),
        cmocka_unit_test_setup_teardown(an_unsigned_offer_or_one_changed_on_the_way_is_refused, device_setup,
                                        device_teardown),
        cmocka_unit_test_setup_teardown(an_unsigned_or_wrongly_signed_release_is_refused, device_setup,
                                        device_teardown),
        cmocka_unit_test_setup_teardown(a_release_for_another_chip_is_refused, device_setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_secure_version_below_the_floor_is_refused, device_setup, device_teardown),
        cmocka_unit_test_setup_teardown(an_offer_older_than_one_acted_on_is_refused, device_setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_chunk_beyond_the_size_is_refused_whole, device_setup, device_teardown),
        cmocka_unit_test_setup_teardown(a_tampered_byte_is_caught_before_the_switch, device_setup, device_teardown),
        cmocka_unit_test_setup_teardown(an_image_for_another_chip_is_refused_as_it_streams, device_setup,
                                        device_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
