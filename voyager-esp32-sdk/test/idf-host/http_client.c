/*
 * esp_http_client over a plain TCP socket, the subset the port uses: init, set_header, set_url, open, write,
 * fetch_headers, read, the status and length queries, close and cleanup. As in ESP-IDF, response headers reach the
 * application only as HTTP_EVENT_ON_HEADER events, and fetch_headers returns the Content-Length, or 0 and a
 * "chunked" response when there is none (or it is 0). The data is complete when the message is: at its
 * Content-Length, at once for 1xx, 204 and 304, at the server's close without a length. Not modelled: TLS
 * (http:// only). What a client was given for TLS (cert_pem, client_cert_pem, client_key_pem, crt_bundle_attach)
 * is recorded in idf_host.http, and crt_bundle_attach is called as the connection opens, where esp-tls calls it,
 * so a test sees which trust each connection would have had; no certificate is checked. Redirects, authentication,
 * keep-alive (one request per connection), and decoding Transfer-Encoding: chunked (such a body reads as an
 * error; the test servers always send Content-Length). Once the power is gone no connection opens and nothing
 * more is read.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "esp_crt_bundle.h"
#include "esp_http_client.h"
#include "idf_host.h"

#define HEADERS 8
#define HEAD_MAX 4096

struct esp_http_client {
    esp_http_client_config_t cfg;
    long record;                       /* its entry in idf_host.http, by count */
    char host[64];                     /* the address connected to */
    char host_name[64];                /* the URL's, for the Host header */
    int port;
    char path[1024];
    char keys[HEADERS][32];
    char values[HEADERS][256];
    int header_count;
    int fd;
    int status;
    int64_t content_length;            /* -1: none given */
    int64_t received;
    bool chunked;                      /* ESP-IDF's word for "no positive Content-Length" */
    bool encoded;                      /* Transfer-Encoding: chunked, which is not decoded here */
    bool complete;                     /* the message has ended */
    char head[HEAD_MAX];
    size_t pending_at, pending_len;    /* body bytes read with the head, not yet handed out */
};

/* conf is the record of the connection being opened, where esp-tls would pass its mbedTLS configuration. */
esp_err_t esp_crt_bundle_attach(void *conf) {
    ((idf_host_http_t *) conf)->bundle_attached = true;
    return ESP_OK;
}

static idf_host_http_t *record_of(esp_http_client_handle_t c) {
    return idf_host.http_count - c->record <= IDF_HOST_HTTP_LOG ? &idf_host.http[c->record % IDF_HOST_HTTP_LOG] : NULL;
}

const idf_host_http_t *idf_host_http_find(const char *needle) {
    long oldest = idf_host.http_count > IDF_HOST_HTTP_LOG ? idf_host.http_count - IDF_HOST_HTTP_LOG : 0;
    for (long i = idf_host.http_count - 1; i >= oldest; i--) {
        if (strstr(idf_host.http[i % IDF_HOST_HTTP_LOG].url, needle) != NULL) {
            return &idf_host.http[i % IDF_HOST_HTTP_LOG];
        }
    }
    return NULL;
}

static void emit(esp_http_client_handle_t c, esp_http_client_event_id_t id, char *key, char *value) {
    esp_http_client_event_t evt;
    memset(&evt, 0, sizeof evt);
    evt.event_id = id;
    evt.client = c;
    evt.user_data = c->cfg.user_data;
    evt.header_key = key;
    evt.header_value = value;
    if (c->cfg.event_handler != NULL) {
        c->cfg.event_handler(&evt);
    }
}

esp_err_t esp_http_client_set_url(esp_http_client_handle_t c, const char *url) {
    int port = 80;
    char host[64];
    const char *rest = strncmp(url, "http://", 7) == 0 ? url + 7 : NULL;
    if (rest == NULL) {
        return ESP_ERR_NOT_SUPPORTED; /* https:// needs TLS, which this emulation does not have */
    }
    size_t host_len = strcspn(rest, ":/");
    if (host_len == 0 || host_len >= sizeof host) {
        return ESP_ERR_INVALID_ARG;
    }
    memcpy(host, rest, host_len);
    host[host_len] = '\0';
    rest += host_len;
    if (*rest == ':') {
        port = atoi(rest + 1);
        rest += 1 + strcspn(rest + 1, "/");
    }
    if (strlen(rest) >= sizeof c->path) {
        return ESP_ERR_INVALID_ARG;
    }
    strcpy(c->host_name, host);
    strcpy(c->host, strcmp(host, "localhost") == 0 ? "127.0.0.1" : host);
    c->port = port;
    snprintf(c->path, sizeof c->path, "%s", *rest != '\0' ? rest : "/");
    return ESP_OK;
}

