package io.voyagerota.server;

import io.voyagerota.VoyagerException;

/** The server's configuration is wrong; the message names the key, where the value came from and what is allowed. */
public final class ConfigException extends VoyagerException {
    public ConfigException(String message) {
        super("invalid-config", message);
    }
}
