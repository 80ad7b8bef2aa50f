package io.voyagerota.version;

import java.util.List;
import java.util.Objects;

/**
 * A firmware version: SemVer 2.0.0, ordered by SemVer precedence.
 *
 * <p>Two ways in: {@link #parse} is strict SemVer 2.0.0 and is what release metadata must use;
 * {@link #parseLenient} also accepts the looser forms devices report ({@code v1.2}, {@code 7}, {@code 01.02.03}).
 * Numbers (major, minor, patch and numeric prerelease identifiers) are at most {@link Long#MAX_VALUE}
 * (9223372036854775807) and a version's text is at most {@value #MAX_LENGTH} characters, so it fits a database column.
 *
 * <p><b>Equality ignores build metadata</b>, exactly like {@link #compareTo}: {@code 1.0.0+a} equals {@code 1.0.0+b}.
 * For Voyager two builds that differ only in metadata are the same version: a product cannot hold both, and
 * "monotonic versions" would otherwise be ambiguous. {@link #identicalTo} also compares the metadata.
 *
 * <p>Two database-friendly forms of the order: {@link #sortKey()} for every version, and the compact
 * {@link #code()} for releases within its bounds.
 */
public final class Version implements Comparable<Version> {
    /** The longest version text accepted, in characters, and so the longest {@link #toString()}. */
    public static final int MAX_LENGTH = 256;

    /** The longest {@link #sortKey()} of any valid version (reached by {@code 1.1.1-a.a...a.aa}, 256 characters). */
    public static final int MAX_SORT_KEY_LENGTH = 766;

    /** The largest major that has a {@link #code()}: the largest keeping every such code within a signed long. */
    public static final long MAX_CODE_MAJOR = 922_337_202L;
    /** The largest minor that has a {@link #code()}: the code gives the minor five decimal digits. */
    public static final long MAX_CODE_MINOR = 99_999L;
    /** The largest patch that has a {@link #code()}: the code gives the patch five decimal digits. */
    public static final long MAX_CODE_PATCH = 99_999L;
    /** {@value}, the code of {@code 922337202.99999.99999}: every code from 0 to it names exactly one release. */
    public static final long MAX_CODE = 9_223_372_029_999_999_999L;

    private static final long MAJOR_FACTOR = 10_000_000_000L;
    private static final long MINOR_FACTOR = 100_000L;

    private static final String SORT_KEY_HINT = "; order and index by sortKey() instead, which covers every version";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final long major;
    private final long minor;
    private final long patch;
    private final List<String> prerelease;
    private final List<String> build;
    private final String text;
    private int hash;
    /** Computed on first use: most parsed versions (device reports) are only compared, never stored. */
    private String sortKey;

