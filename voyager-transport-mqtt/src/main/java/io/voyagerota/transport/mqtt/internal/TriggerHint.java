package io.voyagerota.transport.mqtt.internal;

import io.voyagerota.decision.Offer;
import io.voyagerota.decision.Selection;
import io.voyagerota.version.Version;

import java.nio.charset.StandardCharsets;

/**
 * What a trigger says (docs/mqtt.md): which device, which release is waiting for it, upgrade or rollback, and the
 * catalog generation it was chosen from. It is a hint to check, so it carries no link and no signature; a device
 * acts only on the signed, nonce-bound offer its HTTP check returns.
 */
public record TriggerHint(String deviceId, Version version, Offer.Kind kind, long sequence) {
    public static TriggerHint of(Selection s) {
        return new TriggerHint(s.deviceId(), s.release().version(), s.kind(), s.sequence());
    }

    public static TriggerHint of(Offer o) {
        return new TriggerHint(o.deviceId(), o.version(), o.kind(), o.sequence());
    }

    /**
     * {@code {"deviceId":"…","version":"1.4.2","kind":"upgrade","sequence":418}}. Written by hand: device ids
     * (letters, digits, {@code ._:-}) and versions (letters, digits, {@code .-+}) need no JSON escaping.
     */
    public byte[] toBytes() {
        return ("{\"deviceId\":\"" + deviceId + "\",\"version\":\"" + version + "\",\"kind\":\""
                + (kind == Offer.Kind.ROLLBACK ? "rollback" : "upgrade") + "\",\"sequence\":" + sequence + "}")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
