package io.voyagerota.catalog;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A product: one firmware line with its own monotonic versions, the hardware models it runs on, the largest artifact
 * it accepts and, optionally, the public key its releases must be signed with.
 *
 * @param id               a URL-safe slug, e.g. {@code locker-controller}
 * @param name             a display name
 * @param models           at least one hardware model; names are unique within the product
 * @param maxArtifactBytes uploads larger than this are refused while streaming
 * @param releaseKeyPem    the release signing public key (PEM SubjectPublicKeyInfo), if releases must be signed
 */
public record Product(String id, String name, List<HardwareModel> models, long maxArtifactBytes,
                      Optional<String> releaseKeyPem) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** 16 MiB: the largest app partition an ESP32 flash layout can hold. */
    public static final long DEFAULT_MAX_ARTIFACT_BYTES = 16L * 1024 * 1024;

    public Product {
        Checks.matches(id, ID, "product id", "1 to 63 characters of a-z, 0-9 and '-', starting with a letter or digit");
        Checks.notNull(name, "product name");
        if (name.isBlank() || name.length() > 200) {
            throw new InvalidInputException("product name must be 1 to 200 characters, not blank");
        }
        models = List.copyOf(Checks.noNulls(models, "models"));
        if (models.isEmpty()) {
            throw new InvalidInputException("product '" + id + "' needs at least one hardware model");
        }
        Set<String> seen = new HashSet<>();
        for (HardwareModel m : models) {
            if (!seen.add(m.name())) {
                throw new InvalidInputException("product '" + id + "' lists model '" + m.name() + "' twice");
            }
        }
        Checks.inRange(maxArtifactBytes, 1, Long.MAX_VALUE, "maxArtifactBytes");
        Checks.notNull(releaseKeyPem, "releaseKeyPem");
    }

    /** A product with the default size limit and no release key. */
    public static Product of(String id, String name, HardwareModel... models) {
        return new Product(id, name, List.of(models), DEFAULT_MAX_ARTIFACT_BYTES, Optional.empty());
    }

    public Optional<HardwareModel> model(String modelName) {
        for (HardwareModel m : models) {
            if (m.name().equals(modelName)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