esp_http_client_handle_t esp_http_client_init(const esp_http_client_config_t *config) {
    esp_http_client_handle_t c = calloc(1, sizeof *c);
    if (c == NULL || config == NULL || config->url == NULL) {
        free(c);
        return NULL;
    }
    c->cfg = *config;
    c->fd = -1;
    if (esp_http_client_set_url(c, config->url) != ESP_OK) {
        free(c);
        return NULL;
    }
    c->record = idf_host.http_count++;
    idf_host_http_t *r = record_of(c);
    memset(r, 0, sizeof *r);
    snprintf(r->url, sizeof r->url, "%s", config->url);
    r->cert_pem = config->cert_pem;
    r->client_cert_pem = config->client_cert_pem;
    r->client_key_pem = config->client_key_pem;
    r->crt_bundle = config->crt_bundle_attach != NULL;
    return c;
}

esp_err_t esp_http_client_set_header(esp_http_client_handle_t c, const char *key, const char *value) {
    int i = 0;
    while (i < c->header_count && strcasecmp(c->keys[i], key) != 0) {
        i++;
    }
    if (i == HEADERS || strlen(key) >= sizeof c->keys[0] || strlen(value) >= sizeof c->values[0]) {
        return ESP_ERR_NO_MEM;
    }
    strcpy(c->keys[i], key);
    strcpy(c->values[i], value);
    c->header_count = i == c->header_count ? i + 1 : c->header_count;
    return ESP_OK;
}

static bool send_all(int fd, const char *data, size_t len) {
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n <= 0) {
            return false;
        }
        data += n;
        len -= (size_t) n;
    }
    return true;
}

