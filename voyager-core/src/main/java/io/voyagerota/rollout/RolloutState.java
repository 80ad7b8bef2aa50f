package io.voyagerota.rollout;

/** Whether a rollout is offering its release. A pause is stored, so it survives a restart. */
public enum RolloutState {
    ACTIVE,
    PAUSED
}
