/**
 * Alerts to people over webhooks: {@link io.voyagerota.transport.http.webhook.WebhookAlerts} turns Voyager's alerts
 * into outbox events and delivers each with an HTTP POST through the outbox relay (retried with its backoff, FAILED
 * when its attempts run out), signed per the Standard Webhooks specification or shaped for Slack. It uses the JDK's
 * {@code java.net.http.HttpClient}, so it needs no dependency beyond this module's. Code in {@code …webhook.internal}
 * is not API.
 */
@NullMarked
package io.voyagerota.transport.http.webhook;

import org.jspecify.annotations.NullMarked;
