/**
 * Not API: the admin routes (products, releases and their artifacts, rollouts, devices), their JSON and the
 * streaming multipart reader. Specified in {@code docs/admin-api.md}.
 */
@NullMarked
package io.voyagerota.transport.http.internal.admin;

import org.jspecify.annotations.NullMarked;
