/** Not API: the console's assets, the headers they are served with. May change in any release. */
package io.voyagerota.console.internal;
