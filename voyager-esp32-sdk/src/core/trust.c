/*
 * The client's side of the trust chain: its keys, the proof and signature every offer must carry, learning a new
 * offer key from an endorsement, and the release manifest checked against the offer and the device.
 */
#include <string.h>

#include "client.h"
#include "keys.h"
#include "trust.h"

#define LEARNED_MAGIC 0x314b5956u /* "VYK1" */
#define PROOF_KEY_LABEL "voyager-offer-proof-key"
#define PROOF_LABEL "voyager-offer-proof\n"

voyager_err_t voyager_proof_key(const voyager_port_t *p, const char *secret, uint8_t out[32]) {
    return p->hmac_sha256(p->ctx, (const uint8_t *) secret, strlen(secret), (const uint8_t *) PROOF_KEY_LABEL,
                          strlen(PROOF_KEY_LABEL), out);
}

voyager_err_t voyager_proof(const voyager_port_t *p, const uint8_t key[32], const char *nonce,
                            const uint8_t digest[32], uint8_t out[32]) {
    uint8_t msg[sizeof PROOF_LABEL - 1 + VOYAGER_NONCE_MAX + 1 + 32];
    size_t label = strlen(PROOF_LABEL);
    size_t n = strlen(nonce);
    if (n > VOYAGER_NONCE_MAX) {
        return VOYAGER_ERR_ARG;
    }
    memcpy(msg, PROOF_LABEL, label);
    memcpy(msg + label, nonce, n);
    msg[label + n] = '\n';
    memcpy(msg + label + n + 1, digest, 32);
    return p->hmac_sha256(p->ctx, key, 32, msg, label + n + 1 + 32, out);
}

bool voyager_same_bytes(const uint8_t *a, const uint8_t *b, size_t len) {
    volatile uint8_t diff = 0;
    for (size_t i = 0; i < len; i++) {
        diff = (uint8_t) (diff | (a[i] ^ b[i]));
    }
    return diff == 0;
}

static void load_learned(voyager_client_t *c) {
    const voyager_port_t *p = c->cfg.port;
    voyager_learned_keys_t *k = &c->learned;
    size_t len = 0;
    bool ok = p->state_get(p->ctx, VOYAGER_KEY_OFFER_KEYS, k, sizeof *k, &len) == VOYAGER_OK && len == sizeof *k
            && k->magic == LEARNED_MAGIC && k->count <= VOYAGER_OFFER_KEY_SLOTS && k->next < VOYAGER_OFFER_KEY_SLOTS;
    for (uint32_t i = 0; ok && i < k->count; i++) {
        ok = voyager_p256_der_valid(k->der[i], VOYAGER_KEY_DER_LEN);
        voyager_key_id(k->der[i], c->learned_id[i]);
    }
    if (!ok) {
        memset(k, 0, sizeof *k); /* nothing learned yet, or unreadable: the configured key still stands */
    }
}

