package io.voyagerota.transport.http.internal;

import io.voyagerota.decision.Offer;
import io.voyagerota.signing.OfferSigner;

/**
 * The offers this node answered lately, rendered, signed and with their headers built, so that a device polling again
 * for the same offer (within one download-link window, until the catalog changes) costs no JSON, no hashing and no
 * signature lookup: only the per-check proof. A bounded four-way set-associative cache keyed by device, like the
 * offer signer's, and lock-free the same way: a slot holds an immutable entry, and a race between two writers only
 * costs one of them its entry.
 *
 * <p>An entry is some 700 bytes (the offer, its ~450-byte body and three headers), so the default 16,384 slots hold
 * about 11 MB when full.
 */
final class OfferCache {
    static final int DEFAULT_SLOTS = 16_384;
    private static final int WAYS = 4;

    private final Json json;
    private final OfferSigner signer;
    private final Entry[] slots;
    private final int mask;

    /** @param slots a power of two of at least 4, or 0 for no cache (every offer is rendered anew) */
    OfferCache(Json json, OfferSigner signer, int slots) {
        if (slots != 0 && (slots < WAYS || Integer.bitCount(slots) != 1)) {
            throw new IllegalArgumentException("slots must be 0 or a power of two of at least " + WAYS);
        }
        this.json = json;
        this.signer = signer;
        this.slots = new Entry[slots];
        this.mask = slots - 1;
    }

    /** The offer rendered and signed: from the cache when this device was just given the very same offer. */
    OfferBody.Written written(Offer offer) {
        if (slots.length == 0) {
            return OfferBody.write(json, offer, signer);
        }
        String deviceId = offer.deviceId();
        int set = (deviceId.hashCode() * 0x9E3779B9 >>> 8) & mask & ~(WAYS - 1);
        int own = -1;
        for (int way = set; way < set + WAYS; way++) {
            Entry e = slots[way];
            if (e != null && e.offer.deviceId().equals(deviceId)) {
                if (e.offer.equals(offer)) {
                    return e.written;
                }
                own = way;
            }
        }
        OfferBody.Written written = OfferBody.write(json, offer, signer);
        Entry entry = new Entry(offer, written);
        if (own >= 0) {
            slots[own] = entry; // this device's earlier offer
        } else {
            System.arraycopy(slots, set, slots, set + 1, WAYS - 1); // the newest first, the oldest out
            slots[set] = entry;
        }
        return written;
    }

    private record Entry(Offer offer, OfferBody.Written written) {
    }
}
