/*
 * The ESP-IDF port, part one: HTTP (esp_http_client) and the flash slots (esp_ota_ops, esp_partition).
 *
 * The firmware is written with esp_partition_* into esp_ota_get_next_update_partition() rather than through
 * esp_ota_write, because esp_ota_begin erases from the start and cannot continue a download at an offset after
 * a reboot. esp_ota_set_boot_partition validates the image before it switches, as esp_ota_end would have.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "esp_app_desc.h"
#include "esp_http_client.h"
#include "esp_ota_ops.h"
#include "nvs.h"
#include "sdkconfig.h"
#include "voyager/esp.h"
#include "voyager_esp_internal.h"
#if CONFIG_MBEDTLS_CERTIFICATE_BUNDLE
#include "esp_crt_bundle.h"
#endif

#define SECTOR 4096u

voyager_esp_t voyager_esp;

/* ---- HTTP ---- */

typedef struct {
    voyager_http_response_t *resp;
} headers_t;

static void copy_value(const char *v, char *out, size_t cap) {
    size_t n = strlen(v);
    out[0] = '\0';
    if (n < cap) {
        memcpy(out, v, n + 1);
    }
}

static esp_err_t on_event(esp_http_client_event_t *evt) {
    headers_t *h = (headers_t *) evt->user_data;
    if (evt->event_id != HTTP_EVENT_ON_HEADER || h == NULL) {
        return ESP_OK;
    }
    voyager_http_response_t *r = h->resp;
    const char *key = evt->header_key;
    const char *value = evt->header_value;
    if (strcasecmp(key, "ETag") == 0) {
        copy_value(value, r->etag, sizeof r->etag);
    } else if (strcasecmp(key, "X-Voyager-Reason") == 0) {
        copy_value(value, r->reason, sizeof r->reason);
    } else if (strcasecmp(key, "Content-Range") == 0) {
        voyager_http_content_range(r, value);
    }
    return ESP_OK;
}

voyager_err_t voyager_esp_http(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp,
                               voyager_http_body_fn on_body, void *arg) {
    voyager_esp_t *esp = (voyager_esp_t *) ctx;
    headers_t headers = {resp};
    char value[300];
    memset(resp, 0, sizeof *resp);
    resp->content_length = resp->range_start = resp->range_total = -1;
    esp_http_client_config_t config = {
        .url = req->url,
        .event_handler = on_event,
        .user_data = &headers,
        .timeout_ms = esp->cfg.timeout_ms,
        .disable_auto_redirect = true,
        .cert_pem = esp->cfg.server_cert_pem,
        .buffer_size = 1024,
    };
#if CONFIG_MBEDTLS_CERTIFICATE_BUNDLE
    if (esp->cfg.server_cert_pem == NULL) {
        config.crt_bundle_attach = esp_crt_bundle_attach;
    }
#endif
    esp_http_client_handle_t client = esp_http_client_init(&config);
    if (client == NULL) {
        return VOYAGER_ERR_NETWORK;
    }
    esp_http_client_set_method(client, strcmp(req->method, "POST") == 0 ? HTTP_METHOD_POST : HTTP_METHOD_GET);
    if (req->bearer != NULL) {
        snprintf(value, sizeof value, "Bearer %s", req->bearer);
        esp_http_client_set_header(client, "Authorization", value);
    }
    if (req->if_none_match != NULL) {
        esp_http_client_set_header(client, "If-None-Match", req->if_none_match);
    }
    if (req->range_from >= 0) {
        snprintf(value, sizeof value, "bytes=%lld-", (long long) req->range_from);
        esp_http_client_set_header(client, "Range", value);
        if (req->if_range != NULL) {
            esp_http_client_set_header(client, "If-Range", req->if_range);
        }
    }
    if (req->body != NULL) {
        esp_http_client_set_header(client, "Content-Type", "application/json");
    }
    voyager_err_t result = VOYAGER_ERR_NETWORK;
    int body_len = req->body != NULL ? (int) req->body_len : 0;
    if (esp_http_client_open(client, body_len) == ESP_OK
            && (body_len == 0 || esp_http_client_write(client, req->body, body_len) == body_len)) {
        int64_t length = esp_http_client_fetch_headers(client);
        if (length >= 0) {
            resp->status = esp_http_client_get_status_code(client);
            resp->content_length = esp_http_client_is_chunked_response(client) ? -1 : length;
            int64_t got = 0;
            int n;
            result = VOYAGER_OK;
            while (result == VOYAGER_OK
                    && (n = esp_http_client_read(client, (char *) esp->buffer, sizeof esp->buffer)) > 0) {
                got += n;
                result = on_body(arg, esp->buffer, (size_t) n);
            }
            /* a body that ended before its Content-Length is a broken connection */
            if (result == VOYAGER_OK && (n < 0 || (resp->content_length >= 0 && got < resp->content_length))) {
                result = VOYAGER_ERR_NETWORK;
            }
        }
    }
    esp_http_client_close(client);
    esp_http_client_cleanup(client);
    return result;
}

/* ---- flash slots ---- */

/* The UI partition paired with an app slot, as recorded in NVS ("vy_ui_<subtype>"), or slot 0's by default. */
static int ui_index_for(const esp_partition_t *app) {
    char key[16];
    uint8_t index = 0;
    snprintf(key, sizeof key, "vy_ui_%02x", (unsigned) app->subtype);
    if (nvs_get_u8(voyager_esp.nvs, key, &index) != ESP_OK || index > 1) {
        index = 0;
    }
    return index;
}