voyager_err_t voyager__trust_init(voyager_client_t *c) {
    const voyager_config_t *cfg = &c->cfg;
    const voyager_port_t *p = cfg->port;
    if (p->random == NULL || p->hmac_sha256 == NULL) {
        return voyager__fail(c, VOYAGER_ERR_ARG, "the port lacks random or hmac_sha256, which every check needs");
    }
    if (cfg->offer_key != NULL) {
        if (!voyager_p256_from_pem(cfg->offer_key, c->offer_key)) {
            return voyager__fail(c, VOYAGER_ERR_ARG, "offer_key is not a P-256 public key in PEM (BEGIN PUBLIC KEY,"
                                 " point uncompressed, as openssl writes it): use the server's offer-key.pub.pem");
        }
        voyager_key_id(c->offer_key, c->offer_id);
        c->has_offer_key = true;
    } else if (!cfg->allow_unsigned_offers) {
        return voyager__fail(c, VOYAGER_ERR_ARG, "offer_key is missing: set it to the server's offer key (PEM, its"
                             " offer-key.pub.pem), or set allow_unsigned_offers to take offers nobody signed");
    }
    if (cfg->release_key != NULL) {
        if (!voyager_p256_from_pem(cfg->release_key, c->release_key)) {
            return voyager__fail(c, VOYAGER_ERR_ARG, "release_key is not a P-256 public key in PEM (BEGIN PUBLIC KEY,"
                                 " point uncompressed, as openssl pkey -pubout writes it)");
        }
        voyager_key_id(c->release_key, c->release_id);
        c->has_release_key = true;
    } else if (!cfg->allow_unsigned_releases) {
        return voyager__fail(c, VOYAGER_ERR_ARG, "release_key is missing: set it to the product's release key (PEM),"
                             " or set allow_unsigned_releases to install releases nobody signed");
    }
    if ((c->has_offer_key || c->has_release_key) && p->verify_p256 == NULL) {
        return voyager__fail(c, VOYAGER_ERR_ARG, "the port lacks verify_p256, which checking signatures needs");
    }
    if (voyager_proof_key(p, cfg->device_secret, c->proof_key) != VOYAGER_OK) {
        return voyager__fail(c, VOYAGER_ERR_CRYPTO, "the port's hmac_sha256 failed deriving the proof key");
    }
    if (c->has_offer_key) {
        load_learned(c);
    }
    return VOYAGER_OK;
}

voyager_err_t voyager__prove(voyager_client_t *c, const uint8_t digest[32]) {
    uint8_t got[32];
    uint8_t want[32];
    const char *text = c->resp.offer_proof;
    if (voyager_base64_decode(text, strlen(text), got, sizeof got) != (int) sizeof got) {
        return voyager__fail(c, VOYAGER_ERR_REPLAY, "the answer carries no Voyager-Offer-Proof, so nothing shows it"
                             " was made for this check rather than replayed");
    }
    if (voyager_proof(c->cfg.port, c->proof_key, c->nonce, digest, want) != VOYAGER_OK) {
        return voyager__fail(c, VOYAGER_ERR_CRYPTO, "the port's hmac_sha256 failed checking the answer's proof");
    }
    if (!voyager_same_bytes(got, want, sizeof got)) {
        return voyager__fail(c, VOYAGER_ERR_REPLAY, "the answer's proof is not for this check: a replay of an older"
                             " answer, one changed on the way, or not from the server");
    }
    return VOYAGER_OK;
}

static const uint8_t *trusted(const voyager_client_t *c, const uint8_t id[32]) {
    if (c->has_offer_key && memcmp(id, c->offer_id, 32) == 0) {
        return c->offer_key;
    }
    for (uint32_t i = 0; i < c->learned.count; i++) {
        if (memcmp(id, c->learned_id[i], 32) == 0) {
            return c->learned.der[i];
        }
    }
    return NULL;
}

static voyager_err_t verify(const voyager_client_t *c, const uint8_t *der, const uint8_t digest[32],
                            const uint8_t signature[64]) {
    const voyager_port_t *p = c->cfg.port;
    return p->verify_p256(p->ctx, (const char *) der, VOYAGER_KEY_DER_LEN, digest, signature);
}

static void sha256(const void *data, size_t len, uint8_t out[32]) {
    voyager_sha256_t sha;
    voyager_sha256_init(&sha);
    voyager_sha256_update(&sha, data, len);
    voyager_sha256_final(&sha, out);
}

/* A signature header and the key id beside it; false when either is missing or malformed. */
static bool signed_by(const voyager_http_response_t *resp, uint8_t signature[64], uint8_t id[32]) {
    return voyager_base64_decode(resp->offer_signature, strlen(resp->offer_signature), signature, 64) == 64
            && voyager_hex_decode32(resp->offer_key, strlen(resp->offer_key), id);
}

