package io.voyagerota.transport.http.webhook.internal;

import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxHandler;
import io.voyagerota.transport.http.webhook.WebhookConfig;
import io.voyagerota.transport.http.webhook.WebhookDeliveryException;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;

/**
 * Delivers one webhook outbox event: POSTs its payload (the rendered body) with the Standard Webhooks headers. The
 * outbox event's id is the {@code webhook-id}, the same on every retry, so a receiver can drop repeats; the
 * timestamp is the attempt's. A 2xx answer is success; anything else, or no answer, fails the attempt, which the
 * relay retries with its backoff. Errors name the URL's scheme and host only, never its path or the secret.
 */
public final class WebhookSender implements OutboxHandler {
    private final WebhookConfig config;
    private final InstantSource clock;
    private final HttpClient client;

    public WebhookSender(WebhookConfig config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void handle(OutboxEvent event) throws IOException, InterruptedException {
        byte[] body = event.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url()).timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "voyager-ota-webhook")
                .header("webhook-id", event.id())
                .header("webhook-timestamp", Long.toString(timestamp))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        config.secret().ifPresent(s -> request.header("webhook-signature", s.sign(event.id(), timestamp, body)));
        HttpResponse<Void> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (HttpTimeoutException e) {
            throw new WebhookDeliveryException("the webhook at " + config.safeUrl() + " did not answer within "
                    + config.timeout() + "; check that it is up, or raise the timeout");
        } catch (IOException e) {
            throw new WebhookDeliveryException("could not POST to the webhook at " + config.safeUrl() + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())
                    + "; check the URL and that the receiver is reachable from this server");
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            String hint = status / 100 == 3 ? "; webhooks do not follow redirects: configure the final URL"
                    : status == 401 || status == 403 ? "; check that the receiver knows this server's secret"
                    : status / 100 == 4 ? "; the receiver refused the message: check its URL and configuration"
                    : "; the receiver failed: check its logs";
            throw new WebhookDeliveryException("the webhook at " + config.safeUrl() + " answered HTTP " + status
                    + hint);
        }
    }
}
