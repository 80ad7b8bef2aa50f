/* The report JSON: its exact shape, the report id rules (attempts, the server's limit), escaping, a small buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "voyager/report.h"

static voyager_report_t sample(void) {
    voyager_report_t r = {"24:0a:c4:12:34:56", "locker", 1893456000000LL, "1.4.1", "1.4.2", "1.4.2",
                          VOYAGER_STATUS_SUCCESS, NULL, NULL, 15000, 1536000, 78, 3};
    return r;
}

static void the_documented_report(void **state) {
    (void) state;
    char out[1024];
    size_t len;
    voyager_report_t r = sample();
    assert_int_equal(voyager_report_json(&r, out, sizeof out, &len), VOYAGER_OK);
    assert_string_equal(out, "{\"reportId\":\"24:0a:c4:12:34:56-1893456000000.3-s\",\"deviceId\":\"24:0a:c4:12:34:56\","
                        "\"product\":\"locker\",\"fromVersion\":\"1.4.1\",\"toVersion\":\"1.4.2\",\"runningVersion\":"
                        "\"1.4.2\",\"status\":\"SUCCESS\",\"metrics\":{\"downloadMs\":15000,\"bytes\":1536000,"
                        "\"battery\":78}}");
    assert_int_equal(len, strlen(out));
    r.status = VOYAGER_STATUS_FAILED;
    r.error_code = "sha256-mismatch";
    r.error_message = "a \"quoted\"\\ line\n";
    r.download_ms = r.bytes = -1;
    r.battery = -1;
    assert_int_equal(voyager_report_json(&r, out, sizeof out, &len), VOYAGER_OK);
    assert_non_null(strstr(out, "-1893456000000.3-f\""));
    assert_non_null(strstr(out, "\"status\":\"FAILED\",\"errorCode\":\"sha256-mismatch\",\"errorMessage\":"
                           "\"a \\\"quoted\\\"\\\\ line\\u000a\"}"));
    assert_null(strstr(out, "metrics"));
}

/* What the server takes as a report id: 1 to 128 of letters, digits, '.', '_', ':' and '-'. */
static void assert_server_takes(const char *id) {
    size_t n = strlen(id);
    assert_true(n >= 1 && n <= 128);
    for (size_t i = 0; i < n; i++) {
        char ch = id[i];
        assert_true((ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '.'
                    || ch == '_' || ch == ':' || ch == '-');
    }
}

static void report_ids_fit_the_server_and_stay_stable(void **state) {
    (void) state;
    char id[129], again[129];
    voyager_report_t r = sample();
    static const char *const statuses = "dirsfb";
    for (int s = VOYAGER_STATUS_DOWNLOADING; s <= VOYAGER_STATUS_ROLLED_BACK; s++) {
        r.status = (voyager_status_t) s;
        voyager_report_id(&r, id);
        assert_int_equal(id[strlen(id) - 1], statuses[s]);
    }
    char long_id[129];
    memset(long_id, 'x', 128);
    long_id[128] = '\0';
    r.device_id = long_id;
    r.sequence = INT64_MAX;
    r.attempt = UINT32_MAX;
    voyager_report_id(&r, id);
    voyager_report_id(&r, again);
    assert_server_takes(id);
    assert_string_equal(id, again);
    assert_int_equal(id[0], 'd');
    assert_non_null(strstr(id, "-9223372036854775807.4294967295-b"));
    long_id[5] = 'y'; /* another device gets another id */
    voyager_report_id(&r, again);
    assert_string_not_equal(id, again);
    r.device_id = "-starts-with-a-dash";
    voyager_report_id(&r, id);
    assert_int_equal(id[0], 'd');
    assert_server_takes(id);
}

/*
 * The sequence is the catalog generation, the same for every offer until the catalog changes: two installs of one
 * offer differ only by their attempt, and must not share an id, or the server drops the second as a duplicate.
 */
static void attempts_of_one_offer_get_ids_of_their_own(void **state) {
    (void) state;
    char first[129], second[129], again[129];
    voyager_report_t r = sample();
    r.status = VOYAGER_STATUS_FAILED;
    r.attempt = 1;
    voyager_report_id(&r, first);
    r.attempt = 2;
    voyager_report_id(&r, second);
    assert_string_equal(first, "24:0a:c4:12:34:56-1893456000000.1-f");
    assert_string_equal(second, "24:0a:c4:12:34:56-1893456000000.2-f");
    r.attempt = 1; /* a retry of the first attempt's report */
    voyager_report_id(&r, again);
    assert_string_equal(again, first);
}

/*
 * Attempt 0, no install attempt (an offer refused at the check): what the report says tells reports apart. The same
 * refusal at every check of a generation is one report; another version or another reason is another.
 */
static void reports_about_no_attempt_are_told_apart_by_what_they_say(void **state) {
    (void) state;
    char id[129], again[129];
    voyager_report_t r = sample();
    r.status = VOYAGER_STATUS_FAILED;
    r.attempt = 0;
    r.error_code = "bad-signature";
    voyager_report_id(&r, id);
    assert_int_equal(strlen(id), strlen("24:0a:c4:12:34:56-1893456000000.x") + 16 + 2);
    assert_memory_equal(id, "24:0a:c4:12:34:56-1893456000000.x", strlen("24:0a:c4:12:34:56-1893456000000.x"));
    assert_string_equal(id + strlen(id) - 2, "-f");
    r.error_message = "another sentence, the same reason";
    r.battery = 12;
    voyager_report_id(&r, again);
    assert_string_equal(again, id);
    r.error_code = "unsigned-release";
    voyager_report_id(&r, again);
    assert_string_not_equal(again, id);
    r.error_code = "bad-signature";
    r.to_version = "1.4.3";
    voyager_report_id(&r, again);
    assert_string_not_equal(again, id);
    /* where one version ends and the next begins counts */
    r.from_version = "1.4.1";
    r.to_version = "1.4.23";
    voyager_report_id(&r, id);
    r.from_version = "1.4.12";
    r.to_version = "1.4.3";
    voyager_report_id(&r, again);
    assert_string_not_equal(again, id);
    /* and no attempt's id is one of an attempt: ".x" is never digits */
    r.attempt = 1;
    voyager_report_id(&r, again);
    assert_null(strstr(again, ".x"));
}

/* Where the device id stops fitting as it is: 88 characters, so that the longest tail of any form still fits. */
static void the_longest_device_ids_that_fit_as_they_are(void **state) {
    (void) state;
    char dev[129], id[129];
    voyager_report_t r = sample();
    r.sequence = INT64_MAX;
    r.attempt = 0;
    r.status = VOYAGER_STATUS_FAILED;
    memset(dev, 'a', sizeof dev - 1);
    dev[88] = '\0'; /* 88 + "-" + 19 digits + ".x" + 16 hex digits + "-f" = 128 */
    r.device_id = dev;
    voyager_report_id(&r, id);
    assert_int_equal(strlen(id), 128);
    assert_memory_equal(id, dev, 88);
    assert_memory_equal(id + 88, "-9223372036854775807.x", 22);
    assert_string_equal(id + 126, "-f");
    assert_server_takes(id);
    r.attempt = UINT32_MAX; /* an attempt is shorter, and takes the same device ids as they are */
    voyager_report_id(&r, id);
    assert_memory_equal(id, dev, 88);
    assert_string_equal(id + 88, "-9223372036854775807.4294967295-f");
    dev[88] = 'a';
    dev[89] = '\0';
    voyager_report_id(&r, id);
    assert_int_equal(id[0], 'd');
    assert_string_equal(id + 17, "-9223372036854775807.4294967295-f");
    r.attempt = 0;
    voyager_report_id(&r, id);
    assert_int_equal(id[0], 'd');
    assert_int_equal(strlen(id), 17 + 40);
    assert_string_equal(id + 17 + 38, "-f");
    assert_server_takes(id);
}

static void too_small_a_buffer_is_said(void **state) {
    (void) state;
    char out[64];
    voyager_report_t r = sample();
    assert_int_equal(voyager_report_json(&r, out, sizeof out, NULL), VOYAGER_ERR_BUFFER);
    assert_string_equal(out, "");
    r.product = NULL;
    assert_int_equal(voyager_report_json(&r, out, sizeof out, NULL), VOYAGER_ERR_ARG);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_documented_report),
        cmocka_unit_test(report_ids_fit_the_server_and_stay_stable),
        cmocka_unit_test(attempts_of_one_offer_get_ids_of_their_own),
        cmocka_unit_test(reports_about_no_attempt_are_told_apart_by_what_they_say),
        cmocka_unit_test(the_longest_device_ids_that_fit_as_they_are),
        cmocka_unit_test(too_small_a_buffer_is_said),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
