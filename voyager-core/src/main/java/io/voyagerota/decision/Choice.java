package io.voyagerota.decision;

/**
 * What {@link UpdateDecider#decide} chose for one check: nothing (and why), or a release. Choosing is pure; turning a
 * {@link Selection} into an {@link Offer} with a download link is {@link OfferMinter}'s separate step.
 */
public sealed interface Choice permits NoUpdate, Selection {
}
