package io.voyagerota.transport.http.webhook;

import io.voyagerota.InvalidInputException;
import io.voyagerota.Voyager;
import io.voyagerota.event.OutboxDeliveryFailed;
import io.voyagerota.event.VoyagerEvent;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxHandler;
import io.voyagerota.spi.DurableListener;
import io.voyagerota.transport.http.webhook.internal.AlertBodies;
import io.voyagerota.transport.http.webhook.internal.WebhookSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Alerts to people over a webhook, durably. Each event a {@linkplain WebhookConfig#rules() rule} covers becomes an
 * outbox event of type {@value #EVENT_TYPE}, with the body already rendered ({@link #outboxEvents}, a
 * {@link DurableListener}), written in the same transaction as the change that raised it: a rollout that pauses
 * itself and its alert are stored together or not at all. Its {@linkplain #handler() handler} POSTs that body when
 * the outbox relay delivers it, so a receiver that is down gets the message later (the relay's backoff), and one
 * that stays down leaves the event FAILED, to resubmit or discard from the admin API.
 *
 * <p>A FAILED webhook event raises {@link OutboxDeliveryFailed} like any other, but the listener does not send it
 * over the webhook that just failed (that would loop): it logs it instead.
 *
 * <pre>{@code
 * WebhookAlerts alerts = WebhookAlerts.builder(WebhookConfig.of(URI.create("https://hooks.example.com/ota"))
 *         .withSecret(WebhookSecret.parse(secretFromVault))).build();
 * Voyager.Builder builder = Voyager.builder().registry(registry).artifactStorage(storage);
 * alerts.bindTo(builder);
 * Voyager voyager = builder.build();
 * }</pre>
 */
public final class WebhookAlerts {
    /** The outbox event type of webhook messages. */
    public static final String EVENT_TYPE = "alert.webhook";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookAlerts.class);

    private final WebhookConfig config;
    private final WebhookSender sender;

    private WebhookAlerts(Builder b) {
        this.config = b.config;
        this.sender = new WebhookSender(b.config, b.clock);
    }

    public static Builder builder(WebhookConfig config) {
        return new Builder(config);
    }

    public WebhookConfig config() {
        return config;
    }

    /** Adds {@link #outboxEvents} as a durable listener and the {@link #handler()} to a Voyager being built. */
    public Voyager.Builder bindTo(Voyager.Builder builder) {
        return builder.durableListener(this::outboxEvents).outboxHandler(EVENT_TYPE, handler());
    }

    /** POSTs a {@value #EVENT_TYPE} outbox event; register it for that type. */
    public OutboxHandler handler() {
        return sender;
    }

    /** The webhook message for {@code event}, if a rule covers it: one {@value #EVENT_TYPE} outbox event. */
    public List<OutboxEvent> outboxEvents(VoyagerEvent event) {
        Optional<AlertRule> rule = AlertRule.of(event).filter(config.rules()::contains);
        if (rule.isEmpty()) {
            return List.of();
        }
        if (event instanceof OutboxDeliveryFailed failed && failed.type().equals(EVENT_TYPE)) {
            LOG.error("a webhook alert could not be delivered to {} and is FAILED (outbox event {}): {}",
                    config.safeUrl(), failed.eventId(), failed.lastError());
            return List.of();
        }
        OutboxEvent message = OutboxEvent.pending(EVENT_TYPE, AlertBodies.aggregateId(event),
                AlertBodies.render(rule.get(), event, config.format()), event.at());
        LOG.debug("webhook alert {} ({}) queued as outbox event {}", rule.get().configName(),
                AlertBodies.aggregateId(event), message.id());
        return List.of(message);
    }

    /** Configures {@link WebhookAlerts}. */
    public static final class Builder {
        private final WebhookConfig config;
        private InstantSource clock = InstantSource.system();

        private Builder(WebhookConfig config) {
            if (config == null) {
                throw new InvalidInputException("config must not be null; start from WebhookConfig.of(url)");
            }
            this.config = config;
        }

        /** The clock of the {@code webhook-timestamp} header; give the Voyager's. Default: the system clock. */
        public Builder clock(InstantSource value) {
            if (value == null) {
                throw new InvalidInputException("clock must not be null");
            }
            this.clock = value;
            return this;
        }

        public WebhookAlerts build() {
            return new WebhookAlerts(this);
        }
    }
}
