package io.voyagerota.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.voyagerota.catalog.Chip;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.signing.OfferProof;
import io.voyagerota.version.Version;
import io.voyagerota.version.VersionFormatException;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The fields of an update check as a device sends them — an HTTP query, an HTTP JSON body or an MQTT state message
 * ({@code {"product":"locker","model":"locker-s3","version":"v1.4.1","chip":"esp32s3","battery":80,
 * "secureVersion":2,"nonce":"…"}}) — read with one set of rules and turned into a {@link DeviceCheck}. Errors are
 * {@link WireFormatException}s naming the field. Unknown fields are ignored; tags are never read from the message.
 */
public final class CheckJson {
    private static final String CHIPS = Arrays.stream(Chip.values()).map(Chip::wireName)
            .collect(Collectors.joining(", "));

    private final String source;
    private String product;
    private String model;
    private String version;
    private String chip;
    private String deviceId;
    private String nonce;
    private String batteryText;
    private long battery = -1;
    private String secureVersionText;
    private long secureVersion = -1;

    private CheckJson(String source) {
        this.source = source;
    }

    /** Reads a JSON object: numbers are JSON integers. */
    public static CheckJson read(WireJson json, byte[] body, int offset, int length) {
        CheckJson r = new CheckJson("JSON field");
        try (JsonParser p = json.parser(body, offset, length)) {
            WireJson.startObject(p);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "product" -> r.product = WireJson.string(p, name).orElse(null);
                    case "model" -> r.model = WireJson.string(p, name).orElse(null);
                    case "version" -> r.version = WireJson.string(p, name).orElse(null);
                    case "chip" -> r.chip = WireJson.string(p, name).orElse(null);
                    case "deviceId" -> r.deviceId = WireJson.string(p, name).orElse(null);
                    case "nonce" -> r.nonce = WireJson.string(p, name).orElse(null);
                    case "battery" -> r.battery = WireJson.integer(p, name, 0, 100).orElse(-1);
                    case "secureVersion" -> r.secureVersion = WireJson.integer(p, name, 0, Integer.MAX_VALUE)
                            .orElse(-1);
                    default -> p.skipChildren(); // newer devices may send more
                }
            }
            WireJson.endOfInput(p);
        } catch (IOException e) {
            throw WireJson.unreadable(e);
        }
        return r;
    }

    /** The same fields from text, such as decoded query parameters; a missing one is {@code null}. */
    public static CheckJson fromText(String product, String model, String version, String chip, String battery,
                                     String secureVersion, String nonce) {
        CheckJson r = new CheckJson("query parameter");
        r.product = product;
        r.model = model;
        r.version = version;
        r.chip = chip;
        r.batteryText = battery;
        r.secureVersionText = secureVersion;
        r.nonce = nonce;
        return r;
    }

    /** The check of device {@code deviceId}, whose message this is, with the tags the server holds for it. */
    public DeviceCheck toCheck(String deviceId, Set<String> tags) {
        if (this.deviceId != null && !this.deviceId.equals(deviceId)) {
            throw WireFormatException.field("deviceId", source + " 'deviceId' is '" + WireJson.printable(this.deviceId)
                    + "' but the message came from device '" + deviceId + "'; a device speaks only for itself");
        }
        String productId = required("product", product, "the product id, such as 'locker'");
        String modelName = required("model", model, "the hardware model, such as 'locker-s3'");
        String versionText = required("version", version, "the version the device runs, such as 1.4.2 or v1.4.2");
        Version current;
        try {
            current = Version.parseLenient(versionText);
        } catch (VersionFormatException e) {
            throw WireFormatException.field("version", source + " 'version': " + e.getMessage());
        }
        Optional<Chip> reportedChip = Optional.empty();
        if (chip != null) {
            reportedChip = Chip.parse(chip);
            if (reportedChip.isEmpty()) {
                throw WireFormatException.field("chip", source + " 'chip' is '" + WireJson.printable(chip)
                        + "', which is not an ESP32 chip; use one of " + CHIPS + ", or leave it out");
            }
        }
        if (nonce != null && !OfferProof.validNonce(nonce)) {
            throw WireFormatException.field("nonce", source + " 'nonce' must be 16 to 64 letters, digits, '_' or"
                    + " '-', fresh for every check, such as 32 random hex digits; leave it out to get no proof");
        }
        return new DeviceCheck(deviceId, productId, modelName, reportedChip, current, tags, battery(),
                secureVersion());
    }

    /** The nonce the device sent, to be proved in the answer. */
    public Optional<String> nonce() {
        return Optional.ofNullable(nonce);
    }

    private int secureVersion() {
        if (secureVersionText != null) {
            long value = WireJson.decimal(secureVersionText);
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw WireFormatException.field("secureVersion", source + " 'secureVersion' is '"
                        + WireJson.printable(secureVersionText) + "' but must be the device's anti-rollback epoch, a whole"
                        + " number from 0");
            }
            return (int) value;
        }
        return secureVersion < 0 ? 0 : (int) secureVersion;
    }

    private OptionalInt battery() {
        if (batteryText != null) {
            long value = WireJson.decimal(batteryText);
            if (value < 0 || value > 100) {
                throw WireFormatException.field("battery", source + " 'battery' is '" + WireJson.printable(batteryText)
                        + "' but must be a whole percentage from 0 to 100, or left out when there is no battery");
            }
            return OptionalInt.of((int) value);
        }
        return battery < 0 ? OptionalInt.empty() : OptionalInt.of((int) battery);
    }

    private String required(String name, String value, String what) {
        if (value == null || value.isBlank()) {
            throw WireFormatException.field(name, source + " '" + name + "' is "
                    + (value == null ? "missing" : "empty") + ": send " + what);
        }
        return value;
    }
}
