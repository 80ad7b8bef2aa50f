package io.voyagerota.decision;

import io.voyagerota.internal.Checks;

/** No update for this device now, with the reason and a sentence for logs and support. */
public record NoUpdate(Reason reason, String detail) implements UpdateDecision {
    /** Why a device gets no offer. */
    public enum Reason {
        /** It runs the newest release it may have. */
        UP_TO_DATE,
        /** Newer releases exist but no rollout admits it yet (not in the percentage, paused, not started). */
        NOT_IN_ROLLOUT,
        /** The product is unknown. */
        UNKNOWN_PRODUCT,
        /** The model is not one of the product's models. */
        UNKNOWN_MODEL,
        /** The reported chip is not the model's chip. */
        CHIP_MISMATCH,
        /** The offer needs more battery than the device has; check again later. */
        BATTERY_TOO_LOW,
        /** It runs a revoked release and no good release exists to roll back to. */
        NO_ROLLBACK_TARGET
    }

    public NoUpdate {
        Checks.notNull(reason, "reason");
        Checks.notNull(detail, "detail");
    }
}
