/**
 * Rollouts: targets, the consistent hash, staged plans, guards and their evaluation.
 */
@NullMarked
package io.voyagerota.rollout;

import org.jspecify.annotations.NullMarked;
