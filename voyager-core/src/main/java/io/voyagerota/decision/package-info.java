/**
 * The update decision: a device's check, the immutable catalog snapshot it reads, and the offer or the reason for none.
 */
package io.voyagerota.decision;
