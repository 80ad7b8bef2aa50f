/**
 * The update decision: a device's check, the immutable catalog snapshot it reads, and the offer or the reason for none.
 */
@NullMarked
package io.voyagerota.decision;

import org.jspecify.annotations.NullMarked;
