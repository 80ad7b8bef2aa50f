/* The simulated device of the client tests: see device.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "device.h"

rig_t rig;
voyager_client_t client;
voyager_config_t config;

int device_setup(void **state) {
    (void) state;
    rig_setup(&rig);
    fake_reset();
    fake_port(&rig.port);
    fake_server.offer_key = &rig.offer_key;
    memset(&config, 0, sizeof config);
    config.server_url = "https://ota.test/v1";
    config.device_id = "device-1";
    config.device_secret = "s3cret";
    config.product = "locker";
    config.model = "model-s3";
    config.chip = VOYAGER_CHIP_ESP32S3;
    config.release_key = rig.key.public_pem;
    config.offer_key = rig.offer_key.public_pem;
    config.checkpoint_interval = 1024;
    config.port = &rig.port;
    device_boot();
    return 0;
}

int device_teardown(void **state) {
    (void) state;
    rig_teardown(&rig);
    return 0;
}

void device_boot(void) {
    rig_reboot(&rig);
    config.running_version = rig.flash.version;
    assert_int_equal(voyager_init(&client, &config), VOYAGER_OK);
    /* the bench device checks at once, past the first check's jitter (test_backoff.c keeps it) */
    voyager_request_check(&client);
}

void device_offer(void) {
    const voyager_offer_t *o = &rig.offer;
    char sha[65], fw[65], ui[65], sig[96], parts[512] = "", manifest[VOYAGER_MANIFEST_TEXT_MAX + 1];
    test_hex(o->sha256, sha);
    test_base64(o->manifest_signature, 64, sig);
    test_base64((const uint8_t *) rig.manifest, strlen(rig.manifest), manifest);
    if (o->format == VOYAGER_FORMAT_BUNDLE) {
        test_hex(o->firmware_part.sha256, fw);
        test_hex(o->ui_part.sha256, ui);
        snprintf(parts, sizeof parts, "{\"name\":\"firmware\",\"offset\":12,\"size\":%u,\"sha256\":\"%s\"},"
                 "{\"name\":\"ui\",\"offset\":%u,\"size\":%u,\"sha256\":\"%s\"}", (unsigned) o->firmware_part.size,
                 fw, (unsigned) o->ui_part.offset, (unsigned) o->ui_part.size, ui);
    }
    snprintf(fake_server.check_body, sizeof fake_server.check_body,
             "{\"version\":\"%s\",\"kind\":\"%s\",\"format\":\"%s\",\"url\":\"/v1/artifacts/products/locker/a.bin"
             "?expires=1893456300&sig=abc\",\"size\":%u,\"sha256\":\"%s\",\"parts\":[%s],\"manifest\":\"%s\",%s%s%s"
             "\"required\":false,\"secureVersion\":%u,\"deviceId\":\"%s\",\"model\":\"%s\",\"expiresAt\":%lld,"
             "\"sequence\":%lld}",
             o->version.text, o->kind == VOYAGER_KIND_ROLLBACK ? "rollback" : "upgrade",
             o->format == VOYAGER_FORMAT_BUNDLE ? "bundle" : "app-image", (unsigned) o->size, sha, parts, manifest,
             o->has_manifest_signature ? "\"manifestSignature\":\"" : "", o->has_manifest_signature ? sig : "",
             o->has_manifest_signature ? "\"," : "", (unsigned) o->secure_version,
             o->device_id, o->model, (long long) o->expires_at, (long long) o->sequence);
    fake_server.check_status = 200;
    snprintf(fake_server.check_etag, sizeof fake_server.check_etag, "W/\"%.16s\"", sha);
    fake_server.artifact = rig.artifact;
    fake_server.artifact_len = rig.artifact_len;
}

void device_offer_20k_image(void) {
    test_image_t t = test_image_defaults();
    t.segments[0] = 12000;
    t.segments[1] = 6000;
    t.segments[2] = 2000;
    t.segment_count = 3;
    rig_image(&rig, t, "2.0.0");
    device_offer();
}

void device_wait_backoff(void) {
    fake_server.now_ms += 3601u * 1000u;
}

voyager_err_t device_poll_until_restart(int rounds) {
    voyager_err_t err = VOYAGER_NO_UPDATE;
    for (int i = 0; i < rounds; i++) {
        if (i > 0) {
            device_wait_backoff();
        }
        voyager_request_check(&client);
        err = voyager_poll(&client);
        if (err != VOYAGER_ERR_NETWORK && err != VOYAGER_ERR_EXPIRED && err != VOYAGER_ERR_TOO_SLOW) {
            return err;
        }
    }
    return err;
}

void device_refused(voyager_err_t expected, const char *code, bool reported) {
    int downloads = fake_server.downloads;
    int reports = fake_server.report_count;
    long ops = rig.flash.ops;
    voyager_request_check(&client);
    voyager_err_t err = voyager_poll(&client);
    if (err != expected) {
        fail_msg("expected %s, got %s: %s", voyager_err_code(expected), voyager_err_code(err),
                 voyager_last_error(&client));
    }
    assert_int_equal(fake_server.downloads, downloads);
    assert_string_not_equal(voyager_last_error(&client), "");
    assert_int_equal(rig.flash.ops, ops);
    char needle[96];
    snprintf(needle, sizeof needle, "\"status\":\"FAILED\",\"errorCode\":\"%s\"", code);
    if (reported) {
        assert_true(fake_find_report(needle) >= 0);
    } else {
        assert_int_equal(fake_server.report_count, reports);
    }
}
