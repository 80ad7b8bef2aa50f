/*
 * A device on the test bench: an emulated flash with a factory image, the port over it (flash, boot, state,
 * mbedTLS verification and HMAC), a release key and an offer key, and artifacts with their offers and signed
 * release manifests, built at test time.
 */
#ifndef VOYAGER_TEST_RIG_H
#define VOYAGER_TEST_RIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "images.h"
#include "signing.h"
#include "vflash.h"
#include "voyager/offer.h"
#include "voyager/port.h"
#include "voyager/update.h"

#define RIG_APP_SLOT (64u * 1024u)
#define RIG_UI_SLOT (16u * 1024u)
#define RIG_ARTIFACT_MAX (96u * 1024u)

typedef struct {
    vflash_t flash;
    voyager_port_t port;
    test_key_t key;                 /* the release key */
    test_key_t offer_key;           /* the server's offer key */
    uint8_t artifact[RIG_ARTIFACT_MAX];
    size_t artifact_len;
    uint8_t ui[RIG_UI_SLOT];
    size_t ui_len;
    voyager_offer_t offer;
    char manifest[VOYAGER_MANIFEST_MAX + 1]; /* the offer's release manifest, as text */
} rig_t;

/** A flash with factory firmware 1.0.0 (and a UI image) in slot 0, booted; a fresh release key and offer key. */
void rig_setup(rig_t *rig);
void rig_teardown(rig_t *rig);

/** An app image of version with t's options as the artifact, and its signed offer. */
void rig_image(rig_t *rig, test_image_t t, const char *version);
/** An app image as Arduino-ESP32 builds it (see rig.c) as the artifact, offered and signed as version. */
void rig_arduino_image(rig_t *rig, const char *version);
/** A bundle of an app image of version and an 8 KiB LittleFS image as the artifact, and its signed offer. */
void rig_bundle(rig_t *rig, const char *version);
/** Sets the offer's hash and size to the artifact again (after a test changed it), with a new manifest. */
void rig_reoffer(rig_t *rig);
/** The manifest of the offer as the server writes it (product locker, model-s3 on esp32s3), signed. */
void rig_manifest(rig_t *rig);
/** Signs rig->manifest (after a test edited it) and sets the offer's manifest digest and signature. */
void rig_sign_manifest(rig_t *rig);

/** The update configuration the rig's device uses: ESP32-S3, secure version 0. */
voyager_update_config_t rig_update_config(rig_t *rig);
/** Feeds the artifact from offset from in chunks; returns the first failure, or that of finish and activate. */
voyager_err_t rig_install(rig_t *rig, voyager_update_t *u, uint32_t from, size_t chunk);

/** Power cycle: boots again and says what runs. */
void rig_reboot(rig_t *rig);
/** After a reboot: the factory firmware 1.0.0 still runs, from slot 0 and valid, as nothing was switched to. */
void rig_assert_factory_firmware(const rig_t *rig);

#endif
