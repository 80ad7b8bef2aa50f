/*
 * The ESP-IDF port's transport options, run on the host emulation of ESP-IDF: the Voyager server trusted by its
 * own CA and given a client certificate, downloads from another host trusted by theirs or by the certificate
 * bundle, the application's init hook adding headers the servers see, and a configuration without any of it
 * behaving as before. The emulation has no TLS: it records what each esp_http_client was initialised with, and
 * attaches the bundle as a connection opens, so these scenarios show the trust each connection would have had.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "bench.h"

static const char server_ca[] = "-----BEGIN CERTIFICATE-----\nprivate CA of the server\n-----END CERTIFICATE-----\n";
static const char cdn_ca[] = "-----BEGIN CERTIFICATE-----\npublic CA of the CDN\n-----END CERTIFICATE-----\n";
static const char client_cert[] = "-----BEGIN CERTIFICATE-----\nthe device\n-----END CERTIFICATE-----\n";
static const char client_key[] = "-----BEGIN EC PRIVATE KEY-----\nthe device's\n-----END EC PRIVATE KEY-----\n";

static int hook_calls[2];
static bool refuse_downloads;

static esp_err_t add_headers(esp_http_client_handle_t client, voyager_esp_conn_t conn, void *arg) {
    assert_ptr_equal(arg, hook_calls);
    hook_calls[conn]++;
    if (conn == VOYAGER_ESP_CONN_DOWNLOAD && refuse_downloads) {
        return ESP_FAIL;
    }
    return esp_http_client_set_header(client, "X-Fleet", conn == VOYAGER_ESP_CONN_SERVER ? "server" : "download");
}

/* The download's origin: the same stand-in server, named "localhost" where the server is 127.0.0.1. */
static const char *cdn(void) {
    static char origin[64];
    int port = 0;
    assert_int_equal(sscanf(bench.url, "http://127.0.0.1:%d/", &port), 1);
    snprintf(origin, sizeof origin, "http://localhost:%d", port);
    return origin;
}

/* How many requests the server saw whose head holds both texts. */
static int requests_with(const char *a, const char *b) {
    static char text[64 * 1024];
    char path[128];
    snprintf(path, sizeof path, "%s/requests.log", bench.dir);
    FILE *f = fopen(path, "rb");
    size_t n = f != NULL ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f != NULL) {
        fclose(f);
    }
    text[n] = '\0';
    int count = 0;
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        count += strstr(line, a) != NULL && strstr(line, b) != NULL;
    }
    return count;
}

/* A new device whose firmware starts with cfg, 1.0.0 running. */
static void device_with(const voyager_esp_port_config_t *cfg) {
    bench_new_device();
    bench.port_config = *cfg;
    bench_boot();
    hook_calls[0] = hook_calls[1] = 0;
    refuse_downloads = false;
    idf_host.http_count = 0;
}

/* The same, offered 2.0.0 from the CDN and polled once: installed. */
static void installs_from_the_cdn(const voyager_esp_port_config_t *cfg) {
    device_with(cfg);
    bench_offer_at("v2.bin", cdn());
    voyager_request_check(&bench.client);
    assert_int_equal(voyager_poll(&bench.client), VOYAGER_OK);
}

static const idf_host_http_t *server_connection(void) {
    const idf_host_http_t *r = idf_host_http_find("127.0.0.1");
    assert_non_null(r);
    assert_non_null(strstr(r->url, "/v1/devices/esp-1/"));
    return r;
}

static const idf_host_http_t *download_connection(void) {
    const idf_host_http_t *r = idf_host_http_find("localhost");
    assert_non_null(r);
    assert_non_null(strstr(r->url, "/v1/artifacts/v2.bin"));
    return r;
}

