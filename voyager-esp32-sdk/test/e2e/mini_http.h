/*
 * What the end-to-end test's stand-in server and proxy share: a loopback listener on a free port, one request per
 * connection, and a script read from files in a directory on every request, so a test changes behaviour between
 * runs without restarting anything:
 *   ignore-range      present: downloads are answered 200 with the whole artifact, as by a server without Range
 *   cut-after         "N K": break the next K downloads after N body bytes
 * Every download is appended to downloads.log. With mini_tls the listener speaks HTTPS (mbedTLS) instead.
 */
#ifndef VOYAGER_E2E_MINI_HTTP_H
#define VOYAGER_E2E_MINI_HTTP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char raw[16384];        /* the request as read: head, then body */
    size_t len;
    size_t head_len;        /* up to and including the blank line */
    char *body;
    char method[8];
    char path[2048];        /* with the query */
    long content_length;
    long range_from;        /* from "Range: bytes=N-", -1 without one */
    char auth[256];
    char if_range[128];
} mini_request_t;

/** The script directory. */
extern const char *mini_dir;

/** A file of the script directory, NUL-terminated, or NULL when it does not exist. The caller frees it. */
char *mini_slurp(const char *name, size_t *len);
/** Appends a line to a file of the script directory. */
void mini_append(const char *name, const char *line);
bool mini_send_all(int fd, const void *data, size_t len);
/** Whether downloads ignore Range now (the file ignore-range exists). */
bool mini_ignore_range(void);
/** After how many body bytes to break this download (consuming one of cut-after's K), or -1. */
long mini_take_cut(void);
/** Reads one request (head and Content-Length body); false when the connection broke or it is malformed. */
bool mini_read_request(int fd, mini_request_t *r);
/** Makes mini_serve speak TLS with the certificate and key in these PEM files of the script directory. */
bool mini_tls(const char *cert_file, const char *key_file);
/** Listens on a free loopback port, writes it to port_file, then hands each connection to handle, forever. */
int mini_serve(const char *port_file, void (*handle)(int fd));

#endif
