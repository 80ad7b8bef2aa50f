/** Sampling and naming behind the meters; not API. */
@NullMarked
package io.voyagerota.micrometer.internal;

import org.jspecify.annotations.NullMarked;
