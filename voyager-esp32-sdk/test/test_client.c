/*
 * The client as a firmware uses it: check, install, reboot, mark valid, report; refusals of bad offers and bad
 * images with their FAILED reports; resumed, restarted and re-linked downloads; rollbacks reported; MQTT hints
 * (report ids per install attempt: test_report_ids.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "device.h"
#include "keys.h"

static void nothing_to_do_says_why(void **state) {
    (void) state;
    const voyager_offer_t *offer = (const voyager_offer_t *) 1;
    assert_int_equal(voyager_check(&client, &offer), VOYAGER_NO_UPDATE);
    assert_null(offer);
    assert_string_equal(voyager_no_update_reason(&client), "up-to-date");
    assert_string_equal(fake_server.last_check, "{\"product\":\"locker\",\"model\":\"model-s3\",\"version\":\"1.0.0\","
                        "\"chip\":\"esp32s3\",\"secureVersion\":0,\"nonce\":\"000102030405060708090a0b0c0d0e0f\"}");
    assert_string_equal(fake_server.last_bearer, "s3cret");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NORMAL);
    /* the next periodic check is an interval away; a hint makes it now */
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_int_equal(fake_server.checks, 1);
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_int_equal(fake_server.checks, 2);
    fake_server.now_ms += 3600u * 1000u;
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_int_equal(fake_server.checks, 3);
}

static void an_update_installs_boots_and_reports_success_once_valid(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK); /* restart now */
    assert_true(fake_find_report("\"status\":\"DOWNLOADING\"") >= 0);
    assert_true(fake_find_report("\"status\":\"REBOOTING\"") >= 0);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
    assert_int_equal(fake_find_report("SUCCESS"), -1); /* not before the application says it works */
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    int i = fake_find_report("\"status\":\"SUCCESS\"");
    assert_true(i >= 0);
    assert_non_null(strstr(fake_server.reports[i], "\"reportId\":\"device-1-1.1-s\",\"deviceId\":\"device-1\","
                           "\"product\":\"locker\",\"fromVersion\":\"1.0.0\",\"toVersion\":\"2.0.0\","
                           "\"runningVersion\":\"2.0.0\",\"status\":\"SUCCESS\""));
    /* reported once: later boots and polls send nothing more */
    int reports = fake_server.report_count;
    device_boot();
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NORMAL);
    fake_server.check_status = 204;
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_int_equal(fake_server.report_count, reports);
}

static void a_crash_of_the_new_firmware_is_reported_as_rolled_back(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    device_boot();
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
    /* it dies before voyager_mark_valid: the bootloader goes back */
    device_boot();
    assert_string_equal(rig.flash.version, "1.0.0");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_ROLLED_BACK);
    fake_server.check_status = 204;
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    int i = fake_find_report("\"status\":\"ROLLED_BACK\"");
    assert_true(i >= 0);
    assert_non_null(strstr(fake_server.reports[i], "\"fromVersion\":\"1.0.0\",\"toVersion\":\"2.0.0\","
                           "\"runningVersion\":\"1.0.0\",\"status\":\"ROLLED_BACK\""));
}

static void a_failed_health_check_rolls_back_on_request(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    device_boot();
    assert_int_equal(voyager_mark_invalid(&client), VOYAGER_OK);
    device_boot();
    assert_string_equal(rig.flash.version, "1.0.0");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_ROLLED_BACK);
    fake_server.check_status = 204;
    voyager_request_check(&client);
    voyager_poll(&client);
    assert_true(fake_find_report("\"runningVersion\":\"1.0.0\",\"status\":\"ROLLED_BACK\"") >= 0);
}

static void a_report_the_server_did_not_get_is_sent_again(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    device_boot();
    fake_server.down = true;
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK); /* valid, but the report is not out */
    device_boot();                                              /* even across a reboot */
    fake_server.down = false;
    fake_server.check_status = 204;
    voyager_request_check(&client);
    voyager_poll(&client);
    assert_true(fake_find_report("\"reportId\":\"device-1-1.1-s\"") >= 0);
}

/* The server offers something the device must refuse; the reason reaches the server as a FAILED report. */
static void refused_offer(voyager_err_t expected, const char *code) {
    int downloads = fake_server.downloads;
    device_offer();
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), expected);
    if (code != NULL) {
        assert_true(fake_find_report(code) >= 0);
    }
    assert_int_equal(fake_server.downloads, downloads);
}