static const esp_partition_t *ui_partition(int index) {
    static const char *const labels[2] = {CONFIG_VOYAGER_UI_PARTITION_0, CONFIG_VOYAGER_UI_PARTITION_1};
    return esp_partition_find_first(ESP_PARTITION_TYPE_DATA, ESP_PARTITION_SUBTYPE_ANY, labels[index]);
}

const esp_partition_t *voyager_esp_ui_partition(void) {
    return voyager_esp.ready ? ui_partition(ui_index_for(esp_ota_get_running_partition())) : ui_partition(0);
}

const char *voyager_esp_running_version(void) {
    return esp_app_get_description()->version;
}

static voyager_err_t part_begin(void *ctx, voyager_part_t part, uint32_t size, uint32_t offset) {
    voyager_esp_t *esp = (voyager_esp_t *) ctx;
    const esp_partition_t *target;
    if (part == VOYAGER_PART_FIRMWARE) {
        target = esp_ota_get_next_update_partition(NULL);
    } else {
        esp->ui_index = 1 - ui_index_for(esp_ota_get_running_partition());
        target = ui_partition(esp->ui_index);
    }
    if (target == NULL) {
        return VOYAGER_ERR_NOT_SUPPORTED;
    }
    if (size > target->size) {
        return VOYAGER_ERR_TOO_LARGE;
    }
    /* keep the sector a resumed download stopped in; erase the rest of what the image needs */
    uint32_t from = (offset + SECTOR - 1) / SECTOR * SECTOR;
    uint32_t to = (size + SECTOR - 1) / SECTOR * SECTOR;
    if (from < to && esp_partition_erase_range(target, from, to - from) != ESP_OK) {
        return VOYAGER_ERR_FLASH;
    }
    esp->target[part] = target;
    return VOYAGER_OK;
}

static voyager_err_t part_write(void *ctx, voyager_part_t part, uint32_t offset, const uint8_t *data, size_t len) {
    voyager_esp_t *esp = (voyager_esp_t *) ctx;
    const esp_partition_t *target = esp->target[part];
    if (target == NULL) {
        return VOYAGER_ERR_STATE;
    }
    size_t whole = len - len % 16;
    if (whole > 0 && esp_partition_write(target, offset, data, whole) != ESP_OK) {
        return VOYAGER_ERR_FLASH;
    }
    if (whole < len) {
        /* a part's last, short block: encrypted flash takes whole 16-byte blocks, so pad it as erased flash */
        uint8_t block[16];
        memset(block, 0xff, sizeof block);
        memcpy(block, data + whole, len - whole);
        if (esp_partition_write(target, offset + whole, block, target->encrypted ? 16 : len - whole) != ESP_OK) {
            return VOYAGER_ERR_FLASH;
        }
    }
    return VOYAGER_OK;
}

static voyager_err_t part_end(void *ctx, voyager_part_t part) {
    return ((voyager_esp_t *) ctx)->target[part] != NULL ? VOYAGER_OK : VOYAGER_ERR_STATE;
}

static void part_abort(void *ctx, voyager_part_t part) {
    ((voyager_esp_t *) ctx)->target[part] = NULL;
}

/*
 * Records which UI partition the new firmware uses, then switches otadata (one atomic write). If the power goes
 * in between, the old firmware boots with its own, unchanged, record: firmware and UI switch together or not.
 */
static voyager_err_t set_boot(void *ctx, bool with_ui) {
    voyager_esp_t *esp = (voyager_esp_t *) ctx;
    const esp_partition_t *app = esp->target[VOYAGER_PART_FIRMWARE];
    char key[16];
    if (app == NULL || (with_ui && esp->target[VOYAGER_PART_UI] == NULL)) {
        return VOYAGER_ERR_STATE;
    }
    int ui = with_ui ? esp->ui_index : ui_index_for(esp_ota_get_running_partition());
    snprintf(key, sizeof key, "vy_ui_%02x", (unsigned) app->subtype);
    if (nvs_set_u8(esp->nvs, key, (uint8_t) ui) != ESP_OK || nvs_commit(esp->nvs) != ESP_OK) {
        return VOYAGER_ERR_STORAGE;
    }
    esp_err_t err = esp_ota_set_boot_partition(app);
    esp->target[0] = esp->target[1] = NULL;
    return err == ESP_OK ? VOYAGER_OK : err == ESP_ERR_OTA_VALIDATE_FAILED ? VOYAGER_ERR_IMAGE : VOYAGER_ERR_FLASH;
}

static voyager_boot_state_t boot_state(void *ctx) {
    esp_ota_img_states_t state;
    (void) ctx;
    if (esp_ota_get_state_partition(esp_ota_get_running_partition(), &state) != ESP_OK) {
        return VOYAGER_BOOT_VALID; /* a factory app, or no otadata */
    }
    return state == ESP_OTA_IMG_PENDING_VERIFY ? VOYAGER_BOOT_PENDING_VERIFY : VOYAGER_BOOT_VALID;
}

static voyager_err_t mark_valid(void *ctx) {
    (void) ctx;
    return esp_ota_mark_app_valid_cancel_rollback() == ESP_OK ? VOYAGER_OK : VOYAGER_ERR_FLASH;
}

static voyager_err_t rollback(void *ctx) {
    (void) ctx;
    esp_ota_mark_app_invalid_rollback_and_reboot(); /* returns only when there is nothing to go back to */
    return VOYAGER_ERR_FLASH;
}

void voyager_esp_flash_port(voyager_port_t *port) {
    port->part_begin = part_begin;
    port->part_write = part_write;
    port->part_end = part_end;
    port->part_abort = part_abort;
    port->set_boot = set_boot;
    port->boot_state = boot_state;
    port->mark_valid = mark_valid;
    port->rollback = rollback;
}
