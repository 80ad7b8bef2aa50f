package io.voyagerota.server.internal;

import io.voyagerota.Voyager;
import io.voyagerota.event.Alert;
import io.voyagerota.server.AlertSettings;
import io.voyagerota.transport.http.webhook.AlertRule;
import io.voyagerota.transport.http.webhook.WebhookAlerts;
import io.voyagerota.transport.http.webhook.WebhookConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires {@code alerts.*} into {@code voyager serve}: every alert is logged at WARN (so an automatic pause is never
 * silent), and with {@code alerts.webhook-url} every event a rule covers is also posted through the outbox.
 */
public final class Alerting {
    private static final Logger LOG = LoggerFactory.getLogger("io.voyagerota.alerts");

    private Alerting() {
    }

    public static void wire(AlertSettings settings, Voyager.Builder builder) {
        builder.listener(event -> {
            if (event instanceof Alert alert) {
                LOG.warn("alert: {}", alert.summary());
            }
        });
        if (settings.webhook().isEmpty()) {
            LOG.info("alerts are logged only (alerts.webhook-url not set)");
            return;
        }
        WebhookConfig webhook = settings.webhook().get();
        WebhookAlerts.builder(webhook).build().bindTo(builder);
        LOG.info("alerts posted to {} ({}, {}), rules {}", webhook.safeUrl(), webhook.format().configName(),
                webhook.secret().isPresent() ? "signed" : "unsigned: set alerts.webhook-secret",
                webhook.rules().stream().map(AlertRule::configName).sorted().toList());
    }
}
