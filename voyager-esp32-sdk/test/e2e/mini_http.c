/* The stand-in server's and the proxy's common part: see mini_http.h. */
#include "mini_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/version.h>
#include <mbedtls/x509_crt.h>

const char *mini_dir;

/* TLS, when mini_tls set it up: the one connection being served goes through ssl. */
static bool tls;
static mbedtls_ssl_config tls_conf;
static mbedtls_x509_crt tls_cert;
static mbedtls_pk_context tls_key;
static mbedtls_entropy_context tls_entropy;
static mbedtls_ctr_drbg_context tls_drbg;
static mbedtls_ssl_context ssl;
static int ssl_fd = -1;

static ssize_t conn_read(int fd, void *buf, size_t len) {
    if (fd != ssl_fd) {
        return read(fd, buf, len);
    }
    int n;
    do {
        n = mbedtls_ssl_read(&ssl, buf, len);
    } while (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE);
    return n == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY ? 0 : n;
}

static ssize_t conn_write(int fd, const void *buf, size_t len) {
    if (fd != ssl_fd) {
        return write(fd, buf, len);
    }
    int n;
    do {
        n = mbedtls_ssl_write(&ssl, buf, len);
    } while (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE);
    return n;
}

bool mini_tls(const char *cert_file, const char *key_file) {
    size_t cert_len, key_len;
    char *cert = mini_slurp(cert_file, &cert_len);
    char *key = mini_slurp(key_file, &key_len);
    mbedtls_ssl_config_init(&tls_conf);
    mbedtls_x509_crt_init(&tls_cert);
    mbedtls_pk_init(&tls_key);
    mbedtls_entropy_init(&tls_entropy);
    mbedtls_ctr_drbg_init(&tls_drbg);
    bool ok = cert != NULL && key != NULL
            && mbedtls_ctr_drbg_seed(&tls_drbg, mbedtls_entropy_func, &tls_entropy, NULL, 0) == 0
            && mbedtls_x509_crt_parse(&tls_cert, (const unsigned char *) cert, cert_len + 1) == 0
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
            && mbedtls_pk_parse_key(&tls_key, (const unsigned char *) key, key_len + 1, NULL, 0,
                                    mbedtls_ctr_drbg_random, &tls_drbg) == 0
#else
            && mbedtls_pk_parse_key(&tls_key, (const unsigned char *) key, key_len + 1, NULL, 0) == 0
#endif
            && mbedtls_ssl_config_defaults(&tls_conf, MBEDTLS_SSL_IS_SERVER, MBEDTLS_SSL_TRANSPORT_STREAM,
                                           MBEDTLS_SSL_PRESET_DEFAULT) == 0
            && mbedtls_ssl_conf_own_cert(&tls_conf, &tls_cert, &tls_key) == 0;
    mbedtls_ssl_conf_rng(&tls_conf, mbedtls_ctr_drbg_random, &tls_drbg);
    free(cert);
    free(key);
    tls = ok;
    return ok;
}

/* The TLS handshake of an accepted connection; false when it fails (the client gave up, or distrusts us). */
static bool tls_accept(int fd, mbedtls_net_context *net) {
    int rc;
    net->fd = fd;
    mbedtls_ssl_init(&ssl);
    if (mbedtls_ssl_setup(&ssl, &tls_conf) != 0) {
        return false;
    }
    mbedtls_ssl_set_bio(&ssl, net, mbedtls_net_send, mbedtls_net_recv, NULL);
    do {
        rc = mbedtls_ssl_handshake(&ssl);
    } while (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE);
    if (rc != 0) {
        mbedtls_ssl_free(&ssl);
        return false;
    }
    ssl_fd = fd;
    return true;
}

char *mini_slurp(const char *name, size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", mini_dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t) n + 1);
    *len = fread(data, 1, (size_t) n, f);
    data[*len] = '\0';
    fclose(f);
    return data;
}

void mini_append(const char *name, const char *line) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", mini_dir, name);
    FILE *f = fopen(path, "a");
    fprintf(f, "%s\n", line);
    fclose(f);
}

