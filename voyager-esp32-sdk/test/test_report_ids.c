/*
 * Report ids, one per install attempt: two failed attempts of one offer are two reports, a retried report keeps its
 * id across reboots, a power cut does not start a new attempt, repeated refusals count once, and a record left by an
 * earlier SDK is settled and reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "device.h"
#include "keys.h"

/* How many reports the fake holds whose JSON contains needle. */
static int reports_with(const char *needle) {
    int n = 0;
    for (int i = 0; i < fake_server.report_count; i++) {
        n += strstr(fake_server.reports[i], needle) != NULL;
    }
    return n;
}

/* Exactly one report the fake holds has this reportId. */
static void reported_once(const char *id) {
    char needle[160];
    snprintf(needle, sizeof needle, "\"reportId\":\"%s\"", id);
    assert_int_equal(reports_with(needle), 1);
}

/* The reportId of the report at index i. */
static const char *id_of(int i) {
    static char id[136];
    assert_true(i >= 0);
    const char *start = strstr(fake_server.reports[i], "\"reportId\":\"") + 12;
    size_t n = (size_t) (strchr(start, '"') - start);
    memcpy(id, start, n);
    id[n] = '\0';
    return id;
}

/*
 * The offer's sequence is the catalog generation, the same at every check until the catalog changes: a download that
 * fails and a later one of the same offer that fails again are two failures, and their reports need two ids, or the
 * server keeps the first and drops the second as a duplicate.
 */
static void two_failed_attempts_of_one_offer_are_two_reports(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    rig.artifact[700] ^= 0x01; /* corrupted in transit, every time */
    assert_int_not_equal(voyager_poll(&client), VOYAGER_OK);
    int first = fake_find_report("\"status\":\"FAILED\"");
    assert_string_equal(id_of(first), "device-1-1.1-f");
    voyager_request_check(&client);
    assert_int_not_equal(voyager_poll(&client), VOYAGER_OK);
    assert_int_equal(reports_with("\"status\":\"FAILED\""), 2); /* both recorded: the fake drops duplicates */
    assert_int_equal(fake_server.duplicate_reports, 0);
    reported_once("device-1-1.2-f");
    reported_once("device-1-1.1-d");
    reported_once("device-1-1.2-d");
    /* the count survives a reboot: the next attempt is the third, not the first again */
    device_boot();
    rig.artifact[700] ^= 0x01;
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    reported_once("device-1-1.3-r");
    device_boot();
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    reported_once("device-1-1.3-s");
}

/* Rolled back, then offered the same release again in the same generation: the second install reports anew. */
static void an_offer_installed_again_after_a_rollback_reports_again(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    device_boot();
    device_boot(); /* the new firmware died before marking itself valid */
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_ROLLED_BACK);
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_OK); /* the rollback reported, the same offer installed again */
    reported_once("device-1-1.1-b");
    reported_once("device-1-1.1-r");
    reported_once("device-1-1.2-r");
    device_boot();
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    reported_once("device-1-1.2-s");
}

/* A report sent again, in the same boot or after reboots, keeps the id it had: the server counts it once. */
static void a_report_sent_again_keeps_its_id(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    device_boot();
    fake_server.down = true;
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    fake_server.check_status = 204;
    voyager_request_check(&client);
    voyager_poll(&client); /* tried again: still down */
    device_boot();
    device_boot();
    fake_server.down = false;
    voyager_request_check(&client);
    voyager_poll(&client);
    voyager_request_check(&client);
    voyager_poll(&client); /* sent once: nothing more is owed */
    assert_int_equal(reports_with("\"status\":\"SUCCESS\""), 1);
    reported_once("device-1-1.1-s");
}

/*
 * A power cut between voyager_begin (DOWNLOADING reported) and the outcome: the download resumes as the same
 * attempt, so the reports after the cut are about the attempt the server already knows.
 */
