/* The report JSON: its exact shape, the report id rules, escaping, and a buffer too small. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "voyager/report.h"

static voyager_report_t sample(void) {
    voyager_report_t r = {"24:0a:c4:12:34:56", "locker", 1893456000000LL, "1.4.1", "1.4.2", "1.4.2",
                          VOYAGER_STATUS_SUCCESS, NULL, NULL, 15000, 1536000, 78};
    return r;
}

static void the_documented_report(void **state) {
    (void) state;
    char out[1024];
    size_t len;
    voyager_report_t r = sample();
    assert_int_equal(voyager_report_json(&r, out, sizeof out, &len), VOYAGER_OK);
    assert_string_equal(out, "{\"reportId\":\"24:0a:c4:12:34:56-1893456000000-s\",\"deviceId\":\"24:0a:c4:12:34:56\","
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
    assert_non_null(strstr(out, "-1893456000000-f\""));
    assert_non_null(strstr(out, "\"status\":\"FAILED\",\"errorCode\":\"sha256-mismatch\",\"errorMessage\":"
                           "\"a \\\"quoted\\\"\\\\ line\\u000a\"}"));
    assert_null(strstr(out, "metrics"));
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
    voyager_report_id(&r, id);
    voyager_report_id(&r, again);
    assert_true(strlen(id) <= 128);
    assert_string_equal(id, again);
    assert_int_equal(id[0], 'd');
    long_id[5] = 'y'; /* another device gets another id */
    voyager_report_id(&r, again);
    assert_string_not_equal(id, again);
    r.device_id = "-starts-with-a-dash";
    voyager_report_id(&r, id);
    assert_int_equal(id[0], 'd');
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
        cmocka_unit_test(too_small_a_buffer_is_said),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
