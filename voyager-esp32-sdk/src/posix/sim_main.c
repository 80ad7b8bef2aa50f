/*
 * voyager-sim: a device simulator. Its flash (two app slots, two UI slots, otadata) and NVS live in a data
 * directory, so it survives being killed like a device survives losing power. Each run boots what the flash
 * holds, settles the last update (marks new firmware valid after its "health check", or reports the rollback),
 * then polls the server: check, download (resuming), verify, switch, "restart" into the new slot, and so on.
 *
 *   voyager-sim SERVER_URL DEVICE_ID SECRET PRODUCT MODEL DATA_DIR [options]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "voyager/voyager.h"
#include "voyager_posix.h"

typedef struct {
    const char *factory;
    const char *key_file;
    const char *offer_key_file;
    bool allow_unsigned_offers;
    bool allow_unsigned_releases;
    bool allow_insecure_http;
    const char *mqtt;
    voyager_chip_t chip;
    uint32_t secure_version;
    int rounds;
    int wait_ms;
    long power_cut_after;
    int battery;
    bool crash_new;
    bool verbose;
    uint32_t app_kb;
    uint32_t ui_kb;
    uint32_t min_bytes;
    uint32_t window_s;
    uint32_t deadline_s;
} options_t;

static const options_t *active;

static void usage(void) {
    fprintf(stderr, "usage: voyager-sim SERVER_URL DEVICE_ID SECRET PRODUCT MODEL DATA_DIR [options]\n"
            "  --chip NAME             the device's chip: esp32, esp32s2, esp32c3, esp32s3 (default), esp32c2,\n"
            "                          esp32c6, esp32h2, esp32p4, esp32c61, esp32c5\n"
            "  --factory FILE          the image to flash into slot 0 when DATA_DIR holds no bootable one\n"
            "  --release-key FILE      the release key (PEM): only releases it signed are installed\n"
            "  --offer-key FILE        the server's offer key (PEM): only offers it signed are taken\n"
            "  --allow-unsigned-releases   without --release-key: install releases nobody signed\n"
            "  --allow-unsigned-offers     without --offer-key: take offers nobody signed\n"
            "  --allow-insecure-http       take an http:// SERVER_URL (the secret goes in clear)\n"
            "  --secure-version N      the device's anti-rollback epoch (default 0)\n"
            "  --battery N             report a battery level of N percent\n"
            "  --mqtt URL              listen for triggers (devices/<id>/ota) on mqtt://host:port\n"
            "  --wait-ms N             with --mqtt: how long to wait for a trigger when there is nothing to do\n"
            "  --rounds N              polls before giving up (default 8)\n"
            "  --power-cut-after N     lose power once N bytes of an artifact are written (exit code 3)\n"
            "  --crash-new             new firmware crashes before marking itself valid (exit code 4)\n"
            "  --app-slot-kb N, --ui-slot-kb N   slot sizes (default 1024 and 256)\n"
            "  --download-min-bytes N, --download-window-s S   cut a download that gets fewer than N bytes in\n"
            "                          S seconds (defaults: the SDK's, 4096 in 30 s)\n"
            "  --download-deadline-s S stop downloading after S seconds per poll (default: the SDK's, 1800)\n"
            "  --verbose\n"
            "exit codes: 0 done, 1 usage, 2 an update failed, 3 power cut, 4 crash, 5 nothing bootable\n");
    exit(1);
}

static voyager_chip_t chip_named(const char *name) {
    for (unsigned id = 0; id < 64; id++) {
        const char *known = voyager_chip_name((voyager_chip_t) id);
        if (known != NULL && strcmp(known, name) == 0) {
            return (voyager_chip_t) id;
        }
    }
    fprintf(stderr, "voyager-sim: unknown chip %s\n", name);
    usage();
    return VOYAGER_CHIP_ANY;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long n;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0
            || (data = malloc((size_t) n + 1)) == NULL || fread(data, 1, (size_t) n, f) != (size_t) n) {
        fprintf(stderr, "voyager-sim: cannot read %s\n", path);
        exit(1);
    }
    fclose(f);
    data[n] = '\0';
    *len = (size_t) n;
    return data;
}

static void parse(int argc, char **argv, options_t *o) {
    memset(o, 0, sizeof *o);
    o->chip = VOYAGER_CHIP_ESP32S3;
    o->rounds = 8;
    o->battery = -1;
    o->app_kb = 1024;
    o->ui_kb = 256;
    for (int i = 7; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes = true;
        if (strcmp(a, "--chip") == 0 && v) o->chip = chip_named(v);
        else if (strcmp(a, "--factory") == 0 && v) o->factory = v;
        else if (strcmp(a, "--release-key") == 0 && v) o->key_file = v;
        else if (strcmp(a, "--offer-key") == 0 && v) o->offer_key_file = v;
        else if (strcmp(a, "--secure-version") == 0 && v) o->secure_version = (uint32_t) strtoul(v, NULL, 10);
        else if (strcmp(a, "--battery") == 0 && v) o->battery = atoi(v);
        else if (strcmp(a, "--mqtt") == 0 && v) o->mqtt = v;
        else if (strcmp(a, "--wait-ms") == 0 && v) o->wait_ms = atoi(v);
        else if (strcmp(a, "--rounds") == 0 && v) o->rounds = atoi(v);
        else if (strcmp(a, "--power-cut-after") == 0 && v) o->power_cut_after = atol(v);
        else if (strcmp(a, "--app-slot-kb") == 0 && v) o->app_kb = (uint32_t) strtoul(v, NULL, 10);
        else if (strcmp(a, "--ui-slot-kb") == 0 && v) o->ui_kb = (uint32_t) strtoul(v, NULL, 10);
        else if (strcmp(a, "--download-min-bytes") == 0 && v) o->min_bytes = (uint32_t) strtoul(v, NULL, 10);
        else if (strcmp(a, "--download-window-s") == 0 && v) o->window_s = (uint32_t) strtoul(v, NULL, 10);
        else if (strcmp(a, "--download-deadline-s") == 0 && v) o->deadline_s = (uint32_t) strtoul(v, NULL, 10);
        else {
            takes = false;
            if (strcmp(a, "--crash-new") == 0) o->crash_new = true;
            else if (strcmp(a, "--allow-unsigned-releases") == 0) o->allow_unsigned_releases = true;
            else if (strcmp(a, "--allow-unsigned-offers") == 0) o->allow_unsigned_offers = true;
            else if (strcmp(a, "--allow-insecure-http") == 0) o->allow_insecure_http = true;
            else if (strcmp(a, "--verbose") == 0) o->verbose = true;
            else usage();
        }
        i += takes;
    }
}

static void on_progress(void *user, uint32_t done, uint32_t total) {
    (void) user;
    (void) total;
    if (active->power_cut_after > 0 && done >= (uint32_t) active->power_cut_after) {
        printf("voyager-sim: power cut after %lu of %lu bytes\n", (unsigned long) done, (unsigned long) total);
        fflush(stdout);
        _exit(3); /* no cleanup, as when the power goes: what is on flash and in NVS stays */
    }
}

