/* The emulated NVS: small blobs under short keys, each write atomic, counted as a flash operation. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "vflash.h"

static bool valid_key(const char *key) {
    size_t n = strlen(key);
    if (n == 0 || n > 15) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = key[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return false;
        }
    }
    return true;
}

static int slot_of(vflash_t *f, const char *key, bool create) {
    for (int i = 0; i < VFLASH_KEYS; i++) {
        if (strcmp(f->kv[i].key, key) == 0) {
            return i;
        }
    }
    for (int i = 0; create && i < VFLASH_KEYS; i++) {
        if (f->kv[i].key[0] == '\0') {
            strcpy(f->kv[i].key, key);
            return i;
        }
    }
    return -1;
}

static voyager_err_t file_get(vflash_t *f, const char *key, void *buf, size_t cap, size_t *len) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", f->state_dir, key);
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        return errno == ENOENT ? VOYAGER_OK : VOYAGER_ERR_STORAGE;
    }
    ssize_t n = read(fd, buf, cap);
    close(fd);
    if (n < 0) {
        return VOYAGER_ERR_STORAGE;
    }
    *len = (size_t) n;
    return VOYAGER_OK;
}

/* Written beside, flushed, renamed over, directory flushed: the old or the new value, never half. */
static voyager_err_t file_set(vflash_t *f, const char *key, const void *data, size_t len) {
    char path[1024], tmp[1040];
    snprintf(path, sizeof path, "%s/%s", f->state_dir, key);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (len == 0) {
        return unlink(path) == 0 || errno == ENOENT ? VOYAGER_OK : VOYAGER_ERR_STORAGE;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        return VOYAGER_ERR_STORAGE;
    }
    bool ok = write(fd, data, len) == (ssize_t) len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok && rename(tmp, path) == 0;
    int dir = open(f->state_dir, O_RDONLY);
    if (dir >= 0) {
        fsync(dir);
        close(dir);
    }
    return ok ? VOYAGER_OK : VOYAGER_ERR_STORAGE;
}

voyager_err_t vflash_state_get(void *ctx, const char *key, void *buf, size_t cap, size_t *len) {
    vflash_t *f = (vflash_t *) ctx;
    *len = 0;
    if (!valid_key(key)) {
        return VOYAGER_ERR_ARG;
    }
    if (f->state_dir != NULL) {
        return file_get(f, key, buf, cap, len);
    }
    int i = slot_of(f, key, false);
    if (i >= 0) {
        *len = f->kv[i].len < cap ? f->kv[i].len : cap;
        memcpy(buf, f->kv[i].value, *len);
    }
    return VOYAGER_OK;
}

long vflash_nvs_cost(size_t len) {
    return len == 0 ? 0 : 32L * (2 + ((long) len + 31) / 32);
}

voyager_err_t vflash_state_set(void *ctx, const char *key, const void *data, size_t len) {
    vflash_t *f = (vflash_t *) ctx;
    bool torn;
    if (!valid_key(key) || len > VFLASH_VALUE_MAX) {
        return VOYAGER_ERR_ARG;
    }
    if (!vflash_power(f, &torn)) {
        return VOYAGER_ERR_STORAGE; /* atomic: a torn write leaves the old value */
    }
    if (f->state_dir != NULL) {
        return file_set(f, key, data, len);
    }
    int i = slot_of(f, key, len > 0);
    if (i < 0) {
        return len == 0 ? VOYAGER_OK : VOYAGER_ERR_STORAGE;
    }
    /* NVS writes the new value before it lets go of the old: both must fit at once */
    if (f->state_bounded && vflash_nvs_cost(len) > f->state_free) {
        f->state_refused++;
        return VOYAGER_ERR_STORAGE;
    }
    f->state_free += vflash_nvs_cost(f->kv[i].len) - vflash_nvs_cost(len);
    if (len > 0) {
        memcpy(f->kv[i].value, data, len);
    }
    f->kv[i].len = len;
    return VOYAGER_OK;
}
