package io.voyagerota.device;

import io.voyagerota.InvalidInputException;
import io.voyagerota.auth.Secrets;
import io.voyagerota.support.Checks;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the server's device directory holds about one device: the hash of its credential and its tags. An entry,
 * once written, is never deleted: a revoked credential or a cleared tag set is itself a change that every node
 * must learn of.
 *
 * <p>Tags are case-insensitive: they are folded to lower case ({@link Locale#ROOT}) and must then be 1 to
 * {@value #MAX_TAG_LENGTH} characters of {@code a-z}, {@code 0-9}, {@code .}, {@code _} or {@code -}; a device has
 * at most {@value #MAX_TAGS}. Rollout tag targets are matched exactly, so write them in lower case too.
 *
 * @param secretHash the credential's {@link Secrets#hash hash} (64 lower-case hex digits); empty when the device
 *                   has none (never enrolled, or revoked)
 * @param tags       the device's tags, lower case, in alphabetical order
 * @param revision   the directory's revision at this entry's last change: at least 1, and unique across the store
 * @param updatedAt  when the entry last changed
 */
public record DirectoryEntry(String deviceId, Optional<String> secretHash, Set<String> tags, long revision,
                             Instant updatedAt) {
    /** The most tags a device may carry. */
    public static final int MAX_TAGS = 32;
    /** The longest tag. */
    public static final int MAX_TAG_LENGTH = 64;

    private static final Pattern TAG = Pattern.compile("[a-z0-9._-]{1," + MAX_TAG_LENGTH + "}");

    public DirectoryEntry {
        checkDeviceId(deviceId);
        Checks.notNull(secretHash, "secretHash").ifPresent(DirectoryEntry::checkSecretHash);
        tags = tags(tags);
        Checks.inRange(revision, 1, Long.MAX_VALUE, "directory revision");
        Checks.notNull(updatedAt, "updatedAt");
    }

    /** Checks a device id as reports do ({@link DeviceReport#isValidDeviceId}); returns it. */
    public static String checkDeviceId(String deviceId) {
        return Checks.matches(deviceId, DeviceReport.ID, "deviceId",
                "1 to 128 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
    }

    /** Checks that a stored credential hash is what {@link Secrets#hash} produces; returns it. */
    public static String checkSecretHash(String secretHash) {
        Checks.notNull(secretHash, "secretHash");
        if (!Secrets.isHash(secretHash)) {
            throw new InvalidInputException("secretHash \"" + Checks.printable(secretHash) + "\" is not valid: a"
                    + " credential is stored as its SHA-256 in 64 lower-case hex digits (Secrets.hash(secret))");
        }
        return secretHash;
    }

    /**
     * Validates tags and returns them as stored: folded to lower case, without duplicates, in alphabetical order,
     * unmodifiable.
     *
     * @throws InvalidInputException naming the first bad tag, or when there are more than {@value #MAX_TAGS}
     */
    public static Set<String> tags(Collection<String> tags) {
        Checks.noNulls(tags, "tags");
        if (tags.isEmpty()) {
            return Set.of();
        }
        TreeSet<String> folded = new TreeSet<>();
        for (String tag : tags) {
            String lower = tag.toLowerCase(Locale.ROOT);
            if (!TAG.matcher(lower).matches()) {
                throw new InvalidInputException("tag \"" + Checks.printable(tag) + "\" is not valid: 1 to "
                        + MAX_TAG_LENGTH + " characters of a-z, 0-9, '.', '_' or '-' (upper case is folded to lower"
                        + " case)");
            }
            folded.add(lower);
        }
        if (folded.size() > MAX_TAGS) {
            throw new InvalidInputException("a device has at most " + MAX_TAGS + " tags, but " + folded.size()
                    + " were given; group devices with fewer, broader tags");
        }
        return Collections.unmodifiableSortedSet(folded);
    }
}
