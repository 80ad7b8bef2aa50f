/** Not API: the console's assets, the headers they are served with. May change in any release. */
@NullMarked
package io.voyagerota.console.internal;

import org.jspecify.annotations.NullMarked;
