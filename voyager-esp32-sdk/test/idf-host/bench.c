/* The bench device: see bench.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <time.h>
#include <unistd.h>

#include "bench.h"

bench_t bench;

static void path_of(const char *name, char *out, size_t cap) {
    snprintf(out, cap, "%s/%s", bench.dir, name);
}

static size_t slurp(const char *name, char *out, size_t cap) {
    char path[128];
    path_of(name, path, sizeof path);
    FILE *f = fopen(path, "rb");
    size_t n = f != NULL ? fread(out, 1, cap - 1, f) : 0;
    if (f != NULL) {
        fclose(f);
    }
    out[n] = '\0';
    return n;
}

static const char *tool(const char *env) {
    const char *path = getenv(env);
    if (path == NULL) {
        fail_msg("%s is not set (ctest sets it)", env);
    }
    return path;
}

int bench_start(void **state) {
    char command[512], port[16] = "";
    (void) state;
    snprintf(bench.dir, sizeof bench.dir, "idf-host-XXXXXX");
    assert_non_null(mkdtemp(bench.dir));
    snprintf(command, sizeof command, "%s %s", tool("IDF_HOST_MKFIXTURES"), bench.dir);
    assert_int_equal(system(command), 0);
    assert_true(slurp("release.pub.pem", bench.release_key, sizeof bench.release_key) > 0);
    assert_true(slurp("offer.pub.pem", bench.offer_key, sizeof bench.offer_key) > 0);
    const char *server = tool("IDF_HOST_MINI_SERVER");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char port_file[128], log[128];
        path_of("port", port_file, sizeof port_file);
        path_of("server.log", log, sizeof log);
#ifdef __linux__
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* a test that crashes takes its server with it */
#endif
        /* not ctest's pipes: a server left holding them would keep ctest waiting */
        int out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out >= 0) {
            dup2(out, STDOUT_FILENO);
            dup2(out, STDERR_FILENO);
        }
        execl(server, server, bench.dir, "s3cret", port_file, (char *) NULL);
        _exit(127);
    }
    bench.server = (int) pid;
    for (int i = 0; i < 500 && slurp("port", port, sizeof port) == 0; i++) {
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    assert_true(atoi(port) > 0);
    snprintf(bench.url, sizeof bench.url, "http://127.0.0.1:%d/v1", atoi(port));
    return 0;
}

int bench_stop(void **state) {
    char command[128];
    (void) state;
    if (bench.server > 0) {
        kill((pid_t) bench.server, SIGTERM);
        waitpid((pid_t) bench.server, NULL, 0);
    }
    snprintf(command, sizeof command, "rm -rf %s", bench.dir);
    return system(command) == 0 ? 0 : -1;
}

void bench_new_device(void) {
    static char factory[64 * 1024];
    char path[128];
    idf_host_reset();
    memset(&bench.port_config, 0, sizeof bench.port_config);
    path_of("factory.bin", path, sizeof path);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t len = fread(factory, 1, sizeof factory, f);
    fclose(f);
    assert_int_equal(idf_host_flash("ota_0", (const uint8_t *) factory, len), 0);
    bench_offer(NULL);
    bench_boot();
    assert_string_equal(bench_running(), "1.0.0");
}

const char *bench_running(void) {
    return esp_app_get_description()->version;
}

void bench_boot(void) {
    assert_int_equal(idf_host_boot(), 0);
    assert_false(idf_host.passed_over); /* the bootloader never met a half-written image it had chosen */
    bench_firmware_start();
}

void bench_firmware_start(void) {
    assert_int_equal(voyager_esp_port_init(&bench.port, &bench.port_config), VOYAGER_OK);
    voyager_config_t *c = &bench.config;
    voyager_esp_config(c, &bench.port);
    c->server_url = bench.url;
    c->allow_insecure_http = true; /* the emulated esp_http_client has no TLS */
    c->device_id = "esp-1";
    c->device_secret = "s3cret";
    c->product = "locker";
    c->model = "model-s3";
    c->release_key = bench.release_key;
    c->offer_key = bench.offer_key;
    assert_int_equal(voyager_init(&bench.client, c), VOYAGER_OK);
    voyager_request_check(&bench.client); /* past the first check's jitter */
}

void bench_script(const char *name, const char *content) {
    char path[128];
    path_of(name, path, sizeof path);
    if (content == NULL) {
        remove(path);
        return;
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    assert_int_equal(fclose(f), 0);
}

void bench_offer(const char *name) {
    bench_offer_at(name, NULL);
}

void bench_offer_at(const char *name, const char *origin) {
    char file[64], offer[8192], moved[8192];
    bench_script("reports.log", "");
    bench_script("downloads.log", "");
    bench_script("requests.log", "");
    bench_script("cut-after", NULL);
    bench_script("ignore-range", NULL);
    if (name == NULL) {
        bench_script("offer.json", NULL);
        return;
    }
    snprintf(file, sizeof file, "offer-%s.json", name);
    assert_true(slurp(file, offer, sizeof offer) > 0);
    char *url = strstr(offer, "\"url\":\"/");
    if (origin != NULL && url != NULL) {
        url += 7;
        snprintf(moved, sizeof moved, "%.*s%s%s", (int) (url - offer), offer, origin, url);
        memcpy(offer, moved, sizeof offer);
    }
    bench_script("offer.json", offer);
}

int bench_count(const char *log, const char *needle) {
    static char text[64 * 1024];
    int n = 0;
    slurp(log, text, sizeof text);
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        n += strstr(line, needle) != NULL;
    }
    return n;
}

long bench_range(int n) {
    static char text[64 * 1024];
    long range = -1;
    slurp("downloads.log", text, sizeof text);
    char *line = strtok(text, "\n");
    for (int i = 0; i < n && line != NULL; i++) {
        line = strtok(NULL, "\n");
    }
    const char *at = line != NULL ? strstr(line, "range=") : NULL;
    assert_non_null(at);
    sscanf(at, "range=%ld", &range);
    return range;
}

void bench_install(const char *name) {
    bench_offer(name);
    voyager_request_check(&bench.client);
    assert_int_equal(voyager_poll(&bench.client), VOYAGER_OK);
}

voyager_err_t bench_poll_until_restart(int rounds) {
    voyager_err_t err = VOYAGER_NO_UPDATE;
    for (int i = 0; i < rounds; i++) {
        if (i > 0) {
            idf_host.now_us += 3601LL * 1000 * 1000; /* past the longest retry backoff */
        }
        voyager_request_check(&bench.client);
        err = voyager_poll(&bench.client);
        if (err != VOYAGER_ERR_NETWORK && err != VOYAGER_ERR_EXPIRED && err != VOYAGER_ERR_TOO_SLOW) {
            return err;
        }
    }
    return err;
}
