package io.voyagerota;

/** A product, release, rollout, device or event that was asked for does not exist. */
public final class NotFoundException extends VoyagerException {
    public NotFoundException(String what, String id) {
        super("not-found", what + " '" + id + "' does not exist");
    }
}
