package io.voyagerota.transport.http.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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
 * The fields of an update check, read from a query string or a JSON body, and turned into a {@link DeviceCheck}
 * with errors naming the parameter. Tags are never read from the request: they come from the server's records.
 */
public final class CheckRequest {
    private static final String CHIPS = Arrays.stream(Chip.values()).map(Chip::wireName)
            .collect(Collectors.joining(", "));

    private final String source;
    private String product;
    private String model;
    private String version;
    private String chip;
    private String batteryText;
    private long battery = -1;
    private String nonce;
    private String secureVersionText;
    private long secureVersion = -1;

    private CheckRequest(String source) {
        this.source = source;
    }

    static CheckRequest fromQuery(String query) {
        CheckRequest r = new CheckRequest("query parameter");
        r.product = param(query, "product");
        r.model = param(query, "model");
        r.version = param(query, "version");
        r.chip = param(query, "chip");
        r.batteryText = param(query, "battery");
        r.nonce = param(query, "nonce");
        r.secureVersionText = param(query, "secureVersion");
        return r;
    }

    static CheckRequest fromJson(Json json, byte[] body, int length) {
        CheckRequest r = new CheckRequest("JSON field");
        try (JsonParser p = json.parser(body, length)) {
            Json.startObject(p);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "product" -> r.product = Json.string(p, name);
                    case "model" -> r.model = Json.string(p, name);
                    case "version" -> r.version = Json.string(p, name);
                    case "chip" -> r.chip = Json.string(p, name);
                    case "battery" -> r.battery = Json.integer(p, name, 0, 100, -1);
                    case "nonce" -> r.nonce = Json.string(p, name);
                    case "secureVersion" -> r.secureVersion = Json.integer(p, name, 0, Integer.MAX_VALUE, -1);
                    default -> p.skipChildren(); // newer devices may send more
                }
            }
            Json.endOfInput(p);
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        } catch (IOException e) {
            throw HttpProblem.of(400, "invalid-json", "the body could not be read: " + e.getMessage());
        }
        return r;
    }

    DeviceCheck toCheck(String deviceId, Set<String> tags) {
        String productId = required("product", product, "the product id, such as 'locker'");
        String modelName = required("model", model, "the hardware model, such as 'locker-s3'");
        String versionText = required("version", version, "the version the device runs, such as 1.4.2 or v1.4.2");
        Version current;
        try {
            current = Version.parseLenient(versionText);
        } catch (VersionFormatException e) {
            throw HttpProblem.badParameter("version", source + " 'version': " + e.getMessage());
        }
        Optional<Chip> reportedChip = Optional.empty();
        if (chip != null) {
            reportedChip = Chip.parse(chip);
            if (reportedChip.isEmpty()) {
                throw HttpProblem.badParameter("chip", source + " 'chip' is '" + printable(chip)
                        + "', which is not an ESP32 chip; use one of " + CHIPS + ", or leave it out");
            }
        }
        if (nonce != null && !OfferProof.validNonce(nonce)) {
            throw HttpProblem.badParameter("nonce", source + " 'nonce' must be 16 to 64 letters, digits, '_' or '-',"
                    + " fresh for every check, such as 32 random hex digits; leave it out to get no proof");
        }
        return new DeviceCheck(deviceId, productId, modelName, reportedChip, current, tags, battery(),
                secureVersion());
    }

    /** The nonce the device sent, to be proved in the answer. */
    Optional<String> nonce() {
        return Optional.ofNullable(nonce);
    }

    private int secureVersion() {
        if (secureVersionText != null) {
            long value = UriText.nonNegative(secureVersionText);
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw HttpProblem.badParameter("secureVersion", source + " 'secureVersion' is '"
                        + printable(secureVersionText) + "' but must be the device's anti-rollback epoch, a whole"
                        + " number from 0");
            }
            return (int) value;
        }
        return secureVersion < 0 ? 0 : (int) secureVersion;
    }

    private OptionalInt battery() {
        if (batteryText != null) {
            long value = UriText.nonNegative(batteryText);
            if (value < 0 || value > 100) {
                throw HttpProblem.badParameter("battery", source + " 'battery' is '" + printable(batteryText)
                        + "' but must be a whole percentage from 0 to 100, or left out when there is no battery");
            }
            return OptionalInt.of((int) value);
        }
        return battery < 0 ? OptionalInt.empty() : OptionalInt.of((int) battery);
    }

    private String required(String name, String value, String what) {
        if (value == null || value.isBlank()) {
            throw HttpProblem.badParameter(name, source + " '" + name + "' is " + (value == null ? "missing" : "empty")
                    + ": send " + what);
        }
        return value;
    }

    private static String param(String query, String name) {
        try {
            return UriText.param(query, name);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badParameter(name, "query parameter '" + name + "' is not properly encoded: "
                    + e.getMessage());
        }
    }

    /** At most 64 printable characters of a value quoted back in an error. */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && i < 64; i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return value.length() > 64 ? out.append('…').toString() : out.toString();
    }
}
