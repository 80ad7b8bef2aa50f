/*
 * The update state machine on the emulated flash: installs that boot, refusals that leave the old firmware
 * booting, resumes from a checkpoint, power loss at every flash operation of a bundle update, rollback.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "keys.h"
#include "rig.h"
#include "voyager/update.h"

static rig_t rig;

static int setup(void **state) {
    (void) state;
    rig_setup(&rig);
    return 0;
}

static int teardown(void **state) {
    (void) state;
    rig_teardown(&rig);
    return 0;
}

static voyager_err_t install(size_t chunk) {
    voyager_update_t u;
    voyager_update_config_t cfg = rig_update_config(&rig);
    voyager_err_t err = voyager_update_begin(&u, &cfg, &rig.offer);
    if (err == VOYAGER_OK) {
        err = rig_install(&rig, &u, 0, chunk);
    }
    if (err != VOYAGER_OK) {
        voyager_update_abort(&u);
    }
    return err;
}

static void still_runs_the_factory_firmware(void) {
    rig_reboot(&rig);
    rig_assert_factory_firmware(&rig);
}

static void app_image_installs_boots_pending_and_stays_once_valid(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    assert_int_equal(install(500), VOYAGER_OK);
    rig_reboot(&rig);
    assert_string_equal(rig.flash.version, "2.0.0");
    assert_int_equal(rig.flash.app, 1);
    assert_int_equal(rig.flash.ui, 0); /* an image alone keeps the UI */
    assert_int_equal(rig.flash.boot_state, VOYAGER_BOOT_PENDING_VERIFY);
    assert_int_equal(rig.port.mark_valid(rig.port.ctx), VOYAGER_OK);
    rig_reboot(&rig);
    assert_string_equal(rig.flash.version, "2.0.0");
    assert_int_equal(rig.flash.boot_state, VOYAGER_BOOT_VALID);
    assert_memory_equal(vflash_slot(&rig.flash, VOYAGER_PART_FIRMWARE, 1), rig.artifact, rig.artifact_len);
}

static void a_crash_before_mark_valid_rolls_back(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    assert_int_equal(install(4096), VOYAGER_OK);
    rig_reboot(&rig);
    assert_string_equal(rig.flash.version, "2.0.0");
    /* the new firmware dies before marking itself valid: the next boot goes back */
    still_runs_the_factory_firmware();
    /* and so does a health check that fails and asks for it */
    rig_image(&rig, test_image_defaults(), "2.0.1");
    assert_int_equal(install(4096), VOYAGER_OK);
    rig_reboot(&rig);
    assert_string_equal(rig.flash.version, "2.0.1");
    assert_int_equal(rig.port.rollback(rig.port.ctx), VOYAGER_OK);
    still_runs_the_factory_firmware();
}

static void bundle_switches_firmware_and_ui_together(void **state) {
    (void) state;
    rig_bundle(&rig, "3.0.0");
    assert_int_equal(install(777), VOYAGER_OK);
    rig_reboot(&rig);
    assert_string_equal(rig.flash.version, "3.0.0");
    assert_int_equal(rig.flash.app, 1);
    assert_int_equal(rig.flash.ui, 1);
    const voyager_offer_t *o = &rig.offer;
    assert_memory_equal(vflash_slot(&rig.flash, VOYAGER_PART_FIRMWARE, 1), rig.artifact + 12, o->firmware_part.size);
    assert_memory_equal(vflash_slot(&rig.flash, VOYAGER_PART_UI, 1), rig.artifact + o->ui_part.offset,
                        o->ui_part.size);
    /* without mark valid, both go back */
    rig_reboot(&rig);
    assert_int_equal(rig.flash.app, 0);
    assert_int_equal(rig.flash.ui, 0);
}

/* Installs the rig's offer, which a test has spoiled, and expects err with the factory firmware still booting. */
static void refused(voyager_err_t err) {
    assert_int_equal(install(300), err);
    still_runs_the_factory_firmware();
}

