package io.voyagerota.decision;

/** The answer to a device's check: nothing to do (and why), or exactly one offer. */
public sealed interface UpdateDecision permits NoUpdate, Offer {
    default boolean isOffer() {
        return this instanceof Offer;
    }
}
