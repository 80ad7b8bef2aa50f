/** Property parsing, the lifecycle and the health check behind the auto-configuration; not API. */
package io.voyagerota.spring.boot.internal;
