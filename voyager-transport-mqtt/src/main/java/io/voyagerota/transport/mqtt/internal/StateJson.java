package io.voyagerota.transport.mqtt.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.voyagerota.catalog.Chip;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.internal.Checks;
import io.voyagerota.wire.WireFormatException;
import io.voyagerota.wire.WireJson;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads a device's state message, the same fields as the JSON body of an HTTP update check:
 * {@code {"product":"locker","model":"locker-s3","version":"1.4.1","chip":"esp32s3","battery":80}}, with
 * {@code chip} and {@code battery} optional and unknown fields ignored. Tags come from the server's records.
 */
final class StateJson {
    private StateJson() {
    }

    static DeviceCheck read(WireJson json, byte[] body, String deviceId, Set<String> tags) {
        Optional<String> product = Optional.empty();
        Optional<String> model = Optional.empty();
        Optional<String> version = Optional.empty();
        Optional<String> chip = Optional.empty();
        Optional<String> device = Optional.empty();
        OptionalLong battery = OptionalLong.empty();
        try (JsonParser p = json.parser(body, 0, body.length)) {
            WireJson.startObject(p);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "product" -> product = WireJson.string(p, name);
                    case "model" -> model = WireJson.string(p, name);
                    case "version" -> version = WireJson.string(p, name);
                    case "chip" -> chip = WireJson.string(p, name);
                    case "deviceId" -> device = WireJson.string(p, name);
                    case "battery" -> battery = WireJson.integer(p, name, 0, 100);
                    default -> p.skipChildren(); // newer devices may send more
                }
            }
            WireJson.endOfInput(p);
        } catch (IOException e) {
            throw WireJson.unreadable(e);
        }
        if (device.isPresent() && !device.get().equals(deviceId)) {
            throw WireFormatException.field("deviceId", "JSON field 'deviceId' is '" + Checks.printable(device.get())
                    + "' but the message came from device '" + deviceId + "'; a device speaks only for itself");
        }
        Optional<Chip> reported = Optional.empty();
        if (chip.isPresent()) {
            reported = Chip.parse(chip.get());
            if (reported.isEmpty()) {
                throw WireFormatException.field("chip", "JSON field 'chip' is '" + Checks.printable(chip.get())
                        + "', which is not an ESP32 chip such as esp32s3; leave it out if unsure");
            }
        }
        return new DeviceCheck(deviceId, WireJson.required("product", product, "the product id, such as 'locker'"),
                WireJson.required("model", model, "the hardware model, such as 'locker-s3'"), reported,
                WireJson.version("version", version), tags,
                battery.isPresent() ? OptionalInt.of((int) battery.getAsLong()) : OptionalInt.empty());
    }
}
