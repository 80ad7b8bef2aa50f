package io.voyagerota.transport.http.webhook;

import io.voyagerota.VoyagerException;

/** A webhook POST failed: no answer, or an answer other than 2xx. The message never shows the secret or URL path. */
public final class WebhookDeliveryException extends VoyagerException {
    public WebhookDeliveryException(String message) {
        super("webhook-delivery-failed", message);
    }
}
