/** The webhook's bodies and its HTTP sender. Not API. */
package io.voyagerota.transport.http.webhook.internal;
