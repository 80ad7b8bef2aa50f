package io.voyagerota.server;

import io.voyagerota.InvalidInputException;

import java.util.Locale;

/** The HTTP server {@code voyager serve} puts in front of its APIs ({@code server.http-engine}). */
public enum HttpEngine {
    /** Netty, on the native epoll transport where it loads: artifacts from the filesystem go out by sendfile. */
    NETTY,
    /** The JDK's built-in {@code com.sun.net.httpserver}: no dependency, streams every body through the heap. */
    JDK;

    /** What {@code voyager serve} uses unless told otherwise. */
    public static final HttpEngine DEFAULT = NETTY;

    /** The name used in configuration, such as {@code jdk}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The engine a configuration names, or a message listing the names it could have used. */
    public static HttpEngine parse(String name) {
        for (HttpEngine engine : values()) {
            if (engine.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return engine;
            }
        }
        throw new InvalidInputException("server.http-engine \"" + name + "\" is not one of " + names());
    }

    /** Every engine's configuration name, comma-separated. */
    public static String names() {
        StringBuilder names = new StringBuilder();
        for (HttpEngine engine : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(engine.configName());
        }
        return names.toString();
    }
}
