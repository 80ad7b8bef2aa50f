/*
 * The ESP-IDF port's network half: HTTP through esp_http_client (opened and read as a stream, so a download never
 * needs more than the port's buffer), with the trust and the client certificate of the kind of connection and the
 * application's init hook, and MQTT triggers through the application's esp-mqtt client.
 */
#include <stdio.h>
#include <string.h>

#include "esp_err.h"
#include "esp_http_client.h"
#include "esp_log.h"
#include "mqtt_client.h"
#include "sdkconfig.h"
#if defined(CONFIG_MBEDTLS_CERTIFICATE_BUNDLE)
#include "esp_crt_bundle.h"
#endif

#include "esp_port.h"

#define TAG VOYAGER_ESP_TAG

/* Response headers arrive only as events: esp_http_client_get_header reads the request's. */
static esp_err_t on_event(esp_http_client_event_t *evt) {
    voyager_http_response_t *resp = (voyager_http_response_t *) evt->user_data;
    if (evt->event_id != HTTP_EVENT_ON_HEADER || evt->header_key == NULL || evt->header_value == NULL) {
        return ESP_OK;
    }
    voyager_http_header(resp, evt->header_key, strlen(evt->header_key), evt->header_value,
                        strlen(evt->header_value));
    return ESP_OK;
}

static voyager_err_t set_headers(voyager_esp_port_t *p, esp_http_client_handle_t client,
                                 const voyager_http_request_t *req) {
    char range[32];
    bool ok = true;
    if (req->bearer != NULL) {
        if (strlen(req->bearer) + 8 > sizeof p->auth) {
            ESP_LOGE(TAG, "the device secret is longer than %d characters", VOYAGER_ESP_AUTH_MAX - 8);
            return VOYAGER_ERR_ARG;
        }
        snprintf(p->auth, sizeof p->auth, "Bearer %s", req->bearer);
        ok = esp_http_client_set_header(client, "Authorization", p->auth) == ESP_OK;
    }
    if (ok && req->if_none_match != NULL) {
        ok = esp_http_client_set_header(client, "If-None-Match", req->if_none_match) == ESP_OK;
    }
    if (ok && req->range_from >= 0) {
        snprintf(range, sizeof range, "bytes=%lld-", (long long) req->range_from);
        ok = esp_http_client_set_header(client, "Range", range) == ESP_OK
                && (req->if_range == NULL || esp_http_client_set_header(client, "If-Range", req->if_range) == ESP_OK);
    }
    if (ok && req->body != NULL) {
        ok = esp_http_client_set_header(client, "Content-Type", "application/json") == ESP_OK;
    }
    return ok ? VOYAGER_OK : VOYAGER_ERR_NETWORK;
}

/* Sends the request and reads the status line and headers into resp. */
static voyager_err_t exchange_headers(esp_http_client_handle_t client, const voyager_http_request_t *req,
                                      voyager_http_response_t *resp) {
    int body_len = (int) req->body_len;
    if (esp_http_client_open(client, req->body != NULL ? body_len : 0) != ESP_OK) {
        return VOYAGER_ERR_NETWORK;
    }
    if (req->body != NULL && esp_http_client_write(client, req->body, body_len) != body_len) {
        return VOYAGER_ERR_NETWORK;
    }
    int64_t length = esp_http_client_fetch_headers(client);
    if (length < 0) {
        return VOYAGER_ERR_NETWORK; /* includes -ESP_ERR_HTTP_EAGAIN: no answer within the timeout */
    }
    resp->status = esp_http_client_get_status_code(client);
    resp->content_length = esp_http_client_is_chunked_response(client) ? -1 : length;
    return VOYAGER_OK;
}

/*
 * Only requests to the Voyager server carry the device credential; a download's URL (a CDN's, S3's, or the server's
 * own) never does, so the credential is what tells them apart without the core saying more to the port.
 */
