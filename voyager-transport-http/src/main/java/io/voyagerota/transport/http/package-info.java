/**
 * The device and admin API over HTTP, framework-neutral, with JDK HttpServer and Servlet adapters.
 */
package io.voyagerota.transport.http;
