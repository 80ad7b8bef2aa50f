package io.voyagerota.catalog;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;
import io.voyagerota.support.Hex;
import io.voyagerota.version.Version;
import io.voyagerota.version.VersionFormatException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the release key signs: the product, version, anti-rollback epoch, the models and chips a release is for, and
 * the size and SHA-256 of its artifact and of each part. Its {@linkplain #bytes() canonical bytes} are specified in
 * {@code docs/signing.md} ("The release manifest"), so the server, the CLI and a device build the same bytes from
 * the same release, and a device can check them before it downloads anything.
 *
 * @param models the models it may be installed on, sorted by name
 * @param parts  a bundle's firmware and UI parts, in that order; empty for an application image
 */
public record ReleaseManifest(String productId, Version version, int secureVersion, ArtifactKind format,
                              List<HardwareModel> models, long size, String sha256, List<ArtifactPart> parts) {
    /** The longest manifest accepted, in bytes. */
    public static final int MAX_BYTES = 1024;
    static final String HEADER = "voyager-manifest 1";
    private static final List<String> BUNDLE_PARTS = List.of("firmware", "ui");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

    public ReleaseManifest {
        Checks.matches(productId, NAME, "manifest product", "an id of letters, digits, '.', '_', ':' or '-'");
        Checks.notNull(version, "manifest version");
        Checks.inRange(secureVersion, 0, Integer.MAX_VALUE, "manifest secure-version");
        Checks.notNull(format, "manifest format");
        models = List.copyOf(Checks.noNulls(models, "manifest models"));
        if (models.isEmpty()) {
            throw new InvalidInputException("a manifest names at least one model");
        }
        for (int i = 1; i < models.size(); i++) {
            if (models.get(i - 1).name().compareTo(models.get(i).name()) >= 0) {
                throw new InvalidInputException("manifest models must be sorted by name without repeats; '"
                        + models.get(i).name() + "' follows '" + models.get(i - 1).name() + "'");
            }
        }
        Checks.inRange(size, 0, Long.MAX_VALUE, "manifest size");
        Checks.matches(sha256, ArtifactPart.SHA256, "manifest sha256", "64 lowercase hex digits");
        parts = List.copyOf(Checks.noNulls(parts, "manifest parts"));
        if (format == ArtifactKind.APP_IMAGE != parts.isEmpty()) {
            throw new InvalidInputException("a manifest lists parts for a bundle and only for a bundle");
        }
        if (!parts.isEmpty() && !parts.stream().map(ArtifactPart::name).toList().equals(BUNDLE_PARTS)) {
            throw new InvalidInputException("a bundle's manifest lists the parts " + BUNDLE_PARTS
                    + " in that order, not " + parts.stream().map(ArtifactPart::name).toList());
        }
    }

    /**
     * A manifest as offered to devices: its bytes in base64, computed once, and the release key's signature over
     * them when the release is signed.
     */
    public record Signed(ReleaseManifest manifest, String base64, Optional<ReleaseSignature> signature) {
        public Signed {
            Checks.notNull(manifest, "manifest");
            Checks.notNull(base64, "base64");
            Checks.notNull(signature, "signature");
        }

        public static Signed of(ReleaseManifest manifest, Optional<ReleaseSignature> signature) {
            return new Signed(manifest, Base64.getEncoder().encodeToString(manifest.bytes()), signature);
        }
    }

    /** The manifest of a release with an artifact, its models named with their chips from the product. */
    public static ReleaseManifest of(Product product, Release release) {
        Artifact artifact = release.artifact().orElseThrow(() -> new InvalidInputException("release "
                + release.version() + " has no artifact yet: upload it first, then sign its manifest"));
        List<HardwareModel> models = new ArrayList<>();
        for (HardwareModel model : product.models()) {
            if (release.compatibleModels().isEmpty() || release.compatibleModels().contains(model.name())) {
                models.add(model);
            }
        }
        models.sort(Comparator.comparing(HardwareModel::name));
        return new ReleaseManifest(product.id(), release.version(), release.secureVersion(), artifact.kind(), models,
                artifact.size(), artifact.sha256(), artifact.parts());
    }

    /** The canonical bytes, as specified: what is signed and what devices receive. */
    public byte[] bytes() {
        StringBuilder out = new StringBuilder(256);
        out.append(HEADER).append('\n');
        out.append("product ").append(productId).append('\n');
        out.append("version ").append(version).append('\n');
        out.append("secure-version ").append(secureVersion).append('\n');
        out.append("format ").append(format == ArtifactKind.BUNDLE ? "bundle" : "app-image").append('\n');
        for (HardwareModel model : models) {
            out.append("model ").append(model.name()).append(' ').append(model.chip().wireName()).append('\n');
        }
        out.append("size ").append(size).append('\n');
        out.append("sha256 ").append(sha256).append('\n');
        for (ArtifactPart part : parts) {
            out.append("part ").append(part.name()).append(' ').append(part.offset()).append(' ').append(part.size())
                    .append(' ').append(part.sha256()).append('\n');
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException("the release manifest would have " + bytes.length + " bytes; at most "
                    + MAX_BYTES + " fit a device's buffer: list fewer compatible models");
        }
        return bytes;
    }

    /** The manifest digest: SHA-256 of {@link #bytes()}, lowercase hex. */
    public String digest() {
        return Hex.encode(sha256(bytes()));
    }

    /** Reads canonical manifest bytes back, refusing anything that is not exactly the specified form. */
    public static ReleaseManifest parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new InvalidInputException("a manifest has at most " + MAX_BYTES + " bytes; this one has "
                    + bytes.length);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.endsWith("\n") || !java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
            throw new InvalidInputException("a manifest is UTF-8 text whose every line ends in a line feed");
        }
        Lines lines = new Lines(text.substring(0, text.length() - 1).split("\n", -1));
        if (!lines.next().equals(HEADER)) {
            throw new InvalidInputException("a manifest starts with the line '" + HEADER + "'");
        }
        String product = lines.field("product");
        Version version;
        try {
            version = Version.parse(lines.field("version"));
        } catch (VersionFormatException e) {
            throw new InvalidInputException("manifest line 'version': " + e.getMessage());
        }
        int secureVersion = (int) Checks.inRange(lines.decimal("secure-version"), 0, Integer.MAX_VALUE,
                "manifest secure-version");
        String formatText = lines.field("format");
        ArtifactKind format = switch (formatText) {
            case "app-image" -> ArtifactKind.APP_IMAGE;
            case "bundle" -> ArtifactKind.BUNDLE;
            default -> throw new InvalidInputException("manifest format is '" + formatText
                    + "'; it is app-image or bundle");
        };
        List<HardwareModel> models = new ArrayList<>();
        while (lines.peek().startsWith("model ")) {
            String[] words = lines.model();
            Chip chip = Chip.parse(words[1]).filter(c -> c.wireName().equals(words[1])).orElseThrow(() ->
                    new InvalidInputException("manifest model '" + words[0] + "' names chip '" + words[1]
                            + "', which is not a chip's wire name such as esp32s3"));
            models.add(new HardwareModel(words[0], chip));
        }
        long size = lines.decimal("size");
        String sha256 = lines.field("sha256");
        List<ArtifactPart> parts = new ArrayList<>();
        while (lines.hasNext()) {
            String[] words = lines.words("part", 4);
            parts.add(new ArtifactPart(words[0], Lines.decimal(words[1], "part offset"),
                    Lines.decimal(words[2], "part size"), words[3]));
        }
        ReleaseManifest manifest = new ReleaseManifest(product, version, secureVersion, format, models, size, sha256,
                parts);
        if (!java.util.Arrays.equals(manifest.bytes(), bytes)) {
            throw new InvalidInputException("the manifest is not in canonical form (a version written"
                    + " differently)");
        }
        return manifest;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The manifest's lines, read in order. */
    private static final class Lines {
        private final String[] lines;
        private int next;

        Lines(String[] lines) {
            this.lines = lines;
        }

        boolean hasNext() {
            return next < lines.length;
        }

        String peek() {
            return hasNext() ? lines[next] : "";
        }

        String next() {
            if (!hasNext()) {
                throw new InvalidInputException("the manifest ends early, after line " + next);
            }
            return lines[next++];
        }

        String field(String name) {
            String line = next();
            if (!line.startsWith(name + " ") || line.length() == name.length() + 1 || line.indexOf(' ',
                    name.length() + 1) >= 0) {
                throw new InvalidInputException("manifest line " + next + " should be '" + name
                        + " <value>' but is '" + printable(line) + "'");
            }
            return line.substring(name.length() + 1);
        }

        long decimal(String name) {
            return decimal(field(name), "manifest " + name);
        }

        /** A model line: the chip is the last word, the name (which may hold spaces) all before it. */
        String[] model() {
            String line = next();
            int last = line.lastIndexOf(' ');
            if (last <= "model ".length()) {
                throw new InvalidInputException("manifest line " + next + " should be 'model <name> <chip>' but is '"
                        + printable(line) + "'");
            }
            return new String[] {line.substring("model ".length(), last), line.substring(last + 1)};
        }

        String[] words(String name, int count) {
            String line = next();
            String[] words = line.split(" ", -1);
            if (words.length != count + 1 || !words[0].equals(name)) {
                throw new InvalidInputException("manifest line " + next + " should be '" + name + "' and " + count
                        + " values separated by single spaces but is '" + printable(line) + "'");
            }
            return java.util.Arrays.copyOfRange(words, 1, words.length);
        }

        static long decimal(String text, String what) {
            if (!DECIMAL.matcher(text).matches()) {
                throw new InvalidInputException(what + " is '" + printable(text)
                        + "'; it is a decimal integer without sign or leading zeros");
            }
            return Long.parseLong(text);
        }

        private static String printable(String s) {
            String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
            return cut.replaceAll("[\\p{Cntrl}]", "?");
        }
    }
}