static void offers_are_checked_before_anything_is_downloaded(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    strcpy(rig.offer.device_id, "device-2");
    refused_offer(VOYAGER_ERR_WRONG_DEVICE, "\"errorCode\":\"offer-for-another-device\"");
    rig_image(&rig, test_image_defaults(), "2.0.0");
    strcpy(rig.offer.model, "model-c3");
    refused_offer(VOYAGER_ERR_WRONG_DEVICE, NULL);
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.expires_at = fake_server.unix_time - 1;
    refused_offer(VOYAGER_ERR_EXPIRED, NULL);
    rig_image(&rig, test_image_defaults(), "0.9.0");
    refused_offer(VOYAGER_ERR_DOWNGRADE, "\"errorCode\":\"downgrade-refused\"");
    rig_image(&rig, test_image_defaults(), "1.0.0");
    refused_offer(VOYAGER_ERR_DOWNGRADE, NULL);
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.has_manifest_signature = false;
    refused_offer(VOYAGER_ERR_UNSIGNED, "\"errorCode\":\"unsigned-release\"");
    rig_image(&rig, test_image_defaults(), "2.0.0");
    config.secure_version = 3;
    device_boot();
    refused_offer(VOYAGER_ERR_SECURE_VERSION, NULL);
    strcpy(fake_server.check_body, "{\"version\":\"2.0.0\"}");
    assert_int_equal(voyager_check(&client, NULL), VOYAGER_ERR_OFFER);
    fake_server.check_status = 401;
    assert_int_equal(voyager_check(&client, NULL), VOYAGER_ERR_AUTH);
    fake_server.check_status = 500;
    assert_int_equal(voyager_check(&client, NULL), VOYAGER_ERR_HTTP);
}

/*
 * An offer made at an older catalog generation than one the device acted on (a node that has not caught up yet)
 * is not acted on, and not reported FAILED either: that would count against a release nothing is wrong with, and
 * could pause its rollout. Once the server catches up, the same release installs.
 */
static void an_offer_of_an_older_generation_is_ignored_not_reported(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.sequence = 50;
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK); /* acted on generation 50 */
    device_boot();
    voyager_mark_valid(&client);
    rig_image(&rig, test_image_defaults(), "3.0.0");
    rig.offer.sequence = 49;
    device_offer();
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_string_equal(voyager_no_update_reason(&client), "stale-offer");
    assert_int_equal(fake_find_report("\"status\":\"FAILED\""), -1);
    assert_int_equal(fake_find_report("\"toVersion\":\"3.0.0\""), -1);
    assert_int_equal(fake_server.downloads, 1);
    /* the same generation again, as when resuming the offer acted on, is fine */
    rig.offer.sequence = 50;
    device_offer();
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    device_boot();
    assert_string_equal(rig.flash.version, "3.0.0");
}

static void a_server_authorised_rollback_installs_an_older_release(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    device_boot();
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    /* 2.0.0 is revoked: the server sends the device back to 1.5.0 */
    rig_image(&rig, test_image_defaults(), "1.5.0");
    rig.offer.kind = VOYAGER_KIND_ROLLBACK;
    rig.offer.sequence = 2;
    device_offer();
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    device_boot();
    assert_string_equal(rig.flash.version, "1.5.0");
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    assert_true(fake_find_report("\"fromVersion\":\"2.0.0\",\"toVersion\":\"1.5.0\",\"runningVersion\":\"1.5.0\","
                                 "\"status\":\"SUCCESS\"") >= 0);
}

static void bad_images_are_refused_and_reported(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    t.chip = VOYAGER_CHIP_ESP32;
    rig_image(&rig, t, "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_CHIP);
    int i = fake_find_report("\"status\":\"FAILED\"");
    assert_true(i >= 0);
    assert_non_null(strstr(fake_server.reports[i], "\"errorCode\":\"wrong-chip\",\"errorMessage\":\"the image is built"
                           " for another chip than this device's\""));
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.manifest_signature[3] ^= 1;
    device_offer();
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_SIGNATURE);
    assert_true(fake_find_report("\"errorCode\":\"bad-signature\"") >= 0);
    device_boot();
    assert_string_equal(rig.flash.version, "1.0.0");
}

static void an_interrupted_download_resumes_with_a_range(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    t.segments[0] = 30000;
    rig_image(&rig, t, "2.0.0");
    device_offer();
    fake_server.cut_after = 10000;
    fake_server.cuts = 2;
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    assert_int_equal(fake_server.downloads, 3);
    assert_string_equal(fake_server.last_range, "20000");
    char sha[65], etag[70];
    test_hex(rig.offer.sha256, sha);
    snprintf(etag, sizeof etag, "\"%s\"", sha);
    assert_string_equal(fake_server.last_if_range, etag);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
}

static void a_download_interrupted_by_a_reboot_resumes_after_it(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    t.segments[0] = 30000;
    rig_image(&rig, t, "2.0.0");
    device_offer();
    fake_server.cut_after = 12000;
    fake_server.cuts = 100;
    config.download_attempts = 1;
    device_boot();
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_NETWORK);
    device_boot(); /* power cycle mid-download */
    fake_server.cuts = 0;
    rig.offer.sequence = 2;
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    assert_string_equal(fake_server.last_range, "12000");
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
}

static void a_server_ignoring_range_does_not_corrupt_the_image(void **state) {
    (void) state;
    rig_bundle(&rig, "3.0.0");
    device_offer();
    fake_server.cut_after = 5000;
    fake_server.cuts = 1;
    fake_server.ignore_range = true;
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    assert_int_equal(fake_server.downloads, 2);
    device_boot();
    assert_string_equal(rig.flash.version, "3.0.0");
    assert_int_equal(rig.flash.ui, 1);
    assert_memory_equal(vflash_slot(&rig.flash, VOYAGER_PART_UI, 1), rig.artifact + rig.offer.ui_part.offset,
                        rig.offer.ui_part.size);
}

