/*
 * A firmware that uses the whole client API, for the cross-compile check: linked with --gc-sections, what is left
 * of the portable core is what a device pays for it. The port is a stub; this program is never run.
 */
#include "voyager/voyager.h"

static voyager_err_t http(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp,
                          voyager_http_body_fn on_body, void *arg) {
    (void) ctx;
    (void) req;
    resp->status = 204;
    return on_body(arg, (const uint8_t *) "", 0);
}

static voyager_err_t part_begin(void *ctx, voyager_part_t part, uint32_t size, uint32_t offset) {
    (void) ctx;
    (void) part;
    return size >= offset ? VOYAGER_OK : VOYAGER_ERR_ARG;
}

static voyager_err_t part_write(void *ctx, voyager_part_t part, uint32_t offset, const uint8_t *data, size_t len) {
    (void) ctx;
    (void) part;
    (void) offset;
    return data != 0 && len > 0 ? VOYAGER_OK : VOYAGER_ERR_ARG;
}

static voyager_err_t part_end(void *ctx, voyager_part_t part) {
    (void) ctx;
    (void) part;
    return VOYAGER_OK;
}

static void part_abort(void *ctx, voyager_part_t part) {
    (void) ctx;
    (void) part;
}

static voyager_err_t set_boot(void *ctx, bool with_ui) {
    (void) ctx;
    return with_ui ? VOYAGER_OK : VOYAGER_OK;
}

static voyager_err_t state_get(void *ctx, const char *key, void *buf, size_t cap, size_t *len) {
    (void) ctx;
    (void) key;
    (void) buf;
    (void) cap;
    *len = 0;
    return VOYAGER_OK;
}

static voyager_err_t state_set(void *ctx, const char *key, const void *data, size_t len) {
    (void) ctx;
    (void) key;
    (void) data;
    (void) len;
    return VOYAGER_OK;
}

static voyager_err_t verify_p256(void *ctx, const char *key, size_t key_len, const uint8_t digest[32],
                                 const uint8_t signature[64]) {
    (void) ctx;
    (void) key;
    return key_len > 0 && digest[0] == signature[0] ? VOYAGER_OK : VOYAGER_ERR_SIGNATURE;
}

static voyager_err_t hmac_sha256(void *ctx, const uint8_t *key, size_t key_len, const uint8_t *data, size_t len,
                                 uint8_t mac[32]) {
    (void) ctx;
    for (size_t i = 0; i < 32; i++) {
        mac[i] = (uint8_t) ((key_len > 0 ? key[i % key_len] : 0) ^ (len > 0 ? data[i % len] : 0));
    }
    return VOYAGER_OK;
}

static voyager_err_t fill_random(void *ctx, uint8_t *buf, size_t len) {
    (void) ctx;
    for (size_t i = 0; i < len; i++) {
        buf[i] = (uint8_t) i;
    }
    return VOYAGER_OK;
}

static const voyager_port_t port = {
    .http = http, .part_begin = part_begin, .part_write = part_write, .part_end = part_end,
    .part_abort = part_abort, .set_boot = set_boot, .state_get = state_get, .state_set = state_set,
    .verify_p256 = verify_p256, .hmac_sha256 = hmac_sha256, .random = fill_random,
};

#define KEY "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAERKNRyj0X3mLc7AfghiZamR3dPy6X\n" \
        "TNG3cAYqRtUFbCpetMdJTBp2Mwl4hHa4Ro7pedkBUxtuwwGNmm/RAUv3TA==\n-----END PUBLIC KEY-----\n"

static voyager_client_t client;

int main(void) {
    voyager_config_t cfg = {
        .server_url = "https://ota.example.com/v1", .device_id = "24:0a:c4:12:34:56", .device_secret = "secret",
        .product = "locker", .model = "locker-c3", .chip = VOYAGER_CHIP_ESP32C3, .running_version = "1.0.0",
        .release_key = KEY, .offer_key = KEY, .port = &port,
    };
    if (voyager_init(&client, &cfg) != VOYAGER_OK) {
        return 1;
    }
    if (voyager_boot_outcome(&client) == VOYAGER_BOOT_NEW_FIRMWARE) {
        voyager_mark_valid(&client);
    }
    voyager_request_check(&client);
    return voyager_poll(&client) == VOYAGER_OK ? 2 : 0;
}
