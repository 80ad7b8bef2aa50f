/*
 * Offer-key rotation against the fake server: an offer signed by a key the device does not know makes it fetch
 * the key's endorsement, which must be signed by a key it trusts (an offer key, or the release key) and name the
 * very key; the key is then kept through the port's state, in a few slots, and trusted after reboots.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "device.h"

static void offer_v2(void) {
    rig_image(&rig, test_image_defaults(), "2.0.0");
    device_offer();
}

/* The server signs with key from now on. */
static void server_signs_with(test_key_t *key) {
    fake_server.offer_key = key;
}

static void an_unknown_offer_key_nobody_endorses_is_refused(void **state) {
    (void) state;
    test_key_t next;
    test_key_generate(&next, "voyager-test");
    offer_v2();
    server_signs_with(&next);
    device_refused(VOYAGER_ERR_OFFER_KEY, "unknown-offer-key", false);
    assert_int_equal(fake_server.key_fetches, 1);
    char url[256];
    snprintf(url, sizeof url, "https://ota.test/v1/offer-keys/%s", next.id);
    assert_string_equal(fake_server.last_key_url, url);
    assert_string_equal(fake_server.last_bearer, "s3cret");
    test_key_free(&next);
}

static void a_new_offer_key_endorsed_by_the_old_one_is_learned_and_kept(void **state) {
    (void) state;
    test_key_t next;
    test_key_generate(&next, "voyager-test");
    fake_endorse(&next, &rig.offer_key);
    offer_v2();
    server_signs_with(&next);
    const voyager_offer_t *offer;
    assert_int_equal(voyager_check(&client, &offer), VOYAGER_OK);
    assert_string_equal(offer->etag, fake_server.check_etag); /* the offer's, not the endorsement's answer's */
    assert_int_equal(voyager_perform(&client), VOYAGER_OK);
    assert_int_equal(fake_server.key_fetches, 1);
    device_boot();
    assert_string_equal(rig.flash.version, "2.0.0");
    assert_int_equal(voyager_mark_valid(&client), VOYAGER_OK);
    /* after a reboot the learned key is still trusted, without asking again; so is the one the device came with */
    rig_image(&rig, test_image_defaults(), "3.0.0");
    device_offer();
    assert_int_equal(voyager_check(&client, NULL), VOYAGER_OK);
    server_signs_with(&rig.offer_key);
    assert_int_equal(voyager_check(&client, NULL), VOYAGER_OK);
    assert_int_equal(fake_server.key_fetches, 1);
    test_key_free(&next);
}

static void the_release_key_may_endorse_an_offer_key_and_a_learned_key_the_next(void **state) {
    (void) state;
    test_key_t second, third;
    test_key_generate(&second, "voyager-test");
    test_key_generate(&third, "voyager-test");
    offer_v2();
    fake_endorse(&second, &rig.key);
    server_signs_with(&second);
    assert_int_equal(voyager_check(&client, NULL), VOYAGER_OK);
    fake_endorse(&third, &second);
    server_signs_with(&third);
    assert_int_equal(voyager_check(&client, NULL), VOYAGER_OK);
    assert_int_equal(fake_server.key_fetches, 2);
    test_key_free(&second);
    test_key_free(&third);
}

static void an_endorsement_by_a_stranger_or_of_another_key_is_refused(void **state) {
    (void) state;
    test_key_t next, stranger;
    test_key_generate(&next, "voyager-test");
    test_key_generate(&stranger, "voyager-test");
    offer_v2();
    server_signs_with(&next);
    fake_endorse(&next, &stranger);
    device_refused(VOYAGER_ERR_OFFER_KEY, "unknown-offer-key", false);
    assert_non_null(strstr(voyager_last_error(&client), "not endorsed by a key this device trusts"));
    /* a valid signature by a trusted key, but the endorser it names is the stranger's id */
    fake_endorse(&next, &rig.offer_key);
    strcpy(fake_server.key_endorser, stranger.id);
    device_refused(VOYAGER_ERR_OFFER_KEY, "unknown-offer-key", false);
    /* named as trusted, signed by the stranger */
    fake_endorse(&next, &stranger);
    strcpy(fake_server.key_endorser, rig.offer_key.id);
    device_refused(VOYAGER_ERR_OFFER_KEY, "unknown-offer-key", false);
    assert_non_null(strstr(voyager_last_error(&client), "does not verify"));
    /* a trusted endorsement of some other key, served for this one */
    fake_endorse(&stranger, &rig.offer_key);
    strcpy(fake_server.key_statement_id, next.id);
    device_refused(VOYAGER_ERR_OFFER_KEY, "unknown-offer-key", false);
    assert_non_null(strstr(voyager_last_error(&client), "not the one the offer names"));
    /* a statement that is no statement */
    fake_endorse(&next, &rig.offer_key);
    fake_server.key_statement[3] = 'X';
    device_refused(VOYAGER_ERR_OFFER_KEY, "unknown-offer-key", false);
    /* none of them was learned: each check asked again */
    assert_int_equal(fake_server.key_fetches, 5);
    test_key_free(&next);
    test_key_free(&stranger);
}

/* Each rotation takes the oldest slot once all are used; the key the device was built with always stays. */
static void learned_keys_take_the_oldest_slot(void **state) {
    (void) state;
    test_key_t keys[VOYAGER_OFFER_KEY_SLOTS + 1];
    offer_v2();
    for (int i = 0; i <= VOYAGER_OFFER_KEY_SLOTS; i++) {
        test_key_generate(&keys[i], "voyager-test");
        fake_endorse(&keys[i], i == 0 ? &rig.offer_key : &keys[i - 1]);
        server_signs_with(&keys[i]);
        assert_int_equal(voyager_check(&client, NULL), VOYAGER_OK);
    }
    assert_int_equal(fake_server.key_fetches, VOYAGER_OFFER_KEY_SLOTS + 1);
    device_boot();
    for (int i = 1; i <= VOYAGER_OFFER_KEY_SLOTS; i++) {
        server_signs_with(&keys[i]);
        assert_int_equal(voyager_check(&client, NULL), VOYAGER_OK);
    }
    server_signs_with(&rig.offer_key);
    assert_int_equal(voyager_check(&client, NULL), VOYAGER_OK);
    assert_int_equal(fake_server.key_fetches, VOYAGER_OFFER_KEY_SLOTS + 1);
    server_signs_with(&keys[0]); /* the first learned, since replaced */
    fake_server.key_statement[0] = '\0';
    assert_int_equal(voyager_check(&client, NULL), VOYAGER_ERR_OFFER_KEY);
    for (int i = 0; i <= VOYAGER_OFFER_KEY_SLOTS; i++) {
        test_key_free(&keys[i]);
    }
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, device_setup, device_teardown)

int main(void) {
    const struct CMUnitTest tests[] = {
        TEST(an_unknown_offer_key_nobody_endorses_is_refused),
        TEST(a_new_offer_key_endorsed_by_the_old_one_is_learned_and_kept),
        TEST(the_release_key_may_endorse_an_offer_key_and_a_learned_key_the_next),
        TEST(an_endorsement_by_a_stranger_or_of_another_key_is_refused),
        TEST(learned_keys_take_the_oldest_slot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