static void a_power_cut_after_begin_resumes_the_same_attempt(void **state) {
    (void) state;
    test_image_t t = test_image_defaults();
    t.segments[0] = 30000;
    rig_image(&rig, t, "2.0.0");
    device_offer();
    /* cut before a byte came: nothing but the attempt saved */
    assert_int_equal(voyager_check(&client, NULL), VOYAGER_OK);
    assert_int_equal(voyager_begin(&client), VOYAGER_OK);
    device_boot();
    /* cut mid-download, with a checkpoint */
    fake_server.cut_after = 12000;
    fake_server.cuts = 100;
    config.download_attempts = 1;
    device_boot();
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_NETWORK);
    device_boot();
    fake_server.cuts = 0;
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    assert_string_equal(fake_server.last_range, "12000");
    device_boot();
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    reported_once("device-1-1.1-d");
    assert_int_equal(fake_server.duplicate_reports, 2); /* DOWNLOADING after each resume: the same report again */
    reported_once("device-1-1.1-r");
    reported_once("device-1-1.1-s");
    assert_int_equal(reports_with(".2-"), 0);
    /* an offer of another artifact is another attempt, even with a download of the first under way */
    rig_image(&rig, t, "3.0.0");
    device_offer();
    fake_server.cuts = 100;
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_NETWORK);
    rig_image(&rig, t, "3.0.1");
    device_offer();
    fake_server.cuts = 0;
    device_boot();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    assert_int_equal(reports_with("\"reportId\":\"device-1-1.2-d\",\"deviceId\":\"device-1\",\"product\":\"locker\","
                                  "\"fromVersion\":\"2.0.0\",\"toVersion\":\"3.0.0\""), 1);
    assert_int_equal(reports_with("\"reportId\":\"device-1-1.3-r\",\"deviceId\":\"device-1\",\"product\":\"locker\","
                                  "\"fromVersion\":\"2.0.0\",\"toVersion\":\"3.0.1\""), 1);
}

/*
 * A refusal at the check is no install attempt: refusing the same offer for the same reason at every check of a
 * generation is one report (a rollout's failure rate must not climb while one device waits), another refusal in the
 * same generation is another report.
 */
static void a_refusal_repeated_at_every_check_is_one_report(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.has_manifest_signature = false;
    device_offer();
    for (int check = 0; check < 3; check++) {
        voyager_request_check(&client);
        assert_int_equal(voyager_poll(&client), VOYAGER_ERR_UNSIGNED);
    }
    assert_int_equal(reports_with("\"status\":\"FAILED\""), 1);
    assert_int_equal(fake_server.duplicate_reports, 2);
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.manifest_signature[3] ^= 1;
    device_offer();
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_ERR_SIGNATURE);
    assert_int_equal(reports_with("\"status\":\"FAILED\""), 2);
    assert_int_equal(reports_with("\"errorCode\":\"bad-signature\""), 1);
    assert_int_equal(reports_with("\"reportId\":\"device-1-1.x"), 2);
}

/*
 * The same for a begin refused before anything is written: here the new firmware, not yet marked valid, is offered
 * another release. No attempt is counted; once it may, the install is the device's second attempt, not its fourth.
 */
static void a_begin_refused_before_writing_counts_no_attempt(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    device_boot();
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
    rig_image(&rig, test_image_defaults(), "3.0.0");
    device_offer();
    for (int check = 0; check < 2; check++) {
        voyager_request_check(&client);
        assert_int_equal(voyager_poll(&client), VOYAGER_ERR_STATE);
    }
    int i = fake_find_report("\"errorCode\":\"invalid-state\"");
    assert_memory_equal(id_of(i), "device-1-1.x", 12);
    assert_int_equal(reports_with("\"status\":\"FAILED\""), 1);
    assert_int_equal(fake_server.duplicate_reports, 1);
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    reported_once("device-1-1.1-s");
    reported_once("device-1-1.2-r");
}

/* The pending record as an SDK before the attempt count wrote it, byte for byte ("VYP1"). */
typedef struct {
    uint32_t magic;
    uint32_t state;
    int64_t sequence;
    int64_t download_ms;
    int64_t bytes;
    char from[VOYAGER_VERSION_MAX + 1];
    char to[VOYAGER_VERSION_MAX + 1];
} old_pending_t;

