package io.voyagerota.transport.http.webhook;

import io.voyagerota.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;

/** The shape of a webhook's body. */
public enum WebhookFormat {
    /**
     * {@code {"type": "rollout.paused", "timestamp": "…", "data": {"summary": "…", …}}}, as the Standard Webhooks
     * specification suggests; signed when a secret is configured.
     */
    STANDARD,
    /** {@code {"text": "…"}}, which Slack's incoming webhooks (and Mattermost's, and others') post to a channel. */
    SLACK;

    /** The name configuration files use: {@code standard} or {@code slack}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a {@link #configName()}. */
    public static WebhookFormat parse(String value) {
        for (WebhookFormat f : values()) {
            if (f.configName().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return f;
            }
        }
        throw new InvalidInputException("webhook format '" + value + "' is not known; use one of "
                + Arrays.stream(values()).map(WebhookFormat::configName).toList());
    }
}
