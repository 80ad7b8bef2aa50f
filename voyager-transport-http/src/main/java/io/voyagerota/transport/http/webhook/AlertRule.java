package io.voyagerota.transport.http.webhook;

import io.voyagerota.InvalidInputException;
import io.voyagerota.event.FailureBurst;
import io.voyagerota.event.OutboxDeliveryFailed;
import io.voyagerota.event.FirmwareUploaded;
import io.voyagerota.event.RolloutPaused;
import io.voyagerota.event.SuccessRateLow;
import io.voyagerota.event.VoyagerEvent;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which of Voyager's events a webhook tells people about. The thresholds behind {@link #SUCCESS_RATE_LOW} and
 * {@link #FAILURE_BURST} are the rollout guard's ({@code VoyagerConfig.defaultGuard()}: below 90% success, 10
 * failed updates within an hour, unless a rollout sets its own).
 */
public enum AlertRule {
    /** A draft release received its firmware file: {@code firmware.uploaded}. */
    FIRMWARE_UPLOADED("firmware-uploaded", "firmware.uploaded"),
    /** A rollout was paused, by a person or by itself: {@code rollout.paused}. */
    ROLLOUT_PAUSED("rollout-paused", "rollout.paused"),
    /** A rollout's success rate fell below the guard's threshold: {@code rollout.success-rate-low}. */
    SUCCESS_RATE_LOW("success-rate-low", "rollout.success-rate-low"),
    /** The guard's number of failed updates arrived within its window: {@code rollout.failure-burst}. */
    FAILURE_BURST("failure-burst", "rollout.failure-burst"),
    /** An outbox event ran out of attempts and is FAILED: {@code outbox.event-failed}. */
    OUTBOX_FAILED("outbox-failed", "outbox.event-failed");

    private final String configName;
    private final String eventType;

    AlertRule(String configName, String eventType) {
        this.configName = configName;
        this.eventType = eventType;
    }

    /** The name configuration files use, such as {@code rollout-paused}. */
    public String configName() {
        return configName;
    }

    /** The {@code type} of the webhook's body, such as {@code rollout.paused}. */
    public String eventType() {
        return eventType;
    }

    /** The rule an event falls under, if any; events no rule covers (a rollout advancing) are not sent. */
    public static Optional<AlertRule> of(VoyagerEvent event) {
        AlertRule rule = null;
        if (event instanceof FirmwareUploaded) {
            rule = FIRMWARE_UPLOADED;
        } else if (event instanceof RolloutPaused) {
            rule = ROLLOUT_PAUSED;
        } else if (event instanceof SuccessRateLow) {
            rule = SUCCESS_RATE_LOW;
        } else if (event instanceof FailureBurst) {
            rule = FAILURE_BURST;
        } else if (event instanceof OutboxDeliveryFailed) {
            rule = OUTBOX_FAILED;
        }
        return Optional.ofNullable(rule);
    }

    /** Every rule. */
    public static Set<AlertRule> all() {
        return EnumSet.allOf(AlertRule.class);
    }

    /** Reads a comma-separated list of {@link #configName()}s, such as {@code rollout-paused,outbox-failed}. */
    public static Set<AlertRule> parseList(String value) {
        Set<AlertRule> rules = new LinkedHashSet<>();
        for (String part : (value == null ? "" : value).split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            rules.add(Arrays.stream(values()).filter(r -> r.configName.equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidInputException("alert rule '" + part.trim() + "' is not known;"
                            + " use some of " + Arrays.stream(values()).map(AlertRule::configName).toList())));
        }
        if (rules.isEmpty()) {
            throw new InvalidInputException("the list of alert rules is empty; name at least one of "
                    + Arrays.stream(values()).map(AlertRule::configName).toList()
                    + ", or leave the webhook unconfigured");
        }
        return EnumSet.copyOf(rules);
    }
}