static voyager_esp_conn_t connection_of(const voyager_http_request_t *req) {
    return req->bearer != NULL ? VOYAGER_ESP_CONN_SERVER : VOYAGER_ESP_CONN_DOWNLOAD;
}

/*
 * The trust of one connection. esp_http_client prefers crt_bundle_attach to cert_pem, so at most one is set.
 * Downloads without a setting of their own trust what the server does, as before there were two.
 */
static bool set_trust(const voyager_esp_port_t *p, voyager_esp_conn_t conn, esp_http_client_config_t *cfg) {
    const char *ca = p->cfg.server_ca_pem;
    if (conn == VOYAGER_ESP_CONN_DOWNLOAD && (p->cfg.download_ca_pem != NULL || p->cfg.download_ca_bundle)) {
        ca = p->cfg.download_ca_pem;
    }
    if (conn == VOYAGER_ESP_CONN_SERVER) {
        cfg->client_cert_pem = p->cfg.client_cert_pem;
        cfg->client_key_pem = p->cfg.client_key_pem;
    }
    if (ca != NULL) {
        cfg->cert_pem = ca;
        return true;
    }
#if defined(CONFIG_MBEDTLS_CERTIFICATE_BUNDLE)
    cfg->crt_bundle_attach = esp_crt_bundle_attach;
#else
    if (conn == VOYAGER_ESP_CONN_DOWNLOAD && p->cfg.download_ca_bundle) {
        ESP_LOGE(TAG, "download_ca_bundle needs CONFIG_MBEDTLS_CERTIFICATE_BUNDLE");
        return false;
    }
#endif
    return true;
}

voyager_err_t voyager_esp__http_open(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp) {
    voyager_esp_port_t *p = (voyager_esp_port_t *) ctx;
    esp_http_client_config_t cfg;
    memset(&cfg, 0, sizeof cfg);
    memset(resp, 0, sizeof *resp);
    resp->content_length = -1;
    resp->range_start = -1;
    resp->range_total = -1;
    cfg.url = req->url;
    cfg.method = strcmp(req->method, "POST") == 0 ? HTTP_METHOD_POST : HTTP_METHOD_GET;
    cfg.timeout_ms = p->cfg.timeout_ms;
    cfg.disable_auto_redirect = true; /* the device API answers directly; a redirect is an unexpected status */
    cfg.event_handler = on_event;
    cfg.user_data = resp;
    voyager_esp_conn_t conn = connection_of(req);
    if (!set_trust(p, conn, &cfg)) {
        return VOYAGER_ERR_ARG;
    }
    esp_http_client_handle_t client = esp_http_client_init(&cfg);
    if (client == NULL) {
        return VOYAGER_ERR_NETWORK;
    }
    voyager_err_t err = VOYAGER_OK;
    if (p->cfg.http_init != NULL && p->cfg.http_init(client, conn, p->cfg.http_init_arg) != ESP_OK) {
        ESP_LOGE(TAG, "the application's http_init refused the connection");
        err = VOYAGER_ERR_NETWORK;
    }
    if (err == VOYAGER_OK) {
        err = set_headers(p, client, req);
    }
    if (err == VOYAGER_OK) {
        err = exchange_headers(client, req, resp);
    }
    if (err != VOYAGER_OK) {
        esp_http_client_close(client);
        esp_http_client_cleanup(client);
        return err;
    }
    p->http = client;
    return VOYAGER_OK;
}

voyager_err_t voyager_esp__http_read(void *ctx, voyager_http_body_fn on_body, void *arg, bool *done) {
    voyager_esp_port_t *p = (voyager_esp_port_t *) ctx;
    esp_http_client_handle_t client = (esp_http_client_handle_t) p->http;
    int n = esp_http_client_read(client, p->buf, (int) sizeof p->buf);
    *done = n == 0;
    if (n < 0) {
        return VOYAGER_ERR_NETWORK; /* a broken connection, or silence past the timeout */
    }
    if (n == 0) {
        /* the body ended before its Content-Length */
        return esp_http_client_is_complete_data_received(client) ? VOYAGER_OK : VOYAGER_ERR_NETWORK;
    }
    return on_body(arg, (const uint8_t *) p->buf, (size_t) n);
}