static int battery(void *user) {
    (void) user;
    return active->battery;
}

static void describe(const char *what, const voyager_posix_t *p) {
    printf("voyager-sim: %s %s (slot %u, %s)\n", what, p->flash.version, (unsigned) p->flash.app,
           p->flash.boot_state == VOYAGER_BOOT_PENDING_VERIFY ? "pending verify" : "valid");
    fflush(stdout);
}

int main(int argc, char **argv) {
    static voyager_posix_t p;
    static voyager_client_t client;
    voyager_port_t port;
    options_t o;
    if (argc < 7) {
        usage();
    }
    parse(argc, argv, &o);
    active = &o;
    if (voyager_posix_open(&p, argv[6], o.app_kb * 1024u, o.ui_kb * 1024u) != 0) {
        fprintf(stderr, "voyager-sim: cannot open the data directory %s\n", argv[6]);
        return 1;
    }
    p.verbose = o.verbose;
    voyager_posix_port(&p, &port);
    size_t key_len = 0;
    char *key = o.key_file != NULL ? read_file(o.key_file, &key_len) : NULL;
    char *offer_key = o.offer_key_file != NULL ? read_file(o.offer_key_file, &key_len) : NULL;
    if (vflash_boot(&p.flash) != 0) {
        if (o.factory == NULL) {
            fprintf(stderr, "voyager-sim: nothing bootable in %s: give --factory\n", argv[6]);
            return 5;
        }
        size_t len;
        char *image = read_file(o.factory, &len);
        if (vflash_flash_factory(&p.flash, (const uint8_t *) image, len, NULL, 0) != 0) {
            fprintf(stderr, "voyager-sim: %s is not a bootable image for a %u KiB slot\n", o.factory, o.app_kb);
            return 5;
        }
        free(image);
    }
    voyager_config_t cfg = {
        .server_url = argv[1], .device_id = argv[2], .device_secret = argv[3], .product = argv[4],
        .model = argv[5], .chip = o.chip, .secure_version = o.secure_version, .release_key = key,
        .offer_key = offer_key, .allow_unsigned_releases = o.allow_unsigned_releases,
        .allow_unsigned_offers = o.allow_unsigned_offers, .allow_insecure_http = o.allow_insecure_http,
        .download_min_bytes = o.min_bytes, .download_rate_window_s = o.window_s,
        .download_deadline_s = o.deadline_s, .on_progress = on_progress, .battery = battery, .port = &port,
        .retry_base_s = 1, .retry_max_s = 1, /* one device on a bench: retries within a second */
    };
    if (o.mqtt != NULL && voyager_posix_mqtt_connect(&p, o.mqtt, argv[2]) != 0) {
        fprintf(stderr, "voyager-sim: cannot connect to %s\n", o.mqtt);
        return 1;
    }
    for (int round = 0;; round++) {
        /* a boot: the firmware in the booted slot starts and runs the SDK */
        if (round > 0 && vflash_boot(&p.flash) != 0) {
            printf("voyager-sim: nothing bootable\n");
            return 5;
        }
        describe("booted", &p);
        cfg.running_version = p.flash.version;
        voyager_err_t err = voyager_init(&client, &cfg);
        if (err != VOYAGER_OK) {
            fprintf(stderr, "voyager-sim: %s: %s\n", voyager_err_code(err), voyager_last_error(&client));
            return 1;
        }
        if (voyager_boot_outcome(&client) == VOYAGER_BOOT_ROLLED_BACK) {
            printf("voyager-sim: the last update was rolled back\n");
        }
        if (voyager_boot_outcome(&client) == VOYAGER_BOOT_NEW_FIRMWARE) {
            if (o.crash_new) {
                printf("voyager-sim: new firmware crashed before marking itself valid\n");
                return 4;
            }
            voyager_mark_valid(&client);
            describe("marked valid", &p);
        }
        if (o.mqtt != NULL) {
            voyager_mqtt_subscribe(&client);
        }
        voyager_request_check(&client); /* each boot checks at once, without the first check's jitter */
        for (int poll = 0;; poll++) {
            if (poll >= o.rounds) {
                describe("gave up after polling; running", &p);
                return 2;
            }
            err = voyager_poll(&client);
            /* before its first update of this run, the device waits for a trigger when there is nothing to do */
            for (int waited = 0; err == VOYAGER_NO_UPDATE && o.mqtt != NULL && round == 0 && waited < o.wait_ms;
                 waited += 100) {
                voyager_posix_mqtt_loop(&p, 100);
                err = voyager_poll(&client);
            }
            if (err == VOYAGER_OK) {
                printf("voyager-sim: restarting into the new firmware\n");
                break;
            }
            if (err == VOYAGER_NO_UPDATE) {
                printf("voyager-sim: no update (%s)\n", voyager_no_update_reason(&client));
                describe("running", &p);
                voyager_posix_close(&p);
                free(key);
                free(offer_key);
                return 0;
            }
            printf("voyager-sim: %s: %s\n", voyager_err_code(err), voyager_last_error(&client));
            if (err != VOYAGER_ERR_NETWORK && err != VOYAGER_ERR_EXPIRED && err != VOYAGER_ERR_TOO_SLOW) {
                describe("running", &p);
                return 2;
            }
            sleep(1); /* out of the backoff (at most retry_max_s): the next poll tries again */
        }
    }
}
