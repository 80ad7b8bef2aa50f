/* The test bench device: see rig.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rig.h"
#include "voyager_mbedtls.h"

void rig_setup(rig_t *rig) {
    uint8_t factory[8192];
    test_image_t t = test_image_defaults();
    t.version = "1.0.0";
    size_t len = test_image_build(&t, factory, sizeof factory);
    memset(rig, 0, sizeof *rig);
    assert_int_equal(vflash_init(&rig->flash, RIG_APP_SLOT, RIG_UI_SLOT), 0);
    rig->ui_len = test_littlefs_build(512, 8, false, rig->ui, sizeof rig->ui);
    assert_int_equal(vflash_flash_factory(&rig->flash, factory, len, rig->ui, rig->ui_len), 0);
    vflash_port(&rig->flash, &rig->port);
    rig->port.verify_p256 = voyager_mbedtls_verify_p256;
    rig->port.hmac_sha256 = voyager_mbedtls_hmac_sha256;
    test_key_generate(&rig->key, "voyager-rig");
    test_key_generate(&rig->offer_key, "voyager-rig");
    assert_string_equal(rig->flash.version, "1.0.0");
}

void rig_assert_factory_firmware(const rig_t *rig) {
    assert_string_equal(rig->flash.version, "1.0.0");
    assert_int_equal(rig->flash.app, 0);
    assert_int_equal(rig->flash.boot_state, VOYAGER_BOOT_VALID);
}

void rig_teardown(rig_t *rig) {
    test_key_free(&rig->key);
    test_key_free(&rig->offer_key);
    vflash_close(&rig->flash);
}

void rig_sign_manifest(rig_t *rig) {
    voyager_offer_t *o = &rig->offer;
    size_t len = strlen(rig->manifest);
    test_digest((const uint8_t *) rig->manifest, len, o->manifest_sha256);
    test_key_sign(&rig->key, (const uint8_t *) rig->manifest, len, o->manifest_signature);
    o->has_manifest_signature = true;
}

void rig_manifest(rig_t *rig) {
    const voyager_offer_t *o = &rig->offer;
    char sha[65], fw[65], ui[65], parts[400] = "";
    test_hex(o->sha256, sha);
    if (o->format == VOYAGER_FORMAT_BUNDLE) {
        test_hex(o->firmware_part.sha256, fw);
        test_hex(o->ui_part.sha256, ui);
        snprintf(parts, sizeof parts, "part firmware %u %u %s\npart ui %u %u %s\n", (unsigned) o->firmware_part.offset,
                 (unsigned) o->firmware_part.size, fw, (unsigned) o->ui_part.offset, (unsigned) o->ui_part.size, ui);
    }
    snprintf(rig->manifest, sizeof rig->manifest, "voyager-manifest 1\nproduct locker\nversion %s\n"
             "secure-version %u\nformat %s\nmodel model-s3 esp32s3\nsize %u\nsha256 %s\n%s", o->version.text,
             (unsigned) o->secure_version, o->format == VOYAGER_FORMAT_BUNDLE ? "bundle" : "app-image",
             (unsigned) o->size, sha, parts);
    rig_sign_manifest(rig);
}

void rig_reoffer(rig_t *rig) {
    voyager_offer_t *o = &rig->offer;
    o->size = (uint32_t) rig->artifact_len;
    test_sha256(rig->artifact, rig->artifact_len, o->sha256);
    rig_manifest(rig);
}

static void base_offer(rig_t *rig, const char *version, voyager_format_t format) {
    voyager_offer_t *o = &rig->offer;
    memset(o, 0, sizeof *o);
    assert_int_equal(voyager_version_parse(&o->version, version, strlen(version)), VOYAGER_OK);
    o->format = format;
    strcpy(o->url, "/v1/artifacts/test.bin?expires=1&sig=x");
    strcpy(o->device_id, "device-1");
    strcpy(o->model, "model-s3");
    o->min_battery = -1;
    o->expires_at = 4102444800LL;
    o->sequence = 1;
    rig_reoffer(rig);
}

void rig_image(rig_t *rig, test_image_t t, const char *version) {
    t.version = version;
    rig->artifact_len = test_image_build(&t, rig->artifact, sizeof rig->artifact);
    assert_true(rig->artifact_len > 0);
    base_offer(rig, version, VOYAGER_FORMAT_APP_IMAGE);
}

/*
 * The app descriptor of an Arduino-ESP32 3.0 sketch: the core's prebuilt libraries bring esp_app_desc, made when
 * arduino-lib-builder built them, so project_name and version are the builder's and the core's ESP-IDF, whatever the
 * sketch's own version is.
 */
void rig_arduino_image(rig_t *rig, const char *version) {
    test_image_t t = test_image_defaults();
    t.project = "arduino-lib-builder";
    t.version = "v5.1.4-497-gdd3f8bde1e";
    rig->artifact_len = test_image_build(&t, rig->artifact, sizeof rig->artifact);
    assert_true(rig->artifact_len > 0);
    base_offer(rig, version, VOYAGER_FORMAT_APP_IMAGE);
}

void rig_bundle(rig_t *rig, const char *version) {
    uint8_t fw[8192];
    uint8_t ui[8192];
    test_image_t t = test_image_defaults();
    t.version = version;
    t.seed = 7;
    size_t fw_len = test_image_build(&t, fw, sizeof fw);
    size_t ui_len = test_littlefs_build(1024, 8, false, ui, sizeof ui);
    rig->artifact_len = test_bundle_build(fw, fw_len, ui, ui_len, rig->artifact, sizeof rig->artifact);
    base_offer(rig, version, VOYAGER_FORMAT_BUNDLE);
    voyager_offer_t *o = &rig->offer;
    o->has_firmware_part = o->has_ui_part = true;
    o->firmware_part.offset = 12;
    o->firmware_part.size = (uint32_t) fw_len;
    test_sha256(fw, fw_len, o->firmware_part.sha256);
    o->ui_part.offset = (uint32_t) (12 + fw_len);
    o->ui_part.size = (uint32_t) ui_len;
    test_sha256(ui, ui_len, o->ui_part.sha256);
    rig_manifest(rig);
}

voyager_update_config_t rig_update_config(rig_t *rig) {
    voyager_update_config_t cfg = {&rig->port, VOYAGER_CHIP_ESP32S3, 0, 1024, false};
    return cfg;
}

voyager_err_t rig_install(rig_t *rig, voyager_update_t *u, uint32_t from, size_t chunk) {
    for (size_t at = from; at < rig->artifact_len; at += chunk) {
        size_t n = rig->artifact_len - at < chunk ? rig->artifact_len - at : chunk;
        voyager_err_t err = voyager_update_write(u, rig->artifact + at, n);
        if (err != VOYAGER_OK) {
            return err;
        }
    }
    voyager_err_t err = voyager_update_finish(u);
    return err != VOYAGER_OK ? err : voyager_update_activate(u);
}

void rig_reboot(rig_t *rig) {
    assert_int_equal(vflash_boot(&rig->flash), 0);
    assert_false(rig->flash.fell_back);
}
