/** The webhook's bodies and its HTTP sender. Not API. */
@NullMarked
package io.voyagerota.transport.http.webhook.internal;

import org.jspecify.annotations.NullMarked;
