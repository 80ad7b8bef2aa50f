package io.voyagerota.transport.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.decision.Offer;
import io.voyagerota.transport.http.ResponseBody;
import io.voyagerota.wire.OfferJson;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes an offer's JSON ({@link OfferJson}) into one small per-request buffer, and derives its ETag on the way.
 *
 * <p>The ETag is a weak validator over every byte of the offer except its {@code sequence}, which is written last:
 * version, kind, link, size, hashes, signature, flags, device, model and expiry. Within one download-link window
 * the link and expiry are the same for every check, so a device polling again with {@code If-None-Match} gets 304
 * for the offer it already holds; a new release, a changed offer or the next link window changes the tag. It is
 * weak because the bodies it stands for differ in their sequence.
 */
final class OfferBody {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private OfferBody() {
    }

    /** An offer's body and ETag. */
    record Written(ResponseBody body, String etag) {
    }

    static Written write(Json json, Offer offer) {
        ByteSink sink = new ByteSink(1024);
        long hash;
        try (JsonGenerator g = json.generator(sink)) {
            OfferJson.writeHead(g, offer);
            g.flush();
            hash = fnv1a(sink.array(), sink.size());
            OfferJson.writeTail(g, offer);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return new Written(sink.toBody(), etag(hash));
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
