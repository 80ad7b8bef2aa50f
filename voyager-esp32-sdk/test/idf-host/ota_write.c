/*
 * app_update's writing half: esp_ota_begin / esp_ota_resume / esp_ota_write / esp_ota_write_with_offset /
 * esp_ota_end / esp_ota_abort, image verification as esp_ota_end and the bootloader do it, and the app
 * descriptors. With OTA_WITH_SEQUENTIAL_WRITES nothing is erased up front: a write erases the sectors it reaches
 * into, except the one holding the current position when that position is not at a sector's start (it was erased
 * when its first byte was written). esp_ota_resume takes up at image_offset under that same rule, so it trusts
 * the caller that everything before image_offset is on flash. With flash encryption, esp_ota_write can only write
 * whole 16-byte blocks: it holds the rest of a write back in RAM, writes it with the next one, and esp_ota_end pads
 * and writes what is left; a power loss loses what was held. Secure Boot signatures are not modelled;
 * verification is the image format's own: header, segments, checksum, appended SHA-256.
 */
#include <string.h>

#include "esp_app_desc.h"
#include "esp_err.h"
#include "esp_ota_ops.h"
#include "idf_host.h"
#include "voyager/sha256.h"

#define HANDLES 4
#define IMAGE_MAGIC 0xE9u
#define HEADER_LEN 24u  /* esp_image_header_t with its extended part */
#define SEGMENT_HEADER 8u
#define MAX_SEGMENTS 16u
#define DESC_MAGIC 0xABCD5432u

typedef struct {
    esp_ota_handle_t handle;           /* 0: free */
    const esp_partition_t *part;
    uint32_t wrote_size;               /* on flash, or handed to it */
    bool sequential;
    uint8_t held[16];                  /* flash encryption: the start of a block not written yet */
    size_t held_len;
} ota_op_t;

static ota_op_t ops[HANDLES];
static esp_ota_handle_t last_handle;

void idf_host__ota_reset(void) {
    memset(ops, 0, sizeof ops);
}

