package io.voyagerota.spi;

import io.voyagerota.device.DirectoryEntry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The device directory: each device's credential hash and its server-side tags, kept where every node can read
 * them, so that each node can serve them from memory and follow changes incrementally with {@link #changedSince}.
 *
 * <p>Contract, checked by the directory group of the registry compatibility kit:
 * <ul>
 * <li>Every write that changes an entry gives it the store's next <em>revision</em>: revisions are at least 1,
 *     strictly increasing across the whole store, and never reused.</li>
 * <li>{@link #changedSince} never skips a committed change: once it has returned revision {@code r}, every
 *     change that commits later gets a revision above {@code r}, even with writers on several nodes. A reader that
 *     pages with the last revision it saw therefore ends up with exactly the store's entries.</li>
 * <li>Entries are never deleted. Removing a credential keeps the entry (and its tags) at a new revision, so
 *     readers learn of the removal.</li>
 * <li>Invalid input raises {@link io.voyagerota.InvalidInputException} and changes nothing: device ids as
 *     {@link DirectoryEntry#checkDeviceId}, hashes as {@link DirectoryEntry#checkSecretHash}, tags as
 *     {@link DirectoryEntry#tags} (which also folds them to lower case).</li>
 * </ul>
 */
public interface DirectoryStore {

    /** Stores the hash of a device's credential, replacing any earlier one; creates the entry if needed. */
    DirectoryEntry putCredential(String deviceId, String secretHash, Instant at);

    /**
     * Removes a device's credential; returns false, and changes nothing, when the device has none (or no entry).
     */
    boolean removeCredential(String deviceId, Instant at);

    /** Replaces a device's tags (an empty set clears them); creates the entry if needed. */
    DirectoryEntry putTags(String deviceId, Set<String> tags, Instant at);

    Optional<DirectoryEntry> find(String deviceId);

    /**
     * Up to {@code limit} entries whose revision is above {@code revision}, lowest revision first; each device
     * appears once, as it is now. Start from 0 and pass the last revision returned to get the next page.
     *
     * @throws io.voyagerota.InvalidInputException if {@code revision} is negative or {@code limit} is not positive
     */
    List<DirectoryEntry> changedSince(long revision, int limit);
}