static void an_expired_link_is_renewed_by_checking_again(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    fake_server.expire_downloads = 1;
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    assert_int_equal(fake_server.checks, 2);
    assert_int_equal(fake_server.downloads, 2);
}

static void an_unchanged_offer_is_answered_304(void **state) {
    (void) state;
    const voyager_offer_t *offer;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    assert_int_equal(voyager_check(&client, &offer), VOYAGER_OK);
    assert_string_equal(offer->etag, fake_server.check_etag);
    fake_server.check_status = 304;
    assert_int_equal(voyager_check(&client, &offer), VOYAGER_OK);
    assert_string_equal(fake_server.last_if_none_match, fake_server.check_etag);
    assert_string_equal(offer->version.text, "2.0.0");
    device_boot(); /* a 304 to a device that holds no offer is an error */
    assert_int_equal(voyager_check(&client, &offer), VOYAGER_ERR_HTTP);
}

static bool not_now(void *user, const voyager_offer_t *offer) {
    (void) offer;
    return *(bool *) user;
}

static void the_application_decides_when(void **state) {
    (void) state;
    bool allowed = false;
    config.may_update = not_now;
    config.user = &allowed;
    device_boot();
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_DEFERRED);
    assert_int_equal(fake_server.downloads, 0);
    allowed = true;
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
}

static char subscribed[160];
static voyager_mqtt_fn trigger;
static void *trigger_arg;

static voyager_err_t subscribe(void *ctx, const char *topic, voyager_mqtt_fn on_message, void *arg) {
    (void) ctx;
    snprintf(subscribed, sizeof subscribed, "%s", topic);
    trigger = on_message;
    trigger_arg = arg;
    return VOYAGER_OK;
}

static void an_mqtt_hint_only_schedules_a_check(void **state) {
    (void) state;
    assert_int_equal(voyager_mqtt_subscribe(&client), VOYAGER_ERR_NOT_SUPPORTED);
    rig.port.mqtt_subscribe = subscribe;
    assert_int_equal(voyager_mqtt_subscribe(&client), VOYAGER_OK);
    assert_string_equal(subscribed, "devices/device-1/ota");
    voyager_check(&client, NULL);
    trigger(trigger_arg, subscribed, (const uint8_t *) "", 0); /* a cleared trigger: nothing pending */
    int before = fake_server.checks;
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_int_equal(fake_server.checks, before);
    const char *offer = "{\"url\":\"http://elsewhere/evil.bin\"}";
    trigger(trigger_arg, subscribed, (const uint8_t *) offer, strlen(offer));
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE); /* checked over HTTP: the server has nothing */
    assert_int_equal(fake_server.checks, before + 1);
    assert_int_equal(fake_server.downloads, 0);
    rig.port.mqtt_subscribe = NULL;
    voyager_check(&client, NULL);
    int checks = fake_server.checks;
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_int_equal(fake_server.checks, checks);
    voyager_request_check(&client);
    assert_int_equal(fake_server.checks, checks); /* nothing happens in the hint itself */
    assert_int_equal(voyager_poll(&client), VOYAGER_NO_UPDATE);
    assert_int_equal(fake_server.checks, checks + 1);
}

static void configuration_mistakes_are_named(void **state) {
    (void) state;
    voyager_client_t c;
    voyager_config_t bad = config;
    bad.server_url = "ota.test/v1";
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_ERR_ARG);
    assert_non_null(strstr(voyager_last_error(&c), "server_url"));
    bad = config;
    bad.device_id = "device 1";
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_ERR_ARG);
    bad = config;
    bad.device_secret = "";
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_ERR_ARG);
    bad = config;
    bad.running_version = "one";
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_ERR_VERSION);
    bad = config;
    bad.chip = (voyager_chip_t) 77;
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_ERR_ARG);
    bad = config;
    bad.running_version = "v1.0";
    assert_int_equal(voyager_init(&c, &bad), VOYAGER_OK);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, device_setup, device_teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        TEST(nothing_to_do_says_why),
        TEST(an_update_installs_boots_and_reports_success_once_valid),
        TEST(a_crash_of_the_new_firmware_is_reported_as_rolled_back),
        TEST(a_failed_health_check_rolls_back_on_request),
        TEST(a_report_the_server_did_not_get_is_sent_again),
        TEST(offers_are_checked_before_anything_is_downloaded),
        TEST(an_offer_of_an_older_generation_is_ignored_not_reported),
        TEST(a_server_authorised_rollback_installs_an_older_release),
        TEST(bad_images_are_refused_and_reported),
        TEST(an_interrupted_download_resumes_with_a_range),
        TEST(a_download_interrupted_by_a_reboot_resumes_after_it),
        TEST(a_server_ignoring_range_does_not_corrupt_the_image),
        TEST(an_expired_link_is_renewed_by_checking_again),
        TEST(an_unchanged_offer_is_answered_304),
        TEST(the_application_decides_when),
        TEST(an_mqtt_hint_only_schedules_a_check),
        TEST(configuration_mistakes_are_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