/* Only the answer to a key fetch lands here; a problem document beside a 404 is not needed. */
static voyager_err_t collect_statement(void *arg, const uint8_t *data, size_t len) {
    voyager_client_t *c = (voyager_client_t *) arg;
    if (c->resp.status != 200) {
        return VOYAGER_OK;
    }
    if (len > sizeof c->statement - c->statement_len) {
        return VOYAGER_ERR_BUFFER;
    }
    memcpy(c->statement + c->statement_len, data, len);
    c->statement_len += len;
    return VOYAGER_OK;
}

/* GET {server}/offer-keys/{id}: the statement endorsing the key, signed by the key that endorses it. */
static voyager_err_t fetch_statement(voyager_client_t *c, const uint8_t id[32]) {
    static const char hex[] = "0123456789abcdef";
    const voyager_port_t *p = c->cfg.port;
    const char *tail = "/offer-keys/";
    size_t base = strlen(c->cfg.server_url);
    while (base > 0 && c->cfg.server_url[base - 1] == '/') {
        base--;
    }
    if (base + strlen(tail) + 65 > sizeof c->url) {
        return VOYAGER_ERR_BUFFER;
    }
    memcpy(c->url, c->cfg.server_url, base);
    memcpy(c->url + base, tail, strlen(tail));
    char *at = c->url + base + strlen(tail);
    for (int i = 0; i < 32; i++) {
        at[2 * i] = hex[id[i] >> 4];
        at[2 * i + 1] = hex[id[i] & 15];
    }
    at[64] = '\0';
    voyager_http_request_t req = {"GET", c->url, c->cfg.device_secret, NULL, NULL, -1, NULL, 0};
    c->statement_len = 0;
    memset(&c->resp, 0, sizeof c->resp);
    voyager_err_t err = p->http(p->ctx, &req, &c->resp, collect_statement, c);
    if (err != VOYAGER_OK) {
        return voyager__fail(c, err, "the endorsement of the offer's key could not be fetched; retrying later");
    }
    switch (c->resp.status) {
        case 200:
            return VOYAGER_OK;
        case 401:
            return voyager__fail(c, VOYAGER_ERR_AUTH, "the server refused the device credential (401)");
        case 404:
            return voyager__fail(c, VOYAGER_ERR_OFFER_KEY, "the offer is signed by a key this device does not trust,"
                                 " and the server knows no endorsement of it");
        default:
            return voyager__fail(c, VOYAGER_ERR_OFFER_KEY, "the endorsement of the offer's key was answered with an"
                                 " unexpected HTTP status");
    }
}

/*
 * Learns the offer key named id: its statement must hold a key whose id is id, signed by a key this device
 * trusts already, an offer key or the release key. Kept in the oldest slot; the configured key is never replaced.
 */
static voyager_err_t learn(voyager_client_t *c, const uint8_t id[32]) {
    const voyager_port_t *p = c->cfg.port;
    voyager_learned_keys_t *k = &c->learned;
    uint8_t der[VOYAGER_KEY_DER_LEN];
    uint8_t got[32];
    uint8_t by[32];
    uint8_t signature[64];
    voyager_err_t err = fetch_statement(c, id);
    if (err != VOYAGER_OK) {
        return err;
    }
    if (!voyager_statement_key((const uint8_t *) c->statement, c->statement_len, der)) {
        return voyager__fail(c, VOYAGER_ERR_OFFER_KEY, "the server's endorsement of a new offer key is malformed");
    }
    voyager_key_id(der, got);
    if (memcmp(got, id, 32) != 0) {
        return voyager__fail(c, VOYAGER_ERR_OFFER_KEY, "the endorsed key is not the one the offer names");
    }
    bool named = signed_by(&c->resp, signature, by);
    const uint8_t *endorser = named ? trusted(c, by) : NULL;
    if (named && endorser == NULL && c->has_release_key && memcmp(by, c->release_id, 32) == 0) {
        endorser = c->release_key;
    }
    if (endorser == NULL) {
        return voyager__fail(c, VOYAGER_ERR_OFFER_KEY, "the new offer key is not endorsed by a key this device"
                             " trusts (its offer keys or its release key)");
    }
    sha256(c->statement, c->statement_len, got);
    if (verify(c, endorser, got, signature) != VOYAGER_OK) {
        return voyager__fail(c, VOYAGER_ERR_OFFER_KEY, "the endorsement of the new offer key does not verify");
    }
    uint32_t slot = k->next;
    memcpy(k->der[slot], der, sizeof der);
    memcpy(c->learned_id[slot], id, 32);
    k->magic = LEARNED_MAGIC;
    k->next = (slot + 1) % VOYAGER_OFFER_KEY_SLOTS;
    k->count = k->count < VOYAGER_OFFER_KEY_SLOTS ? k->count + 1 : k->count;
    if (p->state_set(p->ctx, VOYAGER_KEY_OFFER_KEYS, k, sizeof *k) != VOYAGER_OK) {
        /* still trusted until the next boot, which fetches the endorsement again */
        voyager__log(c, VOYAGER_LOG_WARN, "voyager: the new offer key could not be saved");
    }
    voyager__log(c, VOYAGER_LOG_INFO, "voyager: trusts the offer key %02x%02x%02x%02x%02x%02x%02x%02x from now on",
                 id[0], id[1], id[2], id[3], id[4], id[5], id[6], id[7]);
    return VOYAGER_OK;
}

