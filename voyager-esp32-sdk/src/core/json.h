/*
 * A bounded pull parser for the JSON the server sends (RFC 8259): no allocation, strings decoded into caller
 * buffers, nesting depth limited, every value either read or skipped with full validation. Not public API.
 */
#ifndef VOYAGER_JSON_H
#define VOYAGER_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "voyager/error.h"

#define VOYAGER__JSON_MAX_DEPTH 8 /* as the server's own limit */

typedef struct {
    const char *p;
    const char *end;
    int depth;
    bool first;     /* no member or element read yet in the current container */
    voyager_err_t err;
} voyager__json_t;

void voyager__json_init(voyager__json_t *j, const char *text, size_t len);

/** Expects '{' and enters the object. */
bool voyager__json_object(voyager__json_t *j);
/** Expects '[' and enters the array. */
bool voyager__json_array(voyager__json_t *j);

/**
 * The next member's name, decoded into key (NUL-terminated; a name longer than cap-1 is read as "" so it matches no
 * known field and its value is skipped). Returns false at the closing '}' or on an error (see j->err).
 */
bool voyager__json_member(voyager__json_t *j, char *key, size_t cap);
/** Whether another element follows in the current array; false at ']' or on an error. */
bool voyager__json_element(voyager__json_t *j);

/** Reads a string value into out (NUL-terminated); longer than cap-1 bytes is VOYAGER_ERR_JSON. */
bool voyager__json_string(voyager__json_t *j, char *out, size_t cap, size_t *len);
/** Reads an integer value (no fraction or exponent) between min and max. */
bool voyager__json_int(voyager__json_t *j, int64_t min, int64_t max, int64_t *out);
bool voyager__json_bool(voyager__json_t *j, bool *out);
/** Skips any value, checking its syntax and the depth limit. */
bool voyager__json_skip(voyager__json_t *j);
/** After the top-level value: nothing but whitespace may follow. */
bool voyager__json_end(voyager__json_t *j);

/** Marks the parse failed with code (the first failure wins) and returns false. */
bool voyager__json_fail(voyager__json_t *j, voyager_err_t code);

#endif