static uint32_t get32(const uint8_t *p) {
    return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/* The length of the image an app partition holds, its appended SHA-256 included, or 0 when it does not verify. */
static uint32_t image_len(const esp_partition_t *part) {
    const uint8_t *img = idf_host_bytes(part);
    if (img == NULL || part->type != ESP_PARTITION_TYPE_APP || img[0] != IMAGE_MAGIC || img[1] > MAX_SEGMENTS) {
        return 0;
    }
    uint32_t pos = HEADER_LEN;
    uint8_t checksum = 0xEF;
    for (unsigned i = 0; i < img[1]; i++) {
        if (pos + SEGMENT_HEADER > part->size) {
            return 0;
        }
        uint32_t len = get32(img + pos + 4);
        pos += SEGMENT_HEADER;
        if (len > part->size - pos) {
            return 0;
        }
        for (uint32_t k = 0; k < len; k++) {
            checksum ^= img[pos + k];
        }
        pos += len;
    }
    pos = (pos + 16) & ~15u; /* the checksum ends a 16-byte block */
    if (pos + 32 > part->size || img[pos - 1] != checksum) {
        return 0;
    }
    if (img[23] == 1) {
        uint8_t digest[VOYAGER_SHA256_LEN];
        voyager_sha256_t sha;
        voyager_sha256_init(&sha);
        voyager_sha256_update(&sha, img, pos);
        voyager_sha256_final(&sha, digest);
        return memcmp(digest, img + pos, sizeof digest) == 0 ? pos + 32 : 0;
    }
    return pos;
}

bool idf_host__image_ok(const esp_partition_t *part) {
    return image_len(part) > 0;
}

/*
 * As ESP-IDF's: for an app partition the SHA-256 of the image it holds (what the bootloader verifies, however much
 * of the partition lies beyond it), ESP_ERR_IMAGE_INVALID when there is none; for a data partition, of all of it.
 */
esp_err_t esp_partition_get_sha256(const esp_partition_t *part, uint8_t *sha_256) {
    const uint8_t *bytes = idf_host_bytes(part);
    if (bytes == NULL || sha_256 == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    uint32_t len = part->type == ESP_PARTITION_TYPE_APP ? image_len(part) : part->size;
    if (len == 0) {
        return 0x2002; /* ESP_ERR_IMAGE_INVALID, of esp_image_format.h */
    }
    voyager_sha256_t sha;
    voyager_sha256_init(&sha);
    voyager_sha256_update(&sha, bytes, len);
    voyager_sha256_final(&sha, sha_256);
    return ESP_OK;
}

static ota_op_t *find(esp_ota_handle_t handle) {
    for (int i = 0; i < HANDLES; i++) {
        if (handle != 0 && ops[i].handle == handle) {
            return &ops[i];
        }
    }
    return NULL;
}

static uint32_t round_up(uint32_t value) {
    return (value + IDF_HOST_SECTOR - 1) / IDF_HOST_SECTOR * IDF_HOST_SECTOR;
}

/*
 * What esp_ota_begin and esp_ota_resume share: the checks, the erase asked for, a handle. Only a begin refuses to
 * start while the running app waits for its verdict, and only a begin invalidates the inactive otadata record.
 */
static esp_err_t open_op(const esp_partition_t *part, size_t erase_size, uint32_t offset, bool resume,
                         esp_ota_handle_t *out) {
    if (part == NULL || out == NULL || !idf_host__is_ota_app(part)) {
        return ESP_ERR_INVALID_ARG;
    }
    if (part == esp_ota_get_running_partition()) {
        return ESP_ERR_OTA_PARTITION_CONFLICT;
    }
    esp_ota_img_states_t running;
    if (!resume && idf_host.rollback
            && esp_ota_get_state_partition(esp_ota_get_running_partition(), &running) == ESP_OK
            && running == ESP_OTA_IMG_PENDING_VERIFY) {
        return ESP_ERR_OTA_ROLLBACK_INVALID_STATE; /* confirm the running app first */
    }
    if (offset > part->size) {
        return ESP_ERR_INVALID_ARG;
    }
    ota_op_t *op = NULL;
    for (int i = 0; op == NULL && i < HANDLES; i++) {
        op = ops[i].handle == 0 ? &ops[i] : NULL;
    }
    if (op == NULL) {
        return ESP_ERR_NO_MEM;
    }
    bool sequential = erase_size == OTA_WITH_SEQUENTIAL_WRITES;
    if (!sequential) {
        uint32_t from = round_up(offset);
        uint32_t to = erase_size == 0 || erase_size == OTA_SIZE_UNKNOWN ? part->size
                : round_up((uint32_t) (offset + erase_size));
        if (to > part->size) {
            return ESP_ERR_INVALID_SIZE;
        }
        esp_err_t err = from < to ? esp_partition_erase_range(part, from, to - from) : ESP_OK;
        if (err != ESP_OK) {
            return err;
        }
    }
    if (!resume && idf_host.rollback) {
        idf_host__invalidate_inactive();
    }
    op->handle = ++last_handle;
    op->part = part;
    op->wrote_size = offset;
    op->sequential = sequential;
    *out = op->handle;
    return ESP_OK;
}

esp_err_t esp_ota_begin(const esp_partition_t *partition, size_t image_size, esp_ota_handle_t *out_handle) {
    return open_op(partition, image_size, 0, false, out_handle);
}

/* an IDF that has it: 5.3.3+, 5.4.2+, 5.5+ */
#if ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 4, 2) \
        || (ESP_IDF_VERSION >= ESP_IDF_VERSION_VAL(5, 3, 3) && ESP_IDF_VERSION < ESP_IDF_VERSION_VAL(5, 4, 0))
esp_err_t esp_ota_resume(const esp_partition_t *partition, const size_t erase_size, const size_t image_offset,
                         esp_ota_handle_t *out_handle) {
    return open_op(partition, erase_size, (uint32_t) image_offset, true, out_handle);
}
#endif

/* Sequential writes: erases the sectors [at, at + size) reaches into that no earlier write did. */
static esp_err_t erase_ahead(ota_op_t *op, uint32_t at, size_t size) {
    uint32_t first = at / IDF_HOST_SECTOR;
    uint32_t last = (uint32_t) ((at + size - 1) / IDF_HOST_SECTOR);
    if (at % IDF_HOST_SECTOR != 0) {
        first++;
    }
    return first <= last ? esp_partition_erase_range(op->part, first * IDF_HOST_SECTOR,
                                                     (last - first + 1) * IDF_HOST_SECTOR)
                         : ESP_OK;
}

static esp_err_t write_at_end(ota_op_t *op, const void *data, size_t size) {
    esp_err_t err = esp_partition_write(op->part, op->wrote_size, data, size);
    if (err == ESP_OK) {
        op->wrote_size += (uint32_t) size;
    }
    return err;
}

/* Flash encryption: completes a held block first, then writes whole blocks and holds the rest back. */
static esp_err_t write_blocks(ota_op_t *op, const uint8_t *data, size_t size) {
    if (op->held_len > 0) {
        size_t n = size < 16 - op->held_len ? size : 16 - op->held_len;
        memcpy(op->held + op->held_len, data, n);
        op->held_len += n;
        data += n;
        size -= n;
        if (op->held_len < 16) {
            return ESP_OK;
        }
        esp_err_t err = write_at_end(op, op->held, 16);
        if (err != ESP_OK) {
            return err;
        }
        op->held_len = 0;
    }
    op->held_len = size % 16;
    memcpy(op->held, data + size - op->held_len, op->held_len);
    return size > op->held_len ? write_at_end(op, data, size - op->held_len) : ESP_OK;
}

esp_err_t esp_ota_write(esp_ota_handle_t handle, const void *data, size_t size) {
    ota_op_t *op = find(handle);
    if (op == NULL || data == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    if (size == 0) {
        return ESP_OK;
    }
    if (op->wrote_size == 0 && op->held_len == 0 && ((const uint8_t *) data)[0] != IMAGE_MAGIC) {
        return ESP_ERR_OTA_VALIDATE_FAILED;
    }
    if (size > op->part->size - op->wrote_size) {
        return ESP_ERR_INVALID_SIZE;
    }
    esp_err_t err = op->sequential ? erase_ahead(op, op->wrote_size, size) : ESP_OK;
    return err != ESP_OK ? err : idf_host.flash_encryption ? write_blocks(op, data, size)
                                                           : write_at_end(op, data, size);
}

/* Writes at an offset the caller chose, erasing nothing: the caller erased the range (esp_ota_begin's size). */
esp_err_t esp_ota_write_with_offset(esp_ota_handle_t handle, const void *data, size_t size, uint32_t offset) {
    ota_op_t *op = find(handle);
    if (op == NULL || data == NULL) {
        return ESP_ERR_INVALID_ARG;
    }
    esp_err_t err = esp_partition_write(op->part, offset, data, size);
    if (err == ESP_OK) {
        op->wrote_size += (uint32_t) size; /* a count of bytes, as in ESP-IDF, not a position */
    }
    return err;
}

esp_err_t esp_ota_end(esp_ota_handle_t handle) {
    ota_op_t *op = find(handle);
    if (op == NULL) {
        return ESP_ERR_NOT_FOUND;
    }
    esp_err_t err = op->wrote_size > 0 || op->held_len > 0 ? ESP_OK : ESP_ERR_INVALID_ARG;
    if (err == ESP_OK && op->held_len > 0) {
        memset(op->held + op->held_len, 0xff, 16 - op->held_len);
        err = write_at_end(op, op->held, 16) == ESP_OK ? ESP_OK : ESP_ERR_INVALID_STATE;
    }
    if (err == ESP_OK && !idf_host__image_ok(op->part)) {
        err = ESP_ERR_OTA_VALIDATE_FAILED;
    }
    memset(op, 0, sizeof *op); /* freed whatever the verdict */
    return err;
}

esp_err_t esp_ota_abort(esp_ota_handle_t handle) {
    ota_op_t *op = find(handle);
    if (op == NULL) {
        return ESP_ERR_NOT_FOUND;
    }
    memset(op, 0, sizeof *op);
    return ESP_OK;
}

/* The descriptor is the first segment's first bytes. */
esp_err_t esp_ota_get_partition_description(const esp_partition_t *partition, esp_app_desc_t *app_desc) {
    const uint8_t *img = idf_host_bytes(partition);
    if (img == NULL || app_desc == NULL || partition->type != ESP_PARTITION_TYPE_APP) {
        return ESP_ERR_INVALID_ARG;
    }
    memcpy(app_desc, img + HEADER_LEN + SEGMENT_HEADER, sizeof *app_desc);
    return app_desc->magic_word == DESC_MAGIC ? ESP_OK : ESP_ERR_NOT_FOUND;
}

const esp_app_desc_t *esp_app_get_description(void) {
    static esp_app_desc_t running;
    if (esp_ota_get_partition_description(esp_ota_get_running_partition(), &running) != ESP_OK) {
        memset(&running, 0, sizeof running);
    }
    return &running;
}
