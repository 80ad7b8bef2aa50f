/**
 * The JSON that devices and servers exchange, shared by every transport: the offer a check answers with and the
 * report a device sends. Streaming jackson-core, with limits; bad input raises {@link
 * io.voyagerota.wire.WireFormatException} naming the field, so each transport maps it to its own error format.
 */
@NullMarked
package io.voyagerota.wire;

import org.jspecify.annotations.NullMarked;
