/**
 * `voyager serve`: the reference server that wires every module from its configuration, and {@link io.voyagerota.server.VoyagerServer} to start one in a host's own process.
 */
@NullMarked
package io.voyagerota.server;

import org.jspecify.annotations.NullMarked;
