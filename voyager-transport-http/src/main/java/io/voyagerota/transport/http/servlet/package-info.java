/**
 * The adapter for Jakarta Servlet 6 containers (Tomcat 10.1+, Jetty 12 ee10+, Undertow, Spring Boot 3).
 */
@NullMarked
package io.voyagerota.transport.http.servlet;

import org.jspecify.annotations.NullMarked;
