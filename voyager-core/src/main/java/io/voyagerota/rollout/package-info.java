/**
 * Rollouts: targets, the consistent hash, staged plans, guards and their evaluation.
 */
package io.voyagerota.rollout;
