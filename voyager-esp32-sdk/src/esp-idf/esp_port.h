/* What the ESP-IDF port's files share: voyager_port_esp_idf.c (flash, boot, state), voyager_esp_net.c (network). */
#ifndef VOYAGER_ESP_PORT_H
#define VOYAGER_ESP_PORT_H

#include "voyager/esp_idf.h"

#define VOYAGER_ESP_TAG "voyager"

/* port.http: one exchange through esp_http_client, the body streamed through p->buf. */
voyager_err_t voyager_esp__http(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp,
                                voyager_http_body_fn on_body, void *arg);
/* port.http_open, _read and _close: the same exchange in pieces, for voyager_perform_step; one open at a time. */
voyager_err_t voyager_esp__http_open(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp);
voyager_err_t voyager_esp__http_read(void *ctx, voyager_http_body_fn on_body, void *arg, bool *done);
void voyager_esp__http_close(void *ctx);
/* voyager_esp_pairing.c. Records beside the image in app (image_len bytes) that its UI slot is ui. */
voyager_err_t voyager_esp__pairing_write(const esp_partition_t *app, uint32_t image_len, uint8_t ui);
/* The UI slot the record beside the running image names, if it is that image's; 0 otherwise. */
uint8_t voyager_esp__pairing_read(const esp_partition_t *running);
/* port.mqtt_subscribe and port.mqtt_publish over the application's esp-mqtt client. */
voyager_err_t voyager_esp__mqtt_subscribe(void *ctx, const char *topic, voyager_mqtt_fn on_message, void *arg);
voyager_err_t voyager_esp__mqtt_publish(void *ctx, const char *topic, const void *payload, size_t len);
/* Registers for the client's events: subscriptions are renewed on every (re)connection. */
voyager_err_t voyager_esp__mqtt_attach(voyager_esp_port_t *p);

#endif
