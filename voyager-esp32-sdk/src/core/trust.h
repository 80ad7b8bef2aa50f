/*
 * The pieces of the trust chain (docs/signing.md; docs/device-api.md, "Offer authentication"): the release
 * manifest read in its one canonical form and held against an offer, P-256 public keys and their ids, the proof
 * that an answer was made for one check, and the statement that endorses a new offer key. Not public API.
 */
#ifndef VOYAGER_TRUST_H
#define VOYAGER_TRUST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "voyager/image.h"
#include "voyager/offer.h"
#include "voyager/port.h"

#define VOYAGER_NONCE_MAX 64 /* as the server allows */

typedef struct {
    uint64_t offset;
    uint64_t size;
    uint8_t sha256[32];
} voyager_manifest_part_t;

/** A parsed manifest; its texts point into the bytes it was read from. */
typedef struct {
    const char *product;
    size_t product_len;
    const char *version;           /* strict SemVer as the server prints it */
    size_t version_len;
    uint32_t secure_version;
    voyager_format_t format;
    const char *models;            /* the "model <name> <chip>\n" lines, sorted by name */
    size_t models_len;
    uint64_t size;
    uint8_t sha256[32];
    unsigned part_count;           /* 2 for a bundle (firmware, then ui), 0 for an application image */
    voyager_manifest_part_t parts[2];
} voyager_manifest_t;

/** Reads a manifest, refusing anything but the canonical form: VOYAGER_OK or VOYAGER_ERR_MANIFEST. */
voyager_err_t voyager_manifest_parse(voyager_manifest_t *m, const uint8_t *bytes, size_t len);

/** Whether the manifest lists the model with the chip. */
bool voyager_manifest_lists(const voyager_manifest_t *m, const char *model, voyager_chip_t chip);

/**
 * Whether the manifest is for this product, model and chip and says what the offer says (version, secure version,
 * format, size, SHA-256, parts): VOYAGER_OK, or VOYAGER_ERR_MANIFEST_MISMATCH with *why naming the first difference.
 */
voyager_err_t voyager_manifest_agrees(const voyager_manifest_t *m, const voyager_offer_t *o, const char *product,
                                      const char *model, voyager_chip_t chip, const char **why);

/** Whether der is a P-256 public key as VOYAGER_KEY_DER_LEN bytes of SubjectPublicKeyInfo. */
bool voyager_p256_der_valid(const uint8_t *der, size_t len);

/** The DER of a "BEGIN PUBLIC KEY" PEM holding a P-256 key; false for anything else. */
bool voyager_p256_from_pem(const char *pem, uint8_t der[VOYAGER_KEY_DER_LEN]);

/** A key's id: SHA-256 of its DER. */
void voyager_key_id(const uint8_t der[VOYAGER_KEY_DER_LEN], uint8_t id[32]);

/** proof_key = HMAC-SHA256(key = the device secret's bytes, "voyager-offer-proof-key"), through the port. */
voyager_err_t voyager_proof_key(const voyager_port_t *p, const char *secret, uint8_t out[32]);

/** HMAC-SHA256(proof_key, "voyager-offer-proof\n" || nonce || "\n" || body digest), through the port. */
voyager_err_t voyager_proof(const voyager_port_t *p, const uint8_t key[32], const char *nonce,
                            const uint8_t digest[32], uint8_t out[32]);

/** Compares in time independent of where the bytes differ, so a forger learns nothing from how long it took. */
bool voyager_same_bytes(const uint8_t *a, const uint8_t *b, size_t len);

/** The new key of an offer-key statement ("voyager-offer-key 1\nkey <base64 DER>\n"); false if it is not one. */
bool voyager_statement_key(const uint8_t *body, size_t len, uint8_t der[VOYAGER_KEY_DER_LEN]);

#endif
