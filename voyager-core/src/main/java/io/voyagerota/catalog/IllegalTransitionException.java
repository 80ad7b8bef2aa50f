package io.voyagerota.catalog;

import io.voyagerota.VoyagerException;

/** A lifecycle move that the release's current state does not allow, with why and what to do instead. */
public final class IllegalTransitionException extends VoyagerException {
    public IllegalTransitionException(Release release, String attempted, String why) {
        super("illegal-transition", "cannot " + attempted + " release " + release.productId() + " "
                + release.version() + " (" + describe(release) + "): " + why);
    }

    private static String describe(Release release) {
        return release.deleted() ? "deleted, " + release.state().name().toLowerCase() : release.state().name().toLowerCase();
    }
}
