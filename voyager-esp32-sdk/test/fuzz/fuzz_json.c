/*
 * The JSON pull parser on any bytes: walked as a reader would walk it, each value read with the call its first
 * character suggests (and buffers small enough to overflow), and skipped whole; neither may read past the input,
 * and every result must keep the parser's promises.
 */
#include <string.h>

#include "fuzz.h"
#include "json.h"

static const char *peek(const voyager__json_t *j) {
    const char *p = j->p;
    while (p < j->end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
        p++;
    }
    return p;
}

static bool value(voyager__json_t *j, unsigned *salt);

static bool walk_object(voyager__json_t *j, unsigned *salt) {
    char key[8];
    if (!voyager__json_object(j)) {
        return false;
    }
    while (voyager__json_member(j, key, 1 + (*salt)++ % sizeof key)) {
        FUZZ_ASSERT(memchr(key, '\0', sizeof key) != NULL);
        if (!value(j, salt)) {
            return false;
        }
    }
    return j->err == VOYAGER_OK;
}

static bool walk_array(voyager__json_t *j, unsigned *salt) {
    if (!voyager__json_array(j)) {
        return false;
    }
    while (voyager__json_element(j)) {
        if (!value(j, salt)) {
            return false;
        }
    }
    return j->err == VOYAGER_OK;
}

static bool value(voyager__json_t *j, unsigned *salt) {
    const char *p = peek(j);
    char c = p < j->end ? *p : '\0';
    bool ok;
    (*salt)++;
    if (c == '{') {
        ok = walk_object(j, salt);
    } else if (c == '[') {
        ok = walk_array(j, salt);
    } else if (c == '"' && *salt % 3 != 0) {
        char text[24];
        size_t cap = *salt % 2 ? 4 : sizeof text;
        size_t len = 0;
        ok = voyager__json_string(j, text, cap, &len);
        FUZZ_ASSERT(!ok || (len < cap && text[len] == '\0'));
    } else if ((c == '-' || (c >= '0' && c <= '9')) && *salt % 3 != 0) {
        int64_t min = *salt % 2 ? INT64_MIN : 0;
        int64_t max = *salt % 2 ? INT64_MAX : 100;
        int64_t v = 0;
        ok = voyager__json_int(j, min, max, &v);
        FUZZ_ASSERT(!ok || (v >= min && v <= max));
    } else if ((c == 't' || c == 'f') && *salt % 3 != 0) {
        bool b;
        ok = voyager__json_bool(j, &b);
    } else {
        ok = voyager__json_skip(j);
    }
    FUZZ_ASSERT(j->p <= j->end);
    FUZZ_ASSERT(ok || j->err != VOYAGER_OK);
    return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *text = (const char *) data;
    voyager__json_t walked;
    voyager__json_t skipped;
    unsigned salt = size > 0 ? data[0] : 0;

    voyager__json_init(&walked, text, size);
    bool ok = value(&walked, &salt) && voyager__json_end(&walked);
    FUZZ_ASSERT(ok == (walked.err == VOYAGER_OK));

    /* skipping checks the whole syntax: whatever the walk read whole is JSON, so skipping it must pass too */
    voyager__json_init(&skipped, text, size);
    bool skip_ok = voyager__json_skip(&skipped) && voyager__json_end(&skipped);
    FUZZ_ASSERT(skip_ok == (skipped.err == VOYAGER_OK));
    FUZZ_ASSERT(skipped.p <= skipped.end);
    FUZZ_ASSERT(!ok || skip_ok);
    return 0;
}