static void broken_streams_are_refused_and_change_nothing(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    t.chip = VOYAGER_CHIP_ESP32C3;
    rig_image(&rig, t, "2.0.0");
    refused(VOYAGER_ERR_CHIP);

    t = test_image_defaults();
    t.magic = 0x7f;
    rig_image(&rig, t, "2.0.0");
    refused(VOYAGER_ERR_MAGIC);

    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.artifact[700] ^= 0x01; /* corrupted in transit: the offer still names the original */
    refused(VOYAGER_ERR_IMAGE);

    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.artifact[700] ^= 0x01;
    rig_reoffer(&rig); /* corrupted before it was offered: the image's own checksum catches it */
    refused(VOYAGER_ERR_IMAGE);

    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.sha256[5] ^= 0x20;
    refused(VOYAGER_ERR_SHA256);

    rig_image(&rig, test_image_defaults(), "2.0.1"); /* the image says 2.0.1 */
    voyager_version_parse(&rig.offer.version, "2.0.2", 5);
    refused(VOYAGER_ERR_IMAGE);

    t = test_image_defaults();
    t.secure_version = 1;
    rig_image(&rig, t, "2.0.0");
    rig.offer.secure_version = 1;
    voyager_update_t u;
    voyager_update_config_t cfg = rig_update_config(&rig);
    cfg.min_secure_version = 2;
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_ERR_SECURE_VERSION);
    rig.offer.secure_version = 2; /* the offer lies about the image's epoch */
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_OK);
    assert_int_equal(rig_install(&rig, &u, 0, 512), VOYAGER_ERR_SECURE_VERSION);
    voyager_update_abort(&u);
    still_runs_the_factory_firmware();
}

/*
 * An Arduino-ESP32 build: its descriptor names the core's version, not the release's. Compared with the offer, as
 * for ESP-IDF builds, it is another version; with the comparison skipped, as the Arduino wrapper configures, it
 * installs, every other check of the image still made.
 */
static void an_arduino_build_installs_when_its_descriptor_version_is_not_compared(void **state) {
    (void) state;
    voyager_update_t u;
    voyager_update_config_t cfg = rig_update_config(&rig);
    rig_arduino_image(&rig, "2.0.0");
    refused(VOYAGER_ERR_IMAGE);
    cfg.skip_app_version_check = true;
    rig.artifact[700] ^= 0x01;
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_OK);
    assert_int_equal(rig_install(&rig, &u, 0, 300), VOYAGER_ERR_IMAGE);
    voyager_update_abort(&u);
    rig.artifact[700] ^= 0x01;
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_OK);
    assert_int_equal(rig_install(&rig, &u, 0, 300), VOYAGER_OK);
    rig_reboot(&rig);
    assert_string_equal(rig.flash.version, "v5.1.4-497-gdd3f8bde1e");
    assert_int_equal(rig.flash.boot_state, VOYAGER_BOOT_PENDING_VERIFY);
}

static void sizes_are_enforced(void **state) {
    (void) state;
    voyager_update_t u;
    voyager_update_config_t cfg = rig_update_config(&rig);
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.size -= 16; /* the server says fewer bytes than come */
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_OK);
    assert_int_equal(rig_install(&rig, &u, 0, 64), VOYAGER_ERR_TOO_LARGE);
    voyager_update_abort(&u);

    rig_image(&rig, test_image_defaults(), "2.0.0");
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_OK);
    assert_int_equal(voyager_update_write(&u, rig.artifact, rig.artifact_len - 1), VOYAGER_OK);
    assert_int_equal(voyager_update_finish(&u), VOYAGER_ERR_TRUNCATED);
    assert_int_equal(voyager_update_activate(&u), VOYAGER_ERR_TRUNCATED);
    voyager_update_abort(&u);

    rig_bundle(&rig, "3.0.0");
    rig.offer.ui_part.size -= 1; /* parts that do not add up to the bundle */
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_ERR_OFFER);
    rig.offer.has_ui_part = false;
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_ERR_OFFER);

    test_image_t t = test_image_defaults();
    t.segments[0] = 60000;
    t.segments[1] = 8000; /* 68 KB: more than the 64 KiB slot */
    rig_image(&rig, t, "2.0.0");
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_ERR_TOO_LARGE);
    still_runs_the_factory_firmware();
}

