/*
 * The POSIX port: HTTP with libcurl, partitions and otadata in a flash file (the emulated ESP32 flash), the
 * persistent state as files written atomically, ECDSA verification with mbedTLS, MQTT with libmosquitto, the
 * monotonic and wall clocks, logs on stderr. It runs the device simulator and the end-to-end tests.
 */
#ifndef VOYAGER_POSIX_H
#define VOYAGER_POSIX_H

#include <stdbool.h>
#include <stdint.h>

#include "vflash.h"
#include "voyager/port.h"

typedef struct {
    vflash_t flash;                 /* first: the flash functions take the port context as a vflash_t */
    char flash_path[512];
    char state_dir[512];
    void *curl;                     /* CURL *, reused across requests (keeps connections alive) */
    long timeout_s;                 /* a transfer that stalls this long is broken off */
    struct mosquitto *mosq;
    voyager_mqtt_fn on_message;
    void *on_message_arg;
    bool verbose;
} voyager_posix_t;

/** Opens (or creates) the device's data directory: flash.bin and nvs/. 0 on success. */
int voyager_posix_open(voyager_posix_t *p, const char *data_dir, uint32_t app_size, uint32_t ui_size);
void voyager_posix_close(voyager_posix_t *p);
/** Fills every function of the port table. */
void voyager_posix_port(voyager_posix_t *p, voyager_port_t *port);

/** The port's http function, for ports that take their HTTP from libcurl and the rest elsewhere. */
voyager_err_t voyager_posix_http(void *ctx, const voyager_http_request_t *req, voyager_http_response_t *resp,
                                 voyager_http_body_fn on_body, void *arg);

/** Connects to an MQTT broker ("mqtt://host:port"); messages arrive while voyager_posix_mqtt_loop runs. */
int voyager_posix_mqtt_connect(voyager_posix_t *p, const char *url, const char *client_id);
/** Handles MQTT traffic for up to timeout_ms, in the caller's thread. */
void voyager_posix_mqtt_loop(voyager_posix_t *p, int timeout_ms);

#endif