    /** Trusts its arguments: only the parser and the factories, which validate, call it. */
    Version(long major, long minor, long patch, List<String> prerelease, List<String> build) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.prerelease = List.copyOf(prerelease);
        this.build = List.copyOf(build);
        StringBuilder canonical = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
        if (!this.prerelease.isEmpty()) {
            canonical.append('-').append(String.join(".", this.prerelease));
        }
        if (!this.build.isEmpty()) {
            canonical.append('+').append(String.join(".", this.build));
        }
        this.text = canonical.toString();
    }

    /**
     * Parses strict SemVer 2.0.0, {@code MAJOR.MINOR.PATCH[-prerelease][+build]}, as release metadata must be
     * written: no leading zeros in numbers, non-empty ASCII {@code [0-9A-Za-z-]} identifiers, numbers at most
     * {@link Long#MAX_VALUE}, at most {@value #MAX_LENGTH} characters.
     *
     * @throws VersionFormatException naming the input and what is wrong with it where
     */
    public static Version parse(String text) {
        return VersionParser.parseStrict(text);
    }

    /**
     * Parses what a device reports: like {@link #parse}, but surrounding whitespace is trimmed, one leading {@code v}
     * or {@code V} is dropped, a missing minor and patch become 0 ({@code 1.2} is {@code 1.2.0}, {@code 7} is
     * {@code 7.0.0}) and leading zeros in major, minor and patch are tolerated ({@code 01.02.03} is {@code 1.2.3}).
     * Prerelease and build rules are the strict ones. The trimmed text and the resulting canonical text are each at
     * most {@value #MAX_LENGTH} characters. Never use it for release metadata.
     *
     * @throws VersionFormatException naming the input and what is wrong with it where
     */
    public static Version parseLenient(String text) {
        return VersionParser.parseLenient(text);
    }

    /**
     * A release version from its components.
     *
     * @throws VersionFormatException if a component is negative
     */
    public static Version of(long major, long minor, long patch) {
        if (major < 0 || minor < 0 || patch < 0) {
            String which = major < 0 ? "major " + major : minor < 0 ? "minor " + minor : "patch " + patch;
            throw new VersionFormatException("version components (" + major + ", " + minor + ", " + patch + "): "
                    + which + " is negative; components must be between 0 and " + Long.MAX_VALUE);
        }
        return new Version(major, minor, patch, List.of(), List.of());
    }

    /**
     * The release version whose {@link #code()} is {@code code}.
     *
     * @throws VersionCodeException if {@code code} is negative or above {@link #MAX_CODE}
     */
    public static Version fromCode(long code) {
        if (code < 0) {
            throw new VersionCodeException("no version has code " + code + ": codes are never negative");
        }
        if (code > MAX_CODE) {
            throw new VersionCodeException("no version has code " + code + ": the largest code is " + MAX_CODE
                    + " (" + MAX_CODE_MAJOR + "." + MAX_CODE_MINOR + "." + MAX_CODE_PATCH + ")");
        }
        return of(code / MAJOR_FACTOR, code % MAJOR_FACTOR / MINOR_FACTOR, code % MINOR_FACTOR);
    }

    public long major() {
        return major;
    }

    public long minor() {
        return minor;
    }

    public long patch() {
        return patch;
    }

    /** The prerelease identifiers, in order; empty for a release. Unmodifiable. */
    public List<String> prerelease() {
        return prerelease;
    }

    /** The build metadata identifiers, in order; empty when there is none. Unmodifiable. */
    public List<String> build() {
        return build;
    }

    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    /**
     * SemVer 2.0.0 §11 precedence: major, minor and patch numerically; a prerelease below its release; prerelease
     * identifiers left to right, numeric ones numerically, alphanumeric ones by ASCII, numeric below alphanumeric,
     * and more identifiers above fewer when all before are equal. Build metadata is ignored.
     */
    @Override
    public int compareTo(Version other) {
        int byCore = Long.compare(major, other.major);
        if (byCore == 0) {
            byCore = Long.compare(minor, other.minor);
        }
        if (byCore == 0) {
            byCore = Long.compare(patch, other.patch);
        }
        if (byCore != 0) {
            return byCore;
        }
        if (prerelease.isEmpty() || other.prerelease.isEmpty()) {
            return Boolean.compare(prerelease.isEmpty(), other.prerelease.isEmpty());
        }
        int common = Math.min(prerelease.size(), other.prerelease.size());
        for (int i = 0; i < common; i++) {
            int byIdentifier = compareIdentifiers(prerelease.get(i), other.prerelease.get(i));
            if (byIdentifier != 0) {
                return byIdentifier;
            }
        }
        return Integer.compare(prerelease.size(), other.prerelease.size());
    }

    private static int compareIdentifiers(String left, String right) {
        boolean leftNumeric = VersionParser.isNumeric(left);
        boolean rightNumeric = VersionParser.isNumeric(right);
        if (leftNumeric && rightNumeric) {
            // Numeric identifiers have no leading zeros, so the longer one is the larger number.
            int byLength = Integer.compare(left.length(), right.length());
            return byLength != 0 ? byLength : Integer.signum(left.compareTo(right));
        }
        if (leftNumeric != rightNumeric) {
            return leftNumeric ? -1 : 1;
        }
        return Integer.signum(left.compareTo(right));
    }

    /** Equal exactly when {@link #compareTo} is 0: build metadata is ignored (see the class comment for why). */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Version that
                && major == that.major && minor == that.minor && patch == that.patch
                && prerelease.equals(that.prerelease);
    }

    @Override
    public int hashCode() {
        // Cached: versions are hashed on every update check (the revoked-version lookup); racy but idempotent.
        int h = hash;
        if (h == 0) {
            h = 31 * (31 * (31 * Long.hashCode(major) + Long.hashCode(minor)) + Long.hashCode(patch))
                    + prerelease.hashCode();
            hash = h;
        }
        return h;
    }

    /** Equal and with the same build metadata: the same text once canonical. */
    public boolean identicalTo(Version other) {
        Objects.requireNonNull(other, "version to compare with must not be null");
        return equals(other) && build.equals(other.build);
    }

    /**
     * A lowercase hexadecimal string whose plain ordering, by {@link String#compareTo}, by bytes, by
     * {@code COLLATE "C"} or by any collation that compares character by character (not ICU numeric ordering), is
     * exactly {@link #compareTo}: equal versions (build metadata ignored) have equal keys, different versions
     * different keys. At most {@value #MAX_SORT_KEY_LENGTH} characters; see {@code docs/versioning.md}.
     *
     * <p>Encoding, before hex: each of major, minor and patch as a <em>number</em>, which is one byte giving how many
     * bytes follow (0 to 8) then the value in that many big-endian bytes with no leading zero byte (0 is just
     * {@code 00}); then {@code ff} for a release, or for a prerelease each identifier as {@code 01} + number when
     * numeric or {@code 02} + its ASCII bytes + {@code 00} when alphanumeric, and a final {@code 00}. For example
     * {@code 1.10.2} is {@code 0101010a0102ff}.
     */
    public String sortKey() {
        String key = sortKey;
        if (key == null) {
            key = encodeSortKey();
            sortKey = key;
        }
        return key;
    }

    private String encodeSortKey() {
        StringBuilder hex = new StringBuilder(32);
        appendNumber(hex, major);
        appendNumber(hex, minor);
        appendNumber(hex, patch);
        if (prerelease.isEmpty()) {
            // Above the 01/02 that start a first identifier: a release sorts after its prereleases.
            appendByte(hex, 0xff);
            return hex.toString();
        }
        for (String identifier : prerelease) {
            if (VersionParser.isNumeric(identifier)) {
                appendByte(hex, 0x01);
                appendNumber(hex, Long.parseLong(identifier));
            } else {
                appendByte(hex, 0x02);
                for (int i = 0; i < identifier.length(); i++) {
                    appendByte(hex, identifier.charAt(i));
                }
                // Below every identifier character, so "alpha" sorts before "alpha1".
                appendByte(hex, 0x00);
            }
        }
        // Below 01/02: fewer identifiers sort first when all before are equal.
        appendByte(hex, 0x00);
        return hex.toString();
    }

    /** Length first: with no leading zero bytes, more bytes means a larger number. */
    private static void appendNumber(StringBuilder hex, long value) {
        int bytes = (Long.SIZE - Long.numberOfLeadingZeros(value) + 7) / 8;
        appendByte(hex, bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            appendByte(hex, (int) (value >>> (8 * i)) & 0xff);
        }
    }

    private static void appendByte(StringBuilder hex, int value) {
        hex.append(HEX[value >>> 4]).append(HEX[value & 0xf]);
    }

    /** Whether {@link #code()} has a value: a release within {@link #MAX_CODE_MAJOR}, minor and patch bounds. */
    public boolean hasCode() {
        return prerelease.isEmpty() && major <= MAX_CODE_MAJOR && minor <= MAX_CODE_MINOR && patch <= MAX_CODE_PATCH;
    }

    /**
     * The compact version code {@code major * 10_000_000_000 + minor * 100_000 + patch}: minor and patch padded to
     * five digits each, so {@code 1.10.2} is {@code 10001000002} and orders above {@code 1.9.10},
     * {@code 10000900010}. Codes order releases exactly like {@link #compareTo}. Build metadata is ignored.
     *
     * @throws VersionCodeException for a prerelease (a code cannot place it below its release) or when minor or patch
     *     is above 99999 or major above 922337202; use {@link #sortKey()} for those
     */
    public long code() {
        if (isPrerelease()) {
            throw new VersionCodeException("version \"" + text + "\" has no version code: it is a prerelease, and a"
                    + " code cannot order a prerelease below its release" + SORT_KEY_HINT);
        }
        if (major > MAX_CODE_MAJOR) {
            throw outOfCodeRange("major", major, MAX_CODE_MAJOR);
        }
        if (minor > MAX_CODE_MINOR) {
            throw outOfCodeRange("minor", minor, MAX_CODE_MINOR);
        }
        if (patch > MAX_CODE_PATCH) {
            throw outOfCodeRange("patch", patch, MAX_CODE_PATCH);
        }
        return codeOf(major, minor, patch);
    }

    private VersionCodeException outOfCodeRange(String component, long value, long bound) {
        return new VersionCodeException("version \"" + text + "\" has no version code: " + component + " " + value
                + " is above " + bound + ", the largest " + component + " a code can hold" + SORT_KEY_HINT);
    }

    private static long codeOf(long major, long minor, long patch) {
        return major * MAJOR_FACTOR + minor * MINOR_FACTOR + patch;
    }

    /** The canonical text; {@link #parse} of it gives back an {@linkplain #identicalTo identical} version. */
    @Override
    public String toString() {
        return text;
    }
}
