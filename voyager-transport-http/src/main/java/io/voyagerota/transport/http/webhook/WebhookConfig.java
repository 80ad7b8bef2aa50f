package io.voyagerota.transport.http.webhook;

import io.voyagerota.InvalidInputException;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where and how alerts are posted. Build from {@link #of(URI)} and the {@code with…} methods; every value is
 * validated when set.
 *
 * @param url     where to POST, http or https; it may hold a token in its path (Slack's do), so logs and errors show
 *                only its scheme and host
 * @param secret  the signing key; without one, messages carry {@code webhook-id} and {@code webhook-timestamp}
 *                but no {@code webhook-signature} (fine for Slack, which does not verify; not for your own receiver)
 * @param format  the body's shape ({@link WebhookFormat#STANDARD})
 * @param rules   which events are sent (all of them)
 * @param timeout how long one POST may take, connecting included (10 s); a slower receiver counts as a failed
 *                attempt, retried with the outbox relay's backoff
 */
public record WebhookConfig(URI url, Optional<WebhookSecret> secret, WebhookFormat format, Set<AlertRule> rules,
                            Duration timeout) {
    public WebhookConfig {
        if (url == null || url.getScheme() == null || url.getHost() == null
                || !Set.of("http", "https").contains(url.getScheme().toLowerCase(Locale.ROOT))) {
            throw new InvalidInputException("the webhook URL must be an absolute http or https URL, such as"
                    + " https://hooks.example.com/voyager");
        }
        if (secret == null) {
            throw new InvalidInputException("secret must not be null; use Optional.empty() for unsigned messages");
        }
        if (format == null) {
            throw new InvalidInputException("format must not be null; use WebhookFormat.STANDARD or SLACK");
        }
        if (rules == null || rules.isEmpty()) {
            throw new InvalidInputException("rules must name at least one AlertRule; use AlertRule.all() for every"
                    + " one");
        }
        rules = Set.copyOf(EnumSet.copyOf(rules));
        if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0
                || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new InvalidInputException("the webhook timeout must be between 1 s and 2 min, not " + timeout);
        }
    }

    /** Standard format, unsigned, every rule, a 10 s timeout. */
    public static WebhookConfig of(URI url) {
        return new WebhookConfig(url, Optional.empty(), WebhookFormat.STANDARD, AlertRule.all(),
                Duration.ofSeconds(10));
    }

    public WebhookConfig withSecret(WebhookSecret value) {
        if (value == null) {
            throw new InvalidInputException("secret must not be null");
        }
        return new WebhookConfig(url, Optional.of(value), format, rules, timeout);
    }

    public WebhookConfig withFormat(WebhookFormat value) {
        return new WebhookConfig(url, secret, value, rules, timeout);
    }

    public WebhookConfig withRules(Set<AlertRule> value) {
        return new WebhookConfig(url, secret, format, value, timeout);
    }

    public WebhookConfig withTimeout(Duration value) {
        return new WebhookConfig(url, secret, format, rules, value);
    }

    /** The URL without its path or query, which may hold a token: safe to log. */
    public String safeUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "") + "/…";
    }

    /** Never shows the secret or the URL's path. */
    @Override
    public String toString() {
        return "WebhookConfig[url=" + safeUrl() + ", secret=" + (secret.isPresent() ? "(set)" : "(none)")
                + ", format=" + format.configName() + ", rules=" + rules.stream().map(AlertRule::configName).sorted()
                .toList() + ", timeout=" + timeout + "]";
    }
}
