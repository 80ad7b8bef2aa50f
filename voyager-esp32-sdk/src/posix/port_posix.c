/* The POSIX port: the emulated flash in a file, libcurl, mbedTLS, libmosquitto, clocks, /dev/urandom, stderr. */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <mosquitto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "voyager_mbedtls.h"
#include "voyager_posix.h"

int voyager_posix_open(voyager_posix_t *p, const char *data_dir, uint32_t app_size, uint32_t ui_size) {
    memset(p, 0, sizeof *p);
    if (mkdir(data_dir, 0755) != 0 && errno != EEXIST) {
        return -1;
    }
    snprintf(p->flash_path, sizeof p->flash_path, "%s/flash.bin", data_dir);
    snprintf(p->state_dir, sizeof p->state_dir, "%s/nvs", data_dir);
    if (mkdir(p->state_dir, 0755) != 0 && errno != EEXIST) {
        return -1;
    }
    if (vflash_open(&p->flash, p->flash_path, p->state_dir, app_size, ui_size) != 0) {
        return -1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    p->curl = curl_easy_init();
    p->timeout_s = 30;
    return p->curl != NULL ? 0 : -1;
}

void voyager_posix_close(voyager_posix_t *p) {
    if (p->mosq != NULL) {
        mosquitto_disconnect(p->mosq);
        mosquitto_destroy(p->mosq);
        mosquitto_lib_cleanup();
    }
    if (p->curl != NULL) {
        curl_easy_cleanup(p->curl);
        curl_global_cleanup();
    }
    vflash_close(&p->flash);
}

static uint64_t now_ms(void *ctx) {
    struct timespec ts;
    (void) ctx;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000u + (uint64_t) ts.tv_nsec / 1000000u;
}

static int64_t unix_time(void *ctx) {
    (void) ctx;
    return (int64_t) time(NULL);
}

static void log_line(void *ctx, voyager_log_level_t level, const char *fmt, va_list args) {
    static const char *const names[] = {"E", "W", "I", "D"};
    voyager_posix_t *p = (voyager_posix_t *) ctx;
    if (level == VOYAGER_LOG_DEBUG && !p->verbose) {
        return;
    }
    fprintf(stderr, "%s ", names[level]);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
}

static void on_mqtt(struct mosquitto *mosq, void *obj, const struct mosquitto_message *m) {
    voyager_posix_t *p = (voyager_posix_t *) obj;
    (void) mosq;
    if (p->on_message != NULL) {
        p->on_message(p->on_message_arg, m->topic, (const uint8_t *) m->payload, (size_t) m->payloadlen);
    }
}

int voyager_posix_mqtt_connect(voyager_posix_t *p, const char *url, const char *client_id) {
    char host[256];
    int port = 1883;
    if (sscanf(url, "mqtt://%255[^:/]:%d", host, &port) < 1) {
        return -1;
    }
    mosquitto_lib_init();
    p->mosq = mosquitto_new(client_id, true, p);
    if (p->mosq == NULL) {
        return -1;
    }
    mosquitto_message_callback_set(p->mosq, on_mqtt);
    return mosquitto_connect(p->mosq, host, port, 30) == MOSQ_ERR_SUCCESS ? 0 : -1;
}

void voyager_posix_mqtt_loop(voyager_posix_t *p, int timeout_ms) {
    if (p->mosq != NULL && mosquitto_loop(p->mosq, timeout_ms, 1) != MOSQ_ERR_SUCCESS) {
        mosquitto_reconnect(p->mosq);
    }
}

static voyager_err_t mqtt_subscribe(void *ctx, const char *topic, voyager_mqtt_fn on_message, void *arg) {
    voyager_posix_t *p = (voyager_posix_t *) ctx;
    if (p->mosq == NULL) {
        return VOYAGER_ERR_NOT_SUPPORTED;
    }
    p->on_message = on_message;
    p->on_message_arg = arg;
    return mosquitto_subscribe(p->mosq, NULL, topic, 1) == MOSQ_ERR_SUCCESS ? VOYAGER_OK : VOYAGER_ERR_NETWORK;
}

static voyager_err_t mqtt_publish(void *ctx, const char *topic, const void *payload, size_t len) {
    voyager_posix_t *p = (voyager_posix_t *) ctx;
    if (p->mosq == NULL) {
        return VOYAGER_ERR_NOT_SUPPORTED;
    }
    return mosquitto_publish(p->mosq, NULL, topic, (int) len, payload, 1, false) == MOSQ_ERR_SUCCESS
            ? VOYAGER_OK : VOYAGER_ERR_NETWORK;
}

/* The kernel's CSPRNG; a device without one would be a device that cannot check. */
static voyager_err_t fill_random(void *ctx, uint8_t *buf, size_t len) {
    (void) ctx;
    int fd = open("/dev/urandom", O_RDONLY);
    size_t done = 0;
    while (fd >= 0 && done < len) {
        ssize_t n = read(fd, buf + done, len - done);
        if (n <= 0 && !(n < 0 && errno == EINTR)) {
            break;
        }
        done += n > 0 ? (size_t) n : 0;
    }
    if (fd >= 0) {
        close(fd);
    }
    return done == len ? VOYAGER_OK : VOYAGER_ERR_CRYPTO;
}

void voyager_posix_port(voyager_posix_t *p, voyager_port_t *port) {
    memset(port, 0, sizeof *port);
    vflash_port(&p->flash, port); /* sets ctx = &p->flash, which is p itself */
    port->http = voyager_posix_http;
    port->mqtt_subscribe = mqtt_subscribe;
    port->mqtt_publish = mqtt_publish;
    port->now_ms = now_ms;
    port->unix_time = unix_time;
    port->log = log_line;
    port->verify_p256 = voyager_mbedtls_verify_p256;
    port->hmac_sha256 = voyager_mbedtls_hmac_sha256;
    port->random = fill_random;
}
