package io.voyagerota.transport.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.decision.Offer;
import io.voyagerota.signing.OfferSigner;
import io.voyagerota.signing.SignedOffer;
import io.voyagerota.transport.http.ResponseBody;
import io.voyagerota.transport.http.VoyagerResponse.Header;
import io.voyagerota.wire.OfferJson;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes an offer's JSON ({@link OfferJson}) into one small per-request buffer, derives its ETag on the way, and signs
 * it with the offer key.
 *
 * <p>The ETag is a weak validator over every byte of the offer. Within one download-link window the link and expiry
 * are the same for every check, and the sequence (the catalog generation) changes only with the catalog, so a device
 * polling again with {@code If-None-Match} gets 304 for the offer it already holds; a new release, a changed offer or
 * the next link window changes the tag. It is weak because a 64-bit FNV hash is no cryptographic commitment: the
 * signature and the proof are.
 */
final class OfferBody {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    static final String SIGNATURE = "Voyager-Offer-Signature";
    static final String KEY = "Voyager-Offer-Key";

    private OfferBody() {
    }

    /**
     * An offer's body, ETag and signature, with the headers that carry the last two: the same for every check that
     * gets this offer, so they are built once.
     */
    record Written(ResponseBody body, String etag, SignedOffer signed, Header etagHeader, Header signatureHeader,
                   Header keyHeader) {
        Written(ResponseBody body, String etag, SignedOffer signed) {
            this(body, etag, signed, new Header("ETag", etag), new Header(SIGNATURE, signed.signatureBase64()),
                    new Header(KEY, signed.keyId()));
        }
    }

    static Written write(Json json, Offer offer, OfferSigner signer) {
        ByteSink sink = new ByteSink(1536);
        try (JsonGenerator g = json.generator(sink)) {
            OfferJson.write(g, offer);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        SignedOffer signed = signer.sign(offer.deviceId(), sink.array(), sink.size());
        return new Written(sink.toBody(), etag(fnv1a(sink.array(), sink.size())), signed);
    }

    /** 64-bit FNV-1a: a cache validator needs no cryptographic strength, only a negligible chance of collision. */
    private static long fnv1a(byte[] bytes, int length) {
        long h = FNV_OFFSET;
        for (int i = 0; i < length; i++) {
            h = (h ^ (bytes[i] & 0xff)) * FNV_PRIME;
        }
        return h;
    }

    private static String etag(long hash) {
        char[] out = new char[20];
        out[0] = 'W';
        out[1] = '/';
        out[2] = '"';
        for (int i = 0; i < 16; i++) {
            out[3 + i] = HEX[(int) (hash >>> (60 - 4 * i)) & 0xf];
        }
        out[19] = '"';
        return new String(out);
    }
}
