/**
 * Not API: routing, the JSON codec (jackson-core streaming), Range and ETag parsing, problem details. May change in
 * any release.
 */
@NullMarked
package io.voyagerota.transport.http.internal;

import org.jspecify.annotations.NullMarked;