static void broken_bundles_are_refused(void **state) {
    (void) state;
    rig_bundle(&rig, "3.0.0");
    rig.artifact[4] ^= 0x04; /* the header's firmware size */
    rig_reoffer(&rig);
    refused(VOYAGER_ERR_BUNDLE);

    rig_bundle(&rig, "3.0.0");
    memcpy(rig.artifact, "BNDX", 4);
    rig_reoffer(&rig);
    refused(VOYAGER_ERR_MAGIC);

    rig_bundle(&rig, "3.0.0");
    rig.offer.ui_part.sha256[0] ^= 1;
    refused(VOYAGER_ERR_SHA256);

    /* the UI in the firmware slot: put the LittleFS image first (parts swapped) */
    uint8_t fw[8192];
    test_image_t t = test_image_defaults();
    size_t fw_len = test_image_build(&t, fw, sizeof fw);
    rig.artifact_len = test_bundle_build(rig.ui, rig.ui_len, fw, fw_len, rig.artifact, sizeof rig.artifact);
    rig.offer.firmware_part.size = (uint32_t) rig.ui_len;
    rig.offer.ui_part.offset = (uint32_t) (12 + rig.ui_len);
    rig.offer.ui_part.size = (uint32_t) fw_len;
    rig_reoffer(&rig);
    refused(VOYAGER_ERR_CROSS_FLASH);

    /* an application image where the UI goes */
    rig.artifact_len = test_bundle_build(fw, fw_len, fw, fw_len, rig.artifact, sizeof rig.artifact);
    rig.offer.firmware_part.size = (uint32_t) fw_len;
    rig.offer.ui_part.offset = (uint32_t) (12 + fw_len);
    rig.offer.ui_part.size = (uint32_t) fw_len;
    rig_reoffer(&rig);
    refused(VOYAGER_ERR_CROSS_FLASH);

    /* a LittleFS image offered as an application image */
    memcpy(rig.artifact, rig.ui, rig.ui_len);
    rig.artifact_len = rig.ui_len;
    rig.offer.format = VOYAGER_FORMAT_APP_IMAGE;
    rig.offer.has_firmware_part = rig.offer.has_ui_part = false;
    rig_reoffer(&rig);
    refused(VOYAGER_ERR_CROSS_FLASH);
}

static void a_reboot_mid_download_resumes_from_the_checkpoint(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    t.segments[0] = 20000;
    t.segments[1] = 9000;
    rig_image(&rig, t, "2.0.0");
    voyager_update_t u;
    voyager_update_config_t cfg = rig_update_config(&rig);
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_OK);
    assert_int_equal(voyager_update_write(&u, rig.artifact, 15000), VOYAGER_OK);
    /* power cycle: the update in RAM is gone, the checkpoint and the written flash are not */
    memset(&u, 0xA5, sizeof u);
    rig_reboot(&rig);
    assert_string_equal(rig.flash.version, "1.0.0");
    rig.offer.sequence = 2; /* a fresh check gave a new offer for the same artifact */
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_OK);
    uint32_t from = voyager_update_offset(&u);
    assert_true(from > 15000 - 1024 - 1);
    assert_true(from <= 15000);
    assert_int_equal(rig_install(&rig, &u, from, 4000), VOYAGER_OK);
    rig_reboot(&rig);
    assert_string_equal(rig.flash.version, "2.0.0");
    /* no update while the new firmware is on probation: it would overwrite the rollback target */
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_ERR_STATE);
    assert_int_equal(rig.port.mark_valid(rig.port.ctx), VOYAGER_OK);

    /* a checkpoint for another artifact, or a damaged one, is not resumed */
    rig_image(&rig, t, "2.1.0");
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_OK);
    assert_int_equal(voyager_update_write(&u, rig.artifact, 5000), VOYAGER_OK);
    rig_reboot(&rig);
    rig_image(&rig, t, "2.1.1");
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_OK);
    assert_int_equal(voyager_update_offset(&u), 0);
    assert_int_equal(voyager_update_write(&u, rig.artifact, 5000), VOYAGER_OK);
    rig_reboot(&rig);
    for (int k = 0; k < VFLASH_KEYS; k++) {
        if (strcmp(rig.flash.kv[k].key, VOYAGER_KEY_DOWNLOAD) == 0) {
            rig.flash.kv[k].value[200] ^= 1;
        }
    }
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_OK);
    assert_int_equal(voyager_update_offset(&u), 0);
    assert_int_equal(rig_install(&rig, &u, 0, 3000), VOYAGER_OK);
}