void voyager_esp__http_close(void *ctx) {
    voyager_esp_port_t *p = (voyager_esp_port_t *) ctx;
    esp_http_client_handle_t client = (esp_http_client_handle_t) p->http;
    p->http = NULL;
    esp_http_client_close(client);
    esp_http_client_cleanup(client);
}

voyager_err_t voyager_esp__http(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp,
                                voyager_http_body_fn on_body, void *arg) {
    bool done = false;
    voyager_err_t err = voyager_esp__http_open(ctx, req, resp);
    if (err != VOYAGER_OK) {
        return err;
    }
    while (err == VOYAGER_OK && !done) {
        err = voyager_esp__http_read(ctx, on_body, arg, &done);
    }
    voyager_esp__http_close(ctx);
    return err;
}

static void on_mqtt(void *arg, esp_event_base_t base, int32_t event_id, void *data) {
    voyager_esp_port_t *p = (voyager_esp_port_t *) arg;
    esp_mqtt_event_handle_t event = (esp_mqtt_event_handle_t) data;
    (void) base;
    if (p->on_message == NULL) {
        return;
    }
    if (event_id == MQTT_EVENT_CONNECTED) {
        /* a clean session forgets subscriptions: renew on every connection */
        esp_mqtt_client_subscribe(event->client, p->topic, 1);
    } else if (event_id == MQTT_EVENT_DATA && event->current_data_offset == 0 && event->topic != NULL
            && event->topic_len >= 0 && (size_t) event->topic_len == strlen(p->topic)
            && memcmp(event->topic, p->topic, (size_t) event->topic_len) == 0) {
        /* runs in the MQTT task: the SDK's handler only sets a flag that the next voyager_poll reads */
        p->on_message(p->on_message_arg, p->topic, (const uint8_t *) event->data,
                      event->data_len > 0 ? (size_t) event->data_len : 0);
    }
}

voyager_err_t voyager_esp__mqtt_attach(voyager_esp_port_t *p) {
    if (esp_mqtt_client_register_event(p->cfg.mqtt, MQTT_EVENT_ANY, on_mqtt, p) != ESP_OK) {
        return VOYAGER_ERR_ARG;
    }
    p->port.mqtt_subscribe = voyager_esp__mqtt_subscribe;
    p->port.mqtt_publish = voyager_esp__mqtt_publish;
    return VOYAGER_OK;
}

voyager_err_t voyager_esp__mqtt_subscribe(void *ctx, const char *topic, voyager_mqtt_fn on_message, void *arg) {
    voyager_esp_port_t *p = (voyager_esp_port_t *) ctx;
    size_t n = strlen(topic);
    if (n >= sizeof p->topic) {
        return VOYAGER_ERR_ARG;
    }
    memcpy(p->topic, topic, n + 1);
    p->on_message_arg = arg;
    p->on_message = on_message;
    /* -1 while disconnected: the CONNECTED event subscribes then */
    esp_mqtt_client_subscribe(p->cfg.mqtt, p->topic, 1);
    return VOYAGER_OK;
}

voyager_err_t voyager_esp__mqtt_publish(void *ctx, const char *topic, const void *payload, size_t len) {
    voyager_esp_port_t *p = (voyager_esp_port_t *) ctx;
    /* esp-mqtt takes len 0 as "a C string": an empty message must go as NULL */
    int id = esp_mqtt_client_publish(p->cfg.mqtt, topic, len > 0 ? (const char *) payload : NULL, (int) len, 1, 0);
    return id >= 0 ? VOYAGER_OK : VOYAGER_ERR_NETWORK;
}
