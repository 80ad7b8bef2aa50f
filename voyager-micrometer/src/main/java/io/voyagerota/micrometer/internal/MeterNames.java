package io.voyagerota.micrometer.internal;

import java.util.Locale;

/** The meters' names, in Micrometer's dot-separated style, and how enum constants become tag values. */
public final class MeterNames {
    public static final String CHECKS = "voyager.checks";
    public static final String OFFERS = "voyager.offers";
    public static final String REPORTS = "voyager.reports";
    public static final String REPORTS_DUPLICATE = "voyager.reports.duplicate";
    public static final String REPORT_ERRORS = "voyager.report.errors";
    public static final String SIGHTINGS_DROPPED = "voyager.sightings.dropped";
    public static final String OUTBOX_EVENTS = "voyager.outbox.events";
    public static final String OUTBOX_OLDEST_PENDING_AGE = "voyager.outbox.oldest.pending.age";
    public static final String ROLLOUTS = "voyager.rollouts";
    public static final String ROLLOUT_SUCCESS_RATE = "voyager.rollout.success.rate";
    public static final String ROLLOUT_OUTCOMES = "voyager.rollout.outcomes";
    public static final String DOWNLOADS = "voyager.downloads";
    public static final String DOWNLOAD_BYTES = "voyager.download.bytes";
    public static final String DOWNLOADS_ACTIVE = "voyager.downloads.active";
    public static final String DOWNLOAD_DURATION = "voyager.download.duration";
    public static final String MQTT_MESSAGES = "voyager.mqtt.messages";
    public static final String MQTT_TRIGGERS = "voyager.mqtt.triggers";

    private MeterNames() {
    }

    /** {@code ROLLED_BACK} becomes {@code rolled-back}. */
    public static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
