/**
 * Not API: routing, the JSON codec (jackson-core streaming), Range and ETag parsing, problem details. May change in
 * any release.
 */
package io.voyagerota.transport.http.internal;
