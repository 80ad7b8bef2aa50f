/*
 * NVS as nvs.h documents it: typed items in namespaces, opened by handle, and changes not guaranteed on flash until
 * nvs_commit. Here they are never on flash before it: a power loss (idf_host_boot) keeps only what was committed,
 * and a commit is atomic (the one the power goes at commits nothing). A commit is one power operation. Reading an
 * item as another type finds nothing, as in NVS, where the type is part of the item.
 */
#include <string.h>

#include "esp_err.h"
#include "idf_host.h"
#include "nvs.h"
#include "nvs_flash.h"

#define ITEMS 32
#define VALUE_MAX 4096
#define HANDLES 4
#define ESP_ERR_NVS_KEY_TOO_LONG (ESP_ERR_NVS_BASE + 0x09)
#define ESP_ERR_NVS_INVALID_HANDLE (ESP_ERR_NVS_BASE + 0x07)
#define ESP_ERR_NVS_READ_ONLY (ESP_ERR_NVS_BASE + 0x04)
#define ESP_ERR_NVS_NOT_ENOUGH_SPACE (ESP_ERR_NVS_BASE + 0x05)

typedef enum { TYPE_U8 = 1, TYPE_BLOB = 2 } item_type_t;

typedef struct {
    bool used;
    char ns[NVS_KEY_NAME_MAX_SIZE];
    char key[NVS_KEY_NAME_MAX_SIZE];
    item_type_t type;
    size_t len;
    uint8_t value[VALUE_MAX];
} item_t;

static item_t committed[ITEMS];
static item_t working[ITEMS];
static struct {
    bool open;
    bool writable;
    char ns[NVS_KEY_NAME_MAX_SIZE];
} handles[HANDLES];

void idf_host__nvs_reset(bool erase) {
    if (erase) {
        memset(committed, 0, sizeof committed);
    }
    memcpy(working, committed, sizeof working);
    memset(handles, 0, sizeof handles);
}

esp_err_t nvs_flash_init(void) {
    return ESP_OK;
}

esp_err_t nvs_flash_erase(void) {
    idf_host__nvs_reset(true);
    return ESP_OK;
}

esp_err_t nvs_open(const char *namespace_name, nvs_open_mode_t open_mode, nvs_handle_t *out_handle) {
    if (namespace_name == NULL || out_handle == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    if (strlen(namespace_name) >= NVS_KEY_NAME_MAX_SIZE) {
        return ESP_ERR_NVS_KEY_TOO_LONG;
    }
    for (int i = 0; i < HANDLES; i++) {
        if (!handles[i].open) {
            handles[i].open = true;
            handles[i].writable = open_mode == NVS_READWRITE;
            strcpy(handles[i].ns, namespace_name);
            *out_handle = (nvs_handle_t) i + 1;
            return ESP_OK;
        }
    }
    return ESP_ERR_NO_MEM;
}

void nvs_close(nvs_handle_t handle) {
    if (handle >= 1 && handle <= HANDLES) {
        handles[handle - 1].open = false;
    }
}

/* The item of handle's namespace under key (create: a free one if absent), or an error. */
static esp_err_t lookup(nvs_handle_t handle, const char *key, bool create, item_t **out) {
    if (handle < 1 || handle > HANDLES || !handles[handle - 1].open) {
        return ESP_ERR_NVS_INVALID_HANDLE;
    }
    if (key == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    if (strlen(key) >= NVS_KEY_NAME_MAX_SIZE) {
        return ESP_ERR_NVS_KEY_TOO_LONG;
    }
    if (create && !handles[handle - 1].writable) {
        return ESP_ERR_NVS_READ_ONLY;
    }
    const char *ns = handles[handle - 1].ns;
    item_t *free_item = NULL;
    for (int i = 0; i < ITEMS; i++) {
        item_t *it = &working[i];
        if (it->used && strcmp(it->ns, ns) == 0 && strcmp(it->key, key) == 0) {
            *out = it;
            return ESP_OK;
        }
        if (!it->used && free_item == NULL) {
            free_item = it;
        }
    }
    if (!create) {
        return ESP_ERR_NVS_NOT_FOUND;
    }
    if (free_item == NULL) {
        return ESP_ERR_NVS_NOT_ENOUGH_SPACE;
    }
    memset(free_item, 0, sizeof *free_item);
    strcpy(free_item->ns, ns);
    strcpy(free_item->key, key);
    *out = free_item;
    return ESP_OK;
}

static esp_err_t set_item(nvs_handle_t handle, const char *key, item_type_t type, const void *value, size_t len) {
    item_t *it;
    if (len > VALUE_MAX) {
        return ESP_ERR_NVS_NOT_ENOUGH_SPACE;
    }
    esp_err_t err = lookup(handle, key, true, &it);
    if (err == ESP_OK) {
        it->used = true;
        it->type = type;
        it->len = len;
        memcpy(it->value, value, len);
    }
    return err;
}

static esp_err_t get_item(nvs_handle_t handle, const char *key, item_type_t type, item_t **out) {
    esp_err_t err = lookup(handle, key, false, out);
    return err == ESP_OK && (*out)->type != type ? ESP_ERR_NVS_NOT_FOUND : err;
}

esp_err_t nvs_set_u8(nvs_handle_t handle, const char *key, uint8_t value) {
    return set_item(handle, key, TYPE_U8, &value, 1);
}

esp_err_t nvs_get_u8(nvs_handle_t handle, const char *key, uint8_t *out_value) {
    item_t *it;
    esp_err_t err = get_item(handle, key, TYPE_U8, &it);
    if (err == ESP_OK) {
        *out_value = it->value[0];
    }
    return err;
}

esp_err_t nvs_set_blob(nvs_handle_t handle, const char *key, const void *value, size_t length) {
    return set_item(handle, key, TYPE_BLOB, value, length);
}

/* With out_value NULL only the length is given; a buffer too small is ESP_ERR_NVS_INVALID_LENGTH. */
esp_err_t nvs_get_blob(nvs_handle_t handle, const char *key, void *out_value, size_t *length) {
    item_t *it;
    esp_err_t err = get_item(handle, key, TYPE_BLOB, &it);
    if (err != ESP_OK) {
        return err;
    }
    if (out_value == NULL) {
        *length = it->len;
        return ESP_OK;
    }
    if (*length < it->len) {
        return ESP_ERR_NVS_INVALID_LENGTH;
    }
    memcpy(out_value, it->value, it->len);
    *length = it->len;
    return ESP_OK;
}

esp_err_t nvs_erase_key(nvs_handle_t handle, const char *key) {
    item_t *it;
    if (handle >= 1 && handle <= HANDLES && !handles[handle - 1].writable) {
        return ESP_ERR_NVS_READ_ONLY;
    }
    esp_err_t err = lookup(handle, key, false, &it);
    if (err == ESP_OK) {
        it->used = false;
    }
    return err;
}

esp_err_t nvs_commit(nvs_handle_t handle) {
    bool torn;
    if (handle < 1 || handle > HANDLES || !handles[handle - 1].open) {
        return ESP_ERR_NVS_INVALID_HANDLE;
    }
    if (!idf_host__power(&torn)) {
        return ESP_FAIL;
    }
    memcpy(committed, working, sizeof committed);
    return ESP_OK;
}
