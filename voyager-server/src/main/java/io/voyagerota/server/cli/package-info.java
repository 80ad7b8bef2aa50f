/**
 * The {@code voyager} command line: {@code serve}, the admin commands over the admin API, and key tools.
 */
@NullMarked
package io.voyagerota.server.cli;

import org.jspecify.annotations.NullMarked;
