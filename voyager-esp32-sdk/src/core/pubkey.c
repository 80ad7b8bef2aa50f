/* P-256 public keys as the trust chain names them: DER SubjectPublicKeyInfo, read from PEM or a key statement. */
#include <string.h>

#include "trust.h"
#include "voyager/sha256.h"

/*
 * SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING { 0x04 x y } }: with the curve named and the
 * point uncompressed every P-256 key has exactly this prefix, so a key id computed here is the server's.
 */
static const uint8_t SPKI_PREFIX[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
                                      0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
                                      0x04};

#define PEM_BEGIN "-----BEGIN PUBLIC KEY-----"
#define PEM_END "-----END PUBLIC KEY-----"
#define DER_TEXT_MAX 124 /* base64 of VOYAGER_KEY_DER_LEN bytes */
#define STATEMENT_HEAD "voyager-offer-key 1\nkey "

bool voyager_p256_der_valid(const uint8_t *der, size_t len) {
    return len == VOYAGER_KEY_DER_LEN && memcmp(der, SPKI_PREFIX, sizeof SPKI_PREFIX) == 0;
}

static bool space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool voyager_p256_from_pem(const char *pem, uint8_t der[VOYAGER_KEY_DER_LEN]) {
    char text[DER_TEXT_MAX];
    size_t n = 0;
    const char *p = pem != NULL ? strstr(pem, PEM_BEGIN) : NULL;
    const char *end = p != NULL ? strstr(p, PEM_END) : NULL;
    if (end == NULL) {
        return false;
    }
    /* the body's lines joined: openssl wraps at 64 columns, a Kconfig string holds it on one line */
    for (p += strlen(PEM_BEGIN); p < end; p++) {
        if (space(*p)) {
            continue;
        }
        if (n == sizeof text) {
            return false;
        }
        text[n++] = *p;
    }
    return voyager_base64_decode(text, n, der, VOYAGER_KEY_DER_LEN) == VOYAGER_KEY_DER_LEN
            && voyager_p256_der_valid(der, VOYAGER_KEY_DER_LEN);
}

void voyager_key_id(const uint8_t der[VOYAGER_KEY_DER_LEN], uint8_t id[32]) {
    voyager_sha256_t sha;
    voyager_sha256_init(&sha);
    voyager_sha256_update(&sha, der, VOYAGER_KEY_DER_LEN);
    voyager_sha256_final(&sha, id);
}

bool voyager_statement_key(const uint8_t *body, size_t len, uint8_t der[VOYAGER_KEY_DER_LEN]) {
    size_t head = strlen(STATEMENT_HEAD);
    if (len != head + DER_TEXT_MAX + 1 || memcmp(body, STATEMENT_HEAD, head) != 0 || body[len - 1] != '\n') {
        return false;
    }
    return voyager_base64_decode((const char *) body + head, DER_TEXT_MAX, der, VOYAGER_KEY_DER_LEN)
            == VOYAGER_KEY_DER_LEN && voyager_p256_der_valid(der, VOYAGER_KEY_DER_LEN);
}