bool mini_send_all(int fd, const void *data, size_t len) {
    const char *p = data;
    while (len > 0) {
        ssize_t n = conn_write(fd, p, len);
        if (n <= 0) {
            return false;
        }
        p += n;
        len -= (size_t) n;
    }
    return true;
}

bool mini_ignore_range(void) {
    size_t len;
    char *flag = mini_slurp("ignore-range", &len);
    free(flag);
    return flag != NULL;
}

long mini_take_cut(void) {
    size_t len;
    long cut = -1, cuts = 0;
    char *script = mini_slurp("cut-after", &len);
    if (script == NULL || sscanf(script, "%ld %ld", &cut, &cuts) != 2 || cuts <= 0) {
        free(script);
        return -1;
    }
    free(script);
    char path[1024];
    snprintf(path, sizeof path, "%s/cut-after", mini_dir);
    FILE *f = fopen(path, "w");
    fprintf(f, "%ld %ld", cut, cuts - 1);
    fclose(f);
    return cut;
}

bool mini_read_request(int fd, mini_request_t *r) {
    char *end = NULL;
    memset(r, 0, sizeof *r);
    r->range_from = -1;
    while (end == NULL && r->len < sizeof r->raw - 1) {
        ssize_t got = conn_read(fd, r->raw + r->len, sizeof r->raw - 1 - r->len);
        if (got <= 0) {
            return false;
        }
        r->len += (size_t) got;
        r->raw[r->len] = '\0';
        end = strstr(r->raw, "\r\n\r\n");
    }
    if (end == NULL || sscanf(r->raw, "%7s %2047s", r->method, r->path) != 2) {
        return false;
    }
    for (char *line = strstr(r->raw, "\r\n") + 2; line < end; line = strstr(line, "\r\n") + 2) {
        if (strncasecmp(line, "Content-Length:", 15) == 0) {
            r->content_length = atol(line + 15);
        } else if (strncasecmp(line, "Range: bytes=", 13) == 0) {
            r->range_from = atol(line + 13);
        } else if (strncasecmp(line, "Authorization:", 14) == 0) {
            sscanf(line + 14, " %255[^\r]", r->auth);
        } else if (strncasecmp(line, "If-Range:", 9) == 0) {
            sscanf(line + 9, " %127[^\r]", r->if_range);
        }
    }
    r->head_len = (size_t) (end + 4 - r->raw);
    r->body = end + 4;
    while (r->len - r->head_len < (size_t) r->content_length && r->len < sizeof r->raw - 1) {
        ssize_t got = conn_read(fd, r->raw + r->len, sizeof r->raw - 1 - r->len);
        if (got <= 0) {
            break;
        }
        r->len += (size_t) got;
        r->raw[r->len] = '\0';
    }
    return true;
}

int mini_serve(const char *port_file, void (*handle)(int fd)) {
    signal(SIGPIPE, SIG_IGN); /* a client that hangs up mid-answer is part of the test, not the end of it */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof addr;
    if (bind(s, (struct sockaddr *) &addr, sizeof addr) != 0 || listen(s, 16) != 0
            || getsockname(s, (struct sockaddr *) &addr, &alen) != 0) {
        perror("mini_serve");
        return 1;
    }
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s.tmp", port_file);
    FILE *f = fopen(tmp, "w");
    fprintf(f, "%d\n", ntohs(addr.sin_port));
    if (fclose(f) != 0 || rename(tmp, port_file) != 0) { /* whole or not at all, for whoever waits for it */
        perror("mini_serve");
        return 1;
    }
    for (;;) {
        int fd = accept(s, NULL, NULL);
        mbedtls_net_context net;
        if (fd >= 0 && (!tls || tls_accept(fd, &net))) {
            handle(fd);
            if (fd == ssl_fd) {
                mbedtls_ssl_close_notify(&ssl);
                mbedtls_ssl_free(&ssl);
                ssl_fd = -1;
            }
        }
        if (fd >= 0) {
            shutdown(fd, SHUT_WR);
            close(fd);
        }
    }
}
