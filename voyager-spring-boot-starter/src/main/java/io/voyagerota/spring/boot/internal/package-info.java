/** Property parsing, the lifecycle and the health check behind the auto-configuration; not API. */
@NullMarked
package io.voyagerota.spring.boot.internal;

import org.jspecify.annotations.NullMarked;