static int connect_to(const char *host, int port, int timeout_ms) {
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t) port);
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        return -1; /* no name resolution: the tests' servers are on 127.0.0.1 */
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0
            || setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) != 0
            || connect(fd, (struct sockaddr *) &addr, sizeof addr) != 0) {
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

esp_err_t esp_http_client_open(esp_http_client_handle_t c, int write_len) {
    static const char *methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
    char head[HEAD_MAX];
    if (idf_host.dead || c->cfg.method >= HTTP_METHOD_MAX) {
        return ESP_FAIL;
    }
    c->fd = connect_to(c->host, c->port, c->cfg.timeout_ms > 0 ? c->cfg.timeout_ms : 5000);
    if (c->fd < 0) {
        return ESP_FAIL;
    }
    idf_host_http_t *r = record_of(c);
    if (c->cfg.crt_bundle_attach != NULL && r != NULL && c->cfg.crt_bundle_attach(r) != ESP_OK) {
        return ESP_FAIL;
    }
    emit(c, HTTP_EVENT_ON_CONNECTED, NULL, NULL);
    int n = snprintf(head, sizeof head, "%s %s HTTP/1.1\r\nHost: %s:%d\r\nUser-Agent: ESP32 HTTP Client/1.0\r\n",
                     methods[c->cfg.method], c->path, c->host_name, c->port);
    if (write_len > 0 || c->cfg.method == HTTP_METHOD_POST) {
        n += snprintf(head + n, sizeof head - (size_t) n, "Content-Length: %d\r\n", write_len);
    }
    for (int i = 0; i < c->header_count; i++) {
        n += snprintf(head + n, sizeof head - (size_t) n, "%s: %s\r\n", c->keys[i], c->values[i]);
    }
    n += snprintf(head + n, sizeof head - (size_t) n, "\r\n");
    if ((size_t) n >= sizeof head || !send_all(c->fd, head, (size_t) n)) {
        return ESP_FAIL;
    }
    emit(c, HTTP_EVENT_HEADERS_SENT, NULL, NULL);
    return ESP_OK;
}

int esp_http_client_write(esp_http_client_handle_t c, const char *buffer, int len) {
    return c->fd >= 0 && !idf_host.dead && send_all(c->fd, buffer, (size_t) len) ? len : -1;
}

/* One header line, "Key: value", handed to the event handler; Content-Length is kept. */
static void header_line(esp_http_client_handle_t c, char *line) {
    char *colon = strchr(line, ':');
    if (colon == NULL) {
        return;
    }
    *colon = '\0';
    char *value = colon + 1;
    value += strspn(value, " \t");
    if (strcasecmp(line, "Content-Length") == 0) {
        c->content_length = strtoll(value, NULL, 10);
    } else if (strcasecmp(line, "Transfer-Encoding") == 0 && strcasecmp(value, "chunked") == 0) {
        c->encoded = true;
    }
    emit(c, HTTP_EVENT_ON_HEADER, line, value);
}

int64_t esp_http_client_fetch_headers(esp_http_client_handle_t c) {
    size_t len = 0;
    char *end = NULL;
    while (end == NULL) {
        if (c->fd < 0 || idf_host.dead || len + 1 >= sizeof c->head) {
            return ESP_FAIL;
        }
        ssize_t n = recv(c->fd, c->head + len, sizeof c->head - 1 - len, 0);
        if (n <= 0) {
            return n < 0 ? -ESP_ERR_HTTP_EAGAIN : ESP_FAIL;
        }
        len += (size_t) n;
        c->head[len] = '\0';
        end = strstr(c->head, "\r\n\r\n");
    }
    c->pending_at = (size_t) (end + 4 - c->head);
    c->pending_len = len - c->pending_at;
    *end = '\0';
    c->content_length = -1;
    char *line = c->head;
    char *next = strstr(line, "\r\n");
    if (sscanf(line, "HTTP/1.%*d %d", &c->status) != 1) {
        return ESP_FAIL;
    }
    while (next != NULL) {
        line = next + 2;
        next = strstr(line, "\r\n");
        if (next != NULL) {
            *next = '\0';
        }
        header_line(c, line);
    }
    c->complete = c->status / 100 == 1 || c->status == 204 || c->status == 304 || c->content_length == 0;
    if (c->content_length <= 0) {
        c->chunked = true; /* what ESP-IDF concludes from a missing or zero length */
        return 0;
    }
    return c->content_length;
}

int esp_http_client_read(esp_http_client_handle_t c, char *buffer, int len) {
    if (c->fd < 0 || idf_host.dead || c->encoded) {
        return -1;
    }
    if (c->complete || len <= 0) {
        return 0;
    }
    int64_t left = c->content_length >= 0 ? c->content_length - c->received : len;
    size_t want = (size_t) (left < len ? left : len);
    ssize_t n;
    if (c->pending_len > 0) {
        n = (ssize_t) (c->pending_len < want ? c->pending_len : want);
        memcpy(buffer, c->head + c->pending_at, (size_t) n);
        c->pending_at += (size_t) n;
        c->pending_len -= (size_t) n;
    } else {
        n = recv(c->fd, buffer, want, 0);
        if (n < 0) {
            return -ESP_ERR_HTTP_EAGAIN; /* silence past the timeout, or a reset */
        }
    }
    c->received += n;
    c->complete = c->content_length >= 0 ? c->received == c->content_length : n == 0;
    if (n > 0) {
        emit(c, HTTP_EVENT_ON_DATA, NULL, NULL);
    }
    return (int) n; /* 0 before the end: the server closed early, which is_complete_data_received tells */
}

int esp_http_client_get_status_code(esp_http_client_handle_t c) {
    return c->status;
}

int64_t esp_http_client_get_content_length(esp_http_client_handle_t c) {
    return c->content_length;
}

bool esp_http_client_is_chunked_response(esp_http_client_handle_t c) {
    return c->chunked;
}

bool esp_http_client_is_complete_data_received(esp_http_client_handle_t c) {
    return c->complete;
}

esp_err_t esp_http_client_close(esp_http_client_handle_t c) {
    if (c->fd >= 0) {
        close(c->fd);
        emit(c, HTTP_EVENT_DISCONNECTED, NULL, NULL);
    }
    c->fd = -1;
    return ESP_OK;
}

esp_err_t esp_http_client_cleanup(esp_http_client_handle_t c) {
    if (c != NULL) {
        esp_http_client_close(c);
        free(c);
    }
    return ESP_OK;
}
