/**
 * Fleet statistics of a product: version distribution, outcomes per day, download times and speeds, failures by
 * error code and devices per update step of each rollout, over a range of UTC days.
 */
@NullMarked
package io.voyagerota.stats;

import org.jspecify.annotations.NullMarked;
