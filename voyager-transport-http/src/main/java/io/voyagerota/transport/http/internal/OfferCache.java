package io.voyagerota.transport.http.internal;

import io.voyagerota.decision.Offer;
import io.voyagerota.signing.OfferSigner;
import io.voyagerota.support.DeviceSlots;

/**
 * The offers this node answered lately, rendered, signed and with their headers built, so that a device polling again
 * for the same offer (within one download-link window, until the catalog changes) costs no JSON, no hashing and no
 * signature lookup: only the per-check proof. Kept in {@link DeviceSlots}, like the offer signer's signatures.
 *
 * <p>An entry is some 700 bytes (the offer, its ~450-byte body and three headers), so the default 16,384 slots hold
 * about 11 MB when full.
 */
final class OfferCache {
    static final int DEFAULT_SLOTS = 16_384;

    private final Json json;
    private final OfferSigner signer;
    private final DeviceSlots<OfferBody.Written> cache;

    /** @param slots rounded up to a power of two of at least 4 (as {@link DeviceSlots} does); 0 for no cache */
    OfferCache(Json json, OfferSigner signer, int slots) {
        this.json = json;
        this.signer = signer;
        this.cache = new DeviceSlots<>(slots);
    }

    /** The offer rendered and signed: from the cache when this device was just given the very same offer. */
    OfferBody.Written written(Offer offer) {
        OfferBody.Written written = cache.find(offer.deviceId(), offer);
        if (written == null) {
            written = OfferBody.write(json, offer, signer);
            cache.put(offer.deviceId(), offer, written);
        }
        return written;
    }
}
