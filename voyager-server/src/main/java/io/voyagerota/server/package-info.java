/**
 * The runnable reference server and the admin command line.
 */
package io.voyagerota.server;
