package io.voyagerota.server;

import io.voyagerota.InvalidInputException;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.transport.http.webhook.AlertRule;
import io.voyagerota.transport.http.webhook.WebhookConfig;
import io.voyagerota.transport.http.webhook.WebhookFormat;
import io.voyagerota.transport.http.webhook.WebhookSecret;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code alerts.*} settings: where alerts go and when rollouts raise them. Each value is checked when set, and
 * an error names its key. Alerts are always logged; with {@code alerts.webhook-url} they are also posted.
 *
 * @param webhookUrl         where to POST alerts; none: alerts are only logged
 * @param webhookSecret      the Standard Webhooks signing secret ({@code whsec_…}); none: unsigned
 * @param format             {@code standard} or {@code slack}
 * @param rules              which events are posted
 * @param webhookTimeout     how long one POST may take
 * @param successRateBelow   a rollout's success rate below this raises an alert (0.9)
 * @param failureBurst       this many failed updates within {@code failureBurstWindow} raise an alert (10)
 * @param failureBurstWindow the window of {@code failureBurst} (1h)
 */
public record AlertSettings(Optional<URI> webhookUrl, Optional<WebhookSecret> webhookSecret, WebhookFormat format,
                            Set<AlertRule> rules, Duration webhookTimeout, double successRateBelow, int failureBurst,
                            Duration failureBurstWindow) {
    public AlertSettings {
        if (webhookUrl == null || webhookSecret == null || format == null || rules == null || webhookTimeout == null
                || failureBurstWindow == null) {
            throw new InvalidInputException("alert settings must not be null; use Optional.empty()");
        }
        rules = Set.copyOf(rules);
    }

    /** Nothing posted; the guard's default thresholds. */
    public static AlertSettings none() {
        RolloutGuard guard = RolloutGuard.defaults();
        return new AlertSettings(Optional.empty(), Optional.empty(), WebhookFormat.STANDARD, AlertRule.all(),
                Duration.ofSeconds(10), guard.alertBelowSuccessRate(), guard.burstFailures(), guard.burstWindow());
    }

    public AlertSettings withWebhookUrl(URI value) {
        check("alerts.webhook-url", () -> WebhookConfig.of(value));
        return new AlertSettings(Optional.of(value), webhookSecret, format, rules, webhookTimeout, successRateBelow,
                failureBurst, failureBurstWindow);
    }

    /** Parses {@code whsec_…}; an error never shows the value. */
    public AlertSettings withWebhookSecret(String value) {
        WebhookSecret secret = check("alerts.webhook-secret", () -> WebhookSecret.parse(value));
        return new AlertSettings(webhookUrl, Optional.of(secret), format, rules, webhookTimeout, successRateBelow,
                failureBurst, failureBurstWindow);
    }

    public AlertSettings withFormat(String value) {
        WebhookFormat f = check("alerts.format", () -> WebhookFormat.parse(value));
        return new AlertSettings(webhookUrl, webhookSecret, f, rules, webhookTimeout, successRateBelow,
                failureBurst, failureBurstWindow);
    }

    /** A comma-separated list such as {@code rollout-paused,outbox-failed}. */
    public AlertSettings withRules(String value) {
        Set<AlertRule> r = check("alerts.rules", () -> AlertRule.parseList(value));
        return new AlertSettings(webhookUrl, webhookSecret, format, r, webhookTimeout, successRateBelow,
                failureBurst, failureBurstWindow);
    }

    public AlertSettings withWebhookTimeout(Duration value) {
        check("alerts.webhook-timeout", () -> WebhookConfig.of(URI.create("https://example.com")).withTimeout(value));
        return new AlertSettings(webhookUrl, webhookSecret, format, rules, value, successRateBelow, failureBurst,
                failureBurstWindow);
    }

    public AlertSettings withSuccessRateBelow(double value) {
        AlertSettings next = new AlertSettings(webhookUrl, webhookSecret, format, rules, webhookTimeout, value,
                failureBurst, failureBurstWindow);
        check("alerts.success-rate-below", next::guard);
        return next;
    }

    public AlertSettings withFailureBurst(int value) {
        AlertSettings next = new AlertSettings(webhookUrl, webhookSecret, format, rules, webhookTimeout,
                successRateBelow, value, failureBurstWindow);
        check("alerts.failure-burst", next::guard);
        return next;
    }

    public AlertSettings withFailureBurstWindow(Duration value) {
        AlertSettings next = new AlertSettings(webhookUrl, webhookSecret, format, rules, webhookTimeout,
                successRateBelow, failureBurst, value);
        check("alerts.failure-burst-window", next::guard);
        return next;
    }

    /**
     * The rollout guard with these thresholds and the default pause rule: what the {@code with} methods check the
     * thresholds with. Serve's default guard also takes the {@code rollouts.*} pause rule: {@link RolloutSettings#guard}.
     */
    public RolloutGuard guard() {
        RolloutGuard d = RolloutGuard.defaults();
        return new RolloutGuard(d.pauseAtFailureRate(), d.minSample(), successRateBelow, failureBurst,
                failureBurstWindow);
    }

    /** The webhook, when {@code alerts.webhook-url} is set. */
    public Optional<WebhookConfig> webhook() {
        return webhookUrl.map(url -> {
            WebhookConfig c = WebhookConfig.of(url).withFormat(format).withRules(rules).withTimeout(webhookTimeout);
            return webhookSecret.map(c::withSecret).orElse(c);
        });
    }

    /** Never shows the secret or the URL's path. */
    @Override
    public String toString() {
        return "AlertSettings[webhook=" + webhook().map(WebhookConfig::toString).orElse("(none)")
                + ", secret=" + (webhookSecret.isPresent() ? "(set)" : "(none)") + ", successRateBelow="
                + successRateBelow + ", failureBurst=" + failureBurst + ", failureBurstWindow=" + failureBurstWindow
                + "]";
    }

    private static <T> T check(String key, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(key + ": " + e.getMessage());
        }
    }
}
