/**
 * A Netty front for the handler, {@link io.voyagerota.transport.http.netty.NettyHttpServer}: epoll where the native
 * transport loads (NIO elsewhere), request bodies streamed with backpressure, file-backed artifacts sent with
 * {@code sendfile}. Netty is an optional dependency of this module; a host that uses this package adds
 * {@code io.netty:netty-codec-http} (and {@code netty-transport-native-epoll}, classifier {@code linux-x86_64}, for
 * epoll) itself.
 */
@NullMarked
package io.voyagerota.transport.http.netty;

import org.jspecify.annotations.NullMarked;
