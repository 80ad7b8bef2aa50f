/**
 * The device and admin APIs over HTTP, framework-neutral: {@link io.voyagerota.transport.http.VoyagerHttpHandler} answers
 * a {@link io.voyagerota.transport.http.VoyagerRequest} with a {@link io.voyagerota.transport.http.VoyagerResponse};
 * adapters in {@code …http.jdk} and {@code …http.servlet} mount it in a server. Code in {@code …http.internal} is
 * not API.
 */
@NullMarked
package io.voyagerota.transport.http;

import org.jspecify.annotations.NullMarked;