static void save_old_pending(uint32_t state, int64_t sequence, const char *from, const char *to) {
    old_pending_t old;
    memset(&old, 0, sizeof old);
    old.magic = 0x31505956u;
    old.state = state;
    old.sequence = sequence;
    old.download_ms = 1500;
    old.bytes = 4096;
    snprintf(old.from, sizeof old.from, "%s", from);
    snprintf(old.to, sizeof old.to, "%s", to);
    assert_int_equal(rig.port.state_set(rig.port.ctx, VOYAGER_KEY_PENDING, &old, sizeof old), VOYAGER_OK);
}

/*
 * A device updated in the field from firmware with an earlier SDK: that firmware recorded the switch in its own
 * layout. The new firmware settles it and reports the outcome, with attempt 0 as the old firmware counted none
 * (an id unlike any the old firmware gave); its own attempts count from 1. An owed outcome in the old layout is sent
 * too; a record of neither layout is ignored.
 */
static void a_record_of_the_previous_layout_is_settled_and_reported(void **state) {
    (void) state;
    rig_image(&rig, test_image_defaults(), "2.0.0");
    rig.offer.sequence = 7;
    device_offer();
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    save_old_pending(2 /* switched */, 7, "1.0.0", "2.0.0"); /* as the old firmware records its install of 2.0.0 */
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NEW_FIRMWARE);
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    int i = fake_find_report("\"status\":\"SUCCESS\"");
    assert_memory_equal(id_of(i), "device-1-7.x", 12); /* no attempt: told apart by what it says */
    assert_string_equal(id_of(i) + 12 + 16, "-s");
    assert_non_null(strstr(fake_server.reports[i], "\"fromVersion\":\"1.0.0\",\"toVersion\":\"2.0.0\","
                           "\"runningVersion\":\"2.0.0\",\"status\":\"SUCCESS\",\"metrics\":{\"downloadMs\":1500,"
                           "\"bytes\":4096"));
    rig_image(&rig, test_image_defaults(), "3.0.0");
    rig.offer.sequence = 8;
    device_offer();
    voyager_request_check(&client);
    assert_int_equal(voyager_poll(&client), VOYAGER_OK);
    device_boot();
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    reported_once("device-1-8.1-r");
    reported_once("device-1-8.1-s");
    /* a rollback the old firmware settled but could not report yet */
    save_old_pending(5 /* rolled back, owed */, 9, "3.0.0", "4.0.0");
    device_boot();
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_ROLLED_BACK);
    fake_server.check_status = 204;
    voyager_request_check(&client);
    voyager_poll(&client);
    i = fake_find_report("\"status\":\"ROLLED_BACK\"");
    assert_memory_equal(id_of(i), "device-1-9.x", 12);
    assert_string_equal(id_of(i) + 12 + 16, "-b");
    assert_non_null(strstr(fake_server.reports[i], "\"fromVersion\":\"3.0.0\",\"toVersion\":\"4.0.0\""));
    /* a record of another size (a later layout, say), or of the old size and magic but torn: no record at all */
    old_pending_t odd;
    memset(&odd, 0x5a, sizeof odd);
    assert_int_equal(rig.port.state_set(rig.port.ctx, VOYAGER_KEY_PENDING, &odd, sizeof odd - 8), VOYAGER_OK);
    device_boot();
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NORMAL);
    odd.magic = 0x31505956u; /* versions without their end */
    assert_int_equal(rig.port.state_set(rig.port.ctx, VOYAGER_KEY_PENDING, &odd, sizeof odd), VOYAGER_OK);
    device_boot();
    assert_int_equal(voyager_boot_outcome(&client), VOYAGER_BOOT_NORMAL);
    int reports = fake_server.report_count;
    voyager_request_check(&client);
    voyager_poll(&client);
    assert_int_equal(fake_server.report_count, reports);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, device_setup, device_teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        TEST(two_failed_attempts_of_one_offer_are_two_reports),
        TEST(an_offer_installed_again_after_a_rollback_reports_again),
        TEST(a_report_sent_again_keeps_its_id),
        TEST(a_power_cut_after_begin_resumes_the_same_attempt),
        TEST(a_refusal_repeated_at_every_check_is_one_report),
        TEST(a_begin_refused_before_writing_counts_no_attempt),
        TEST(a_record_of_the_previous_layout_is_settled_and_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