static void the_server_and_the_cdn_each_have_their_ca(void **state) {
    (void) state;
    voyager_esp_port_config_t cfg = {.server_ca_pem = server_ca, .download_ca_pem = cdn_ca,
                                     .client_cert_pem = client_cert, .client_key_pem = client_key,
                                     .http_init = add_headers, .http_init_arg = hook_calls};
    installs_from_the_cdn(&cfg);

    const idf_host_http_t *api = server_connection();
    assert_ptr_equal(api->cert_pem, server_ca);
    assert_ptr_equal(api->client_cert_pem, client_cert);
    assert_ptr_equal(api->client_key_pem, client_key);
    assert_false(api->crt_bundle);
    const idf_host_http_t *dl = download_connection();
    assert_ptr_equal(dl->cert_pem, cdn_ca);
    assert_null(dl->client_cert_pem); /* the device's certificate is for the server alone */
    assert_null(dl->client_key_pem);
    assert_false(dl->crt_bundle);

    /* the hook ran once per connection, and its header reached the server */
    assert_int_equal(hook_calls[VOYAGER_ESP_CONN_DOWNLOAD], 1);
    assert_true(hook_calls[VOYAGER_ESP_CONN_SERVER] >= 2); /* the check, the DOWNLOADING report ... */
    assert_int_equal(requests_with("GET /v1/artifacts/v2.bin", "Host: localhost:"), 1);
    assert_int_equal(requests_with("GET /v1/artifacts/v2.bin", "X-Fleet: download"), 1);
    assert_int_equal(requests_with("GET /v1/artifacts/", "Authorization:"), 0);
    assert_int_equal(requests_with("POST /v1/devices/esp-1/", "X-Fleet: server"), hook_calls[VOYAGER_ESP_CONN_SERVER]);
    assert_int_equal(requests_with("POST /v1/devices/esp-1/", "Host: 127.0.0.1:"), hook_calls[VOYAGER_ESP_CONN_SERVER]);

    bench_boot();
    assert_string_equal(bench_running(), "2.0.0");
    assert_int_equal(voyager_mark_valid(&bench.client), VOYAGER_OK);
}

static void downloads_may_trust_the_bundle_while_the_server_is_pinned(void **state) {
    (void) state;
    voyager_esp_port_config_t cfg = {.server_ca_pem = server_ca, .download_ca_bundle = true};
    installs_from_the_cdn(&cfg);
    const idf_host_http_t *api = server_connection();
    assert_ptr_equal(api->cert_pem, server_ca);
    assert_false(api->crt_bundle);
    assert_null(api->client_cert_pem);
    const idf_host_http_t *dl = download_connection();
    assert_null(dl->cert_pem);
    assert_true(dl->crt_bundle);
    assert_true(dl->bundle_attached);
}

/* What a configuration from before these options did: one trust for every connection, no client certificate. */
static void without_options_every_connection_trusts_as_before(void **state) {
    (void) state;
    voyager_esp_port_config_t none = {0};
    installs_from_the_cdn(&none);
    const idf_host_http_t *api = server_connection();
    const idf_host_http_t *dl = download_connection();
    assert_true(api->crt_bundle && api->bundle_attached && dl->crt_bundle && dl->bundle_attached);
    assert_true(api->cert_pem == NULL && dl->cert_pem == NULL && api->client_cert_pem == NULL);

    voyager_esp_port_config_t pinned = {.server_ca_pem = server_ca};
    installs_from_the_cdn(&pinned);
    assert_ptr_equal(server_connection()->cert_pem, server_ca);
    assert_ptr_equal(download_connection()->cert_pem, server_ca);
    assert_false(download_connection()->crt_bundle);
}

/* A hook that refuses a connection fails it before anything is sent; the download resumes once it relents. */
static void a_refusing_hook_fails_the_connection(void **state) {
    (void) state;
    voyager_esp_port_config_t cfg = {.http_init = add_headers, .http_init_arg = hook_calls};
    device_with(&cfg);
    refuse_downloads = true;
    bench_offer_at("v2.bin", cdn());
    voyager_request_check(&bench.client);
    assert_int_equal(voyager_poll(&bench.client), VOYAGER_ERR_NETWORK);
    assert_int_equal(bench_count("downloads.log", "GET v2.bin"), 0);
    assert_true(hook_calls[VOYAGER_ESP_CONN_DOWNLOAD] >= 1);
    refuse_downloads = false;
    idf_host.now_us += 3601LL * 1000 * 1000; /* past the download's backoff */
    assert_int_equal(bench_poll_until_restart(3), VOYAGER_OK);
    assert_int_equal(bench_count("downloads.log", "GET v2.bin"), 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_server_and_the_cdn_each_have_their_ca),
        cmocka_unit_test(downloads_may_trust_the_bundle_while_the_server_is_pinned),
        cmocka_unit_test(without_options_every_connection_trusts_as_before),
        cmocka_unit_test(a_refusing_hook_fails_the_connection),
    };
    return cmocka_run_group_tests(tests, bench_start, bench_stop);
}
