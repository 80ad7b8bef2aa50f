/**
 * The adapter for the JDK's built-in {@code com.sun.net.httpserver.HttpServer}: no dependencies beyond the JDK.
 */
@NullMarked
package io.voyagerota.transport.http.jdk;

import org.jspecify.annotations.NullMarked;
