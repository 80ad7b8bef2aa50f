/*
 * Voyager OTA device SDK: the update state machine, fed the downloaded artifact chunk by chunk.
 *
 * begin → write (repeat) → finish → activate, or abort. It checks the image as it streams (voyager/image.h), splits
 * a bundle into its firmware and UI parts and writes each to its own partition, hashes everything, and refuses more
 * bytes than the offer's size. finish verifies the SHA-256 of the artifact and its parts (the release key signed
 * them in the manifest, checked before the download began); activate then switches the boot partition (the caller
 * records what it is about to boot in between). Progress is checkpointed through the port's persistent state, so
 * after a reboot begin with an offer for the same artifact resumes where the last checkpoint was. Nothing here
 * allocates.
 */
#ifndef VOYAGER_UPDATE_H
#define VOYAGER_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "voyager/error.h"
#include "voyager/image.h"
#include "voyager/offer.h"
#include "voyager/port.h"
#include "voyager/sha256.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VOYAGER_BUNDLE_HEADER_LEN 12
/* Flash is written in blocks of this many bytes at offsets that are multiples of it (flash encryption needs 16),
 * except the last write of a part; the bytes of a block not yet complete are part of the checkpoint. */
#define VOYAGER_WRITE_BLOCK 16u
#define VOYAGER_CHECKPOINT_DEFAULT (64u * 1024u)

typedef struct {
    const voyager_port_t *port;
    voyager_chip_t chip;              /* the chip images must be built for */
    uint32_t min_secure_version;      /* the device's anti-rollback epoch */
    uint32_t checkpoint_interval;     /* bytes between persisted checkpoints; 0: VOYAGER_CHECKPOINT_DEFAULT */
    bool skip_app_version_check;      /* the descriptor's version is not the release's: do not compare it */
} voyager_update_config_t;

/** The part of an update that is persisted as its checkpoint: plain data, no pointers that matter. */
typedef struct {
    uint32_t magic;
    uint32_t layout;                  /* sizeof this struct: a firmware with another layout starts over */
    uint32_t size;
    uint8_t sha256[VOYAGER_SHA256_LEN];
    uint8_t format;
    uint32_t pos;                     /* artifact bytes written */
    uint8_t bundle_header[VOYAGER_BUNDLE_HEADER_LEN];
    uint32_t fw_size;
    uint32_t ui_size;
    uint8_t tail[2][VOYAGER_WRITE_BLOCK]; /* per part: the bytes of the block not yet written */
    uint8_t tail_len[2];
    voyager_sha256_t sha;             /* of the whole artifact (bundles; an image's own hash serves otherwise) */
    voyager_image_t img;
    voyager_littlefs_t fs;
    uint32_t crc;                     /* CRC-32 of everything above */
} voyager_update_state_t;

typedef struct {
    voyager_update_config_t cfg;
    voyager_offer_t offer;
    voyager_update_state_t st;
    uint32_t checkpointed;            /* pos of the last checkpoint */
    bool active;
    bool verified;                    /* finish passed: activate may switch */
    voyager_err_t err;                /* the first failure; it sticks until abort */
    const char *why;                  /* a static sentence on what failed, or NULL */
} voyager_update_t;

/**
 * Starts (or resumes, when a checkpoint for the same artifact exists) writing the offered artifact, whose offer the
 * caller has authenticated. A secureVersion below the device's is VOYAGER_ERR_SECURE_VERSION.
 */
voyager_err_t voyager_update_begin(voyager_update_t *u, const voyager_update_config_t *cfg,
                                   const voyager_offer_t *offer);
/** How many artifact bytes are taken in (written, or held for the next block): where a download resumes. */
uint32_t voyager_update_offset(const voyager_update_t *u);
/** Starts over from byte 0, for a server that answered a ranged request with the whole artifact. */
voyager_err_t voyager_update_restart(voyager_update_t *u);
/** Checks and writes the next bytes of the artifact. */
voyager_err_t voyager_update_write(voyager_update_t *u, const uint8_t *data, size_t len);
/** Persists the progress now (it is also persisted every checkpoint_interval bytes). */
voyager_err_t voyager_update_checkpoint(voyager_update_t *u);
/** After the last byte: verifies the image and the hashes, and ends the partitions. */
voyager_err_t voyager_update_finish(voyager_update_t *u);
/** After finish: switches the boot slot (firmware, and UI for a bundle) and forgets the checkpoint. */
voyager_err_t voyager_update_activate(voyager_update_t *u);
/** Stops writing, the checkpoint persisted: a later begin for the same artifact resumes from it. */
void voyager_update_pause(voyager_update_t *u);
/** Gives up: aborts the partitions and forgets the checkpoint. */
void voyager_update_abort(voyager_update_t *u);

#ifdef __cplusplus
}
#endif

#endif
