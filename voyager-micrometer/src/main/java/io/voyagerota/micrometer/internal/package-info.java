/** Sampling and naming behind the meters; not API. */
package io.voyagerota.micrometer.internal;
