/**
 * The admin web console: {@link io.voyagerota.console.VoyagerConsole}, a handler that serves the console's page,
 * ES modules and style sheet, which talk to the admin API in the operator's browser.
 */
@NullMarked
package io.voyagerota.console;

import org.jspecify.annotations.NullMarked;