static void restart_starts_over_cleanly(void **state) {
    (void) state;
    rig_bundle(&rig, "3.0.0");
    voyager_update_t u;
    voyager_update_config_t cfg = rig_update_config(&rig);
    assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_OK);
    assert_int_equal(voyager_update_write(&u, rig.artifact, 9000), VOYAGER_OK);
    assert_int_equal(voyager_update_restart(&u), VOYAGER_OK);
    assert_int_equal(voyager_update_offset(&u), 0);
    assert_int_equal(rig_install(&rig, &u, 0, 1000), VOYAGER_OK);
    rig_reboot(&rig);
    assert_string_equal(rig.flash.version, "3.0.0");
}

/*
 * Power loss at every flash operation of a bundle update (erases, writes, checkpoints, the otadata switch): the
 * device always boots an intact image, either the old pair or the new one, and the update then completes.
 */
static void power_loss_at_every_flash_operation_leaves_a_bootable_device(void **state) {
    (void) state;
    long n;
    for (n = 1;; n++) {
        rig_teardown(&rig);
        rig_setup(&rig);
        rig_bundle(&rig, "3.0.0");
        rig.flash.ops = 0;
        rig.flash.fail_at = n;
        voyager_err_t err = install(700);
        bool completed = !rig.flash.dead;
        if (completed) {
            assert_int_equal(err, VOYAGER_OK);
        }
        rig_reboot(&rig);
        bool new_firmware = strcmp(rig.flash.version, "3.0.0") == 0;
        assert_true(new_firmware || strcmp(rig.flash.version, "1.0.0") == 0);
        assert_int_equal(rig.flash.app, new_firmware ? 1 : 0);
        assert_int_equal(rig.flash.ui, new_firmware ? 1 : 0);
        if (!new_firmware) {
            /* the next attempt resumes from what survived and completes */
            voyager_update_t u;
            voyager_update_config_t cfg = rig_update_config(&rig);
            assert_int_equal(voyager_update_begin(&u, &cfg, &rig.offer), VOYAGER_OK);
            assert_int_equal(rig_install(&rig, &u, voyager_update_offset(&u), 700), VOYAGER_OK);
            rig_reboot(&rig);
            assert_string_equal(rig.flash.version, "3.0.0");
            assert_int_equal(rig.flash.ui, 1);
        }
        const voyager_offer_t *o = &rig.offer;
        assert_memory_equal(vflash_slot(&rig.flash, VOYAGER_PART_UI, 1), rig.artifact + o->ui_part.offset,
                            o->ui_part.size);
        if (completed) {
            break;
        }
    }
    print_message("power lost at each of %ld flash operations\n", n - 1);
    assert_true(n > 20);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(app_image_installs_boots_pending_and_stays_once_valid, setup, teardown),
        cmocka_unit_test_setup_teardown(a_crash_before_mark_valid_rolls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(bundle_switches_firmware_and_ui_together, setup, teardown),
        cmocka_unit_test_setup_teardown(broken_streams_are_refused_and_change_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(an_arduino_build_installs_when_its_descriptor_version_is_not_compared, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(sizes_are_enforced, setup, teardown),
        cmocka_unit_test_setup_teardown(broken_bundles_are_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(a_reboot_mid_download_resumes_from_the_checkpoint, setup, teardown),
        cmocka_unit_test_setup_teardown(restart_starts_over_cleanly, setup, teardown),
        cmocka_unit_test_setup_teardown(power_loss_at_every_flash_operation_leaves_a_bootable_device, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