voyager_err_t voyager__authenticate(voyager_client_t *c, const uint8_t digest[32]) {
    uint8_t signature[64];
    uint8_t id[32];
    voyager_err_t err = voyager__prove(c, digest);
    if (err != VOYAGER_OK || !c->has_offer_key) {
        return err;
    }
    /* copied out: fetching an endorsement reuses the response */
    if (!signed_by(&c->resp, signature, id)) {
        return voyager__fail(c, VOYAGER_ERR_UNSIGNED_OFFER, "the answer carries no Voyager-Offer-Signature with its"
                             " Voyager-Offer-Key, but this device takes only signed offers");
    }
    const uint8_t *key = trusted(c, id);
    if (key == NULL) {
        if ((err = learn(c, id)) != VOYAGER_OK) {
            return err;
        }
        key = trusted(c, id);
    }
    err = verify(c, key, digest, signature);
    if (err == VOYAGER_ERR_SIGNATURE) {
        return voyager__fail(c, VOYAGER_ERR_OFFER_SIGNATURE, "the offer's signature does not verify with the offer"
                             " key it names: changed on the way, or not made by the server");
    }
    return err == VOYAGER_OK ? VOYAGER_OK
            : voyager__fail(c, VOYAGER_ERR_CRYPTO, "the offer key could not be used to verify the offer");
}

voyager_err_t voyager__check_release(voyager_client_t *c) {
    const voyager_offer_t *o = &c->offer;
    voyager_manifest_t m;
    const char *why = NULL;
    if (voyager_manifest_parse(&m, c->manifest.bytes, c->manifest.len) != VOYAGER_OK) {
        return voyager__fail(c, VOYAGER_ERR_MANIFEST, "the offer's release manifest is not in its canonical form");
    }
    if (voyager_manifest_agrees(&m, o, c->cfg.product, c->cfg.model, c->cfg.chip, &why) != VOYAGER_OK) {
        return voyager__fail(c, VOYAGER_ERR_MANIFEST_MISMATCH, why);
    }
    if (!c->has_release_key) {
        return VOYAGER_OK;
    }
    if (!o->has_manifest_signature) {
        return voyager__fail(c, VOYAGER_ERR_UNSIGNED, "the release is not signed, but this device installs only"
                             " releases signed by its release key");
    }
    voyager_err_t err = verify(c, c->release_key, o->manifest_sha256, o->manifest_signature);
    if (err == VOYAGER_ERR_SIGNATURE) {
        return voyager__fail(c, err, "the release manifest's signature does not verify with the release key");
    }
    return err == VOYAGER_OK ? VOYAGER_OK
            : voyager__fail(c, VOYAGER_ERR_CRYPTO, "the release key could not be used to verify the manifest");
}
