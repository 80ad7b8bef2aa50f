/*
 * An ESP32 on the test bench, running the real ESP-IDF port on the host emulation: the end-to-end fixtures
 * (mkfixtures: factory 1.0.0, v2.bin 2.0.0, bundle3.bin 3.0.0, their offers, keys) in a directory, the stand-in
 * server (mini_server, plain HTTP) serving them, and a device booted through the emulated bootloader, the port's
 * voyager_esp_port_init and voyager_esp_config, then voyager_init, as app_main would.
 */
#ifndef VOYAGER_IDF_HOST_BENCH_H
#define VOYAGER_IDF_HOST_BENCH_H

#include <stdbool.h>

#include "idf_host.h"
#include "voyager/esp_idf.h"

typedef struct {
    char dir[64];                      /* the fixtures and the server's script */
    int server;                        /* its process id */
    char url[64];
    char release_key[512];
    char offer_key[512];
    voyager_esp_port_config_t port_config; /* what bench_firmware_start gives the port; zeroed by bench_new_device */
    voyager_esp_port_t port;
    voyager_client_t client;
    voyager_config_t config;
} bench_t;

extern bench_t bench;

/** cmocka group setup and teardown: the fixtures and the server (paths from IDF_HOST_MKFIXTURES, _MINI_SERVER). */
int bench_start(void **state);
int bench_stop(void **state);

/** A new board (idf_host_reset) with factory.bin in ota_0, booted, the server offering nothing. */
void bench_new_device(void);
/** Power cycle: the bootloader (asserting it chose an image that verifies), then bench_firmware_start. */
void bench_boot(void);
/** The firmware's start: port, configuration, voyager_init, a check due at once. */
void bench_firmware_start(void);
/** The version the running app's descriptor holds. */
const char *bench_running(void);

/** Makes the server offer offer-NAME.json of the fixtures (NULL: nothing); forgets reports, downloads, requests. */
void bench_offer(const char *name);
/** As bench_offer, with the download's URL made absolute at origin ("http://localhost:1234"), another host. */
void bench_offer_at(const char *name, const char *origin);
/** Writes a file of the server's script (cut-after, ignore-range), or removes it when content is NULL. */
void bench_script(const char *name, const char *content);
/** How many lines of a log of the server's (reports.log, downloads.log, requests.log) contain needle. */
int bench_count(const char *log, const char *needle);

/** The Range start of the server's n-th download since bench_offer (0 the first), -1 for none. */
long bench_range(int n);

/** Offers offer-NAME.json and polls once, which installs it: the poll says restart. */
void bench_install(const char *name);

/** Polls as a firmware loop would, the clock moving past any backoff, until the poll says restart (or rounds). */
voyager_err_t bench_poll_until_restart(int rounds);

#endif
