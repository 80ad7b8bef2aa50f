package io.voyagerota.transport.http.internal;

import io.voyagerota.Voyager;
import io.voyagerota.signing.KeyId;
import io.voyagerota.signing.OfferKeyEndorsement;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.VoyagerResponse.Header;
import io.voyagerota.wire.WireJson;
import io.voyagerota.transport.http.ResponseBody;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/offer-keys/{keyId}}: the endorsement of an offer key, for a device that meets it in an offer. It
 * needs no credential: the statement is public and proves itself with the endorser's signature, so it can be served
 * from any cache.
 */
final class OfferKeyEndpoint {
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Header TEXT = new Header("Content-Type", "text/plain; charset=us-ascii");
    private static final Header CACHEABLE = new Header("Cache-Control", "public, max-age=3600");

    private final Voyager voyager;

    OfferKeyEndpoint(Voyager voyager) {
        this.voyager = voyager;
    }

    VoyagerResponse answer(VoyagerRequest request, String keyId) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            throw Requests.methodNotAllowed(request, "GET, HEAD");
        }
        if (!KEY_ID.matcher(keyId).matches()) {
            throw HttpProblem.badParameter("keyId", "a key id is 64 lowercase hex digits (the SHA-256 of the key's"
                    + " DER SubjectPublicKeyInfo), not '" + WireJson.printable(keyId) + "'");
        }
        OfferKeyEndorsement endorsement = voyager.offerKeyEndorsement(new KeyId(keyId)).orElseThrow(() ->
                HttpProblem.of(404, "not-found", "this server holds no endorsement of offer key "
                        + keyId.substring(0, 16) + (keyId.equals(voyager.offerSigner().keyId().hex())
                        ? ": it is the current offer key, which was never rotated to; build devices with it" : "")));
        byte[] statement = endorsement.statement();
        return new VoyagerResponse(200, List.of(TEXT, CACHEABLE,
                new Header(OfferBody.SIGNATURE, endorsement.signature().base64()),
                new Header(OfferBody.KEY, endorsement.endorser().hex())),
                ResponseBody.of(statement));
    }
}
