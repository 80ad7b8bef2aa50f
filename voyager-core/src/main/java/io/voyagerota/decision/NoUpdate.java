package io.voyagerota.decision;

import io.voyagerota.support.Checks;

/** No update for this device now, with the reason and a sentence for logs and support. */
public record NoUpdate(Reason reason, String detail) implements UpdateDecision, Choice {
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
        NO_ROLLBACK_TARGET;

        /** The stable name on the wire, such as {@code up-to-date}; it never changes when a constant is renamed. */
        public String code() {
            return switch (this) {
                case UP_TO_DATE -> "up-to-date";
                case NOT_IN_ROLLOUT -> "not-in-rollout";
                case UNKNOWN_PRODUCT -> "unknown-product";
                case UNKNOWN_MODEL -> "unknown-model";
                case CHIP_MISMATCH -> "chip-mismatch";
                case BATTERY_TOO_LOW -> "battery-too-low";
                case NO_ROLLBACK_TARGET -> "no-rollback-target";
            };
        }
    }

    public NoUpdate {
        Checks.notNull(reason, "reason");
        Checks.notNull(detail, "detail");
    }
}
