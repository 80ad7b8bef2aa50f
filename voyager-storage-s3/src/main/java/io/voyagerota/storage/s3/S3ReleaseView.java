package io.voyagerota.storage.s3;

import io.voyagerota.ConflictException;
import io.voyagerota.InvalidInputException;
import io.voyagerota.NotFoundException;
import io.voyagerota.support.Checks;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.storage.s3.internal.ArtifactMetadata;
import io.voyagerota.storage.s3.internal.ObjectStore;
import io.voyagerota.storage.s3.internal.ViewJson;
import io.voyagerota.version.Version;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The release tree operators know from hand-built OTA setups, kept in the same bucket as an
 * {@link S3ArtifactStorage}, under a prefix of its own:
 * <pre>
 * {product}/releases/v{version}/firmware.bin    a server-side copy of the stored artifact
 * {product}/releases/v{version}/version.txt     the version and a newline
 * {product}/releases/v{version}/metadata.json   product, version, key, size, sha256, storedAt, metadata
 * {product}/production/…                        copies of the production release's three files
 * {product}/production.json                     {"version":…,"path":"releases/v…/","sha256":…,"size":…}
 * </pre>
 * S3 has neither links nor renames, so the view is made of copies. A release counts as published once its
 * {@code metadata.json} exists, which is written last. {@code production.json} is one object, replaced in one
 * PUT: readers that start there always see one whole release. The {@code production/} copies are rewritten file by
 * file, {@code version.txt} last, for clients that poll a fixed {@code production/version.txt} and then fetch
 * {@code production/firmware.bin}: during a promotion such a client may fetch the new image while it read the old
 * version, and one that checks the SHA-256 from {@code production/metadata.json} refuses the mismatch and retries.
 *
 * <p>Every method is idempotent, as outbox handlers need, and returns whether it changed anything; one that was cut
 * off is completed by calling it again. One view instance per prefix; its methods are serialised.
 */
public final class S3ReleaseView {
    private static final Pattern PRODUCT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]{0,127}/){1,8}");
    private static final String FIRMWARE = "firmware.bin";
    private static final String VERSION = "version.txt";
    private static final String METADATA = "metadata.json";
    private static final int MAX_JSON_BYTES = 1024 * 1024;

    private final S3ArtifactStorage storage;
    private final ObjectStore store;
    private final String prefix;

    private S3ReleaseView(S3ArtifactStorage storage, String prefix) {
        this.storage = storage;
        this.store = storage.objects();
        this.prefix = prefix;
    }

    /**
     * A view under {@code prefix} (such as {@code ota/}) of the storage's bucket, apart from the storage's own
     * {@code objects/}, {@code trash/} and {@code uploads/}.
     */
    public static S3ReleaseView create(S3ArtifactStorage storage, String prefix) {
        Checks.notNull(storage, "storage");
        Checks.notNull(prefix, "prefix");
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        Checks.matches(p, PREFIX, "release view prefix", "one to 8 folder names of letters, digits, '.', '_' and"
                + " '-' separated by '/', such as ota/");
        String base = storage.config().prefix();
        for (String area : List.of(S3ArtifactStorage.LIVE, S3ArtifactStorage.TRASH, S3ArtifactStorage.UPLOADS)) {
            if (p.startsWith(base + area) || (base + area).startsWith(p)) {
                throw new InvalidInputException("release view prefix " + p + " overlaps the artifact storage's "
                        + base + area + "; give the view a prefix of its own, such as ota/");
            }
        }
        return new S3ReleaseView(storage, p);
    }

    public String prefix() {
        return prefix;
    }

    /**
     * Makes {@code {product}/releases/v{version}/} from a live artifact.
     *
     * @return false if that release is already there with the same content
     * @throws NotFoundException if the artifact is missing or deleted
     * @throws ConflictException if the release is there with different content: releases are never rewritten
     */
    public synchronized boolean publish(String productId, Version version, ArtifactKey key,
                                        Map<String, String> metadata) throws IOException {
        String release = release(productId, version);
        Checks.notNull(key, "key");
        Checks.notNull(metadata, "metadata");
        StoredArtifact artifact = storage.stat(key).orElseThrow(() -> missingArtifact(key));
        byte[] description = ViewJson.release(productId, version, artifact, metadata);
        Optional<byte[]> existing = store.readSmall(release + METADATA, MAX_JSON_BYTES);
        if (existing.isPresent()) {
            if (Arrays.equals(existing.get(), description)) {
                return false;
            }
            throw releasedOtherwise(productId, version);
        }
        ObjectStore.Info source = store.head(storage.live(key)).orElseThrow(() -> missingArtifact(key));
        try {
            store.copy(storage.live(key), release + FIRMWARE, source.size(), source.metadata(), true);
        } catch (ObjectStore.WriteConflict e) {
            // Left by a publish that was cut off: fine if it holds the same bytes.
            Optional<ObjectStore.Info> there = store.head(release + FIRMWARE);
            if (there.isEmpty() || !artifact.sha256().equals(there.get().metadata().get(ArtifactMetadata.SHA256))) {
                throw releasedOtherwise(productId, version);
            }
        }
        put(release + VERSION, (version + "\n").getBytes(StandardCharsets.UTF_8));
        put(release + METADATA, description);
        return true;
    }

    /**
     * Makes the given published release the production one: its files are copied to {@code production/}, then
     * {@code production.json} is replaced.
     *
     * @return false if it already was
     * @throws NotFoundException if that release was not published
     */
    public synchronized boolean promote(String productId, Version version) throws IOException {
        String release = release(productId, version);
        byte[] description = store.readSmall(release + METADATA, MAX_JSON_BYTES)
                .orElseThrow(() -> new NotFoundException("release", productId + " " + version
                        + " in the release view (publish it first)"));
        ObjectStore.Info firmware = store.head(release + FIRMWARE).orElseThrow(() -> new S3LayoutException(
                "release " + productId + " " + version + " has a metadata.json but no firmware.bin under " + release
                        + "; remove the release and publish it again"));
        byte[] pointer = ViewJson.production(version, "releases/v" + version + "/", firmware);
        String product = prefix + productId + "/";
        if (store.readSmall(product + "production.json", MAX_JSON_BYTES).map(b -> Arrays.equals(b, pointer))
                .orElse(false)) {
            return false;
        }
        String production = product + "production/";
        store.copy(release + FIRMWARE, production + FIRMWARE, firmware.size(), firmware.metadata(), false);
        put(production + METADATA, description);
        put(production + VERSION, (version + "\n").getBytes(StandardCharsets.UTF_8));
        put(product + "production.json", pointer);
        return true;
    }

    /** The version {@code production.json} names. */
    public synchronized Optional<Version> production(String productId) throws IOException {
        checkProduct(productId);
        Optional<byte[]> pointer = store.readSmall(prefix + productId + "/production.json", MAX_JSON_BYTES);
        return pointer.map(ViewJson::productionVersion);
    }

    /**
     * Removes a published release, refusing the production one.
     *
     * @return false if it was not there
     * @throws ConflictException if it is the production release: clear or move production first
     */
    public synchronized boolean remove(String productId, Version version) throws IOException {
        String release = release(productId, version);
        if (production(productId).filter(version::equals).isPresent()) {
            throw new ConflictException("release " + productId + " " + version + " is in production; promote"
                    + " another release or clear production before removing it");
        }
        // metadata.json first: from then on the release no longer counts as published.
        return deleteAll(release + METADATA, release + VERSION, release + FIRMWARE);
    }

    /** Removes {@code production.json} and the {@code production/} copies; false if there were none. */
    public synchronized boolean clearProduction(String productId) throws IOException {
        checkProduct(productId);
        String product = prefix + productId + "/";
        String production = product + "production/";
        return deleteAll(product + "production.json", production + VERSION, production + METADATA,
                production + FIRMWARE);
    }

    private boolean deleteAll(String... keys) throws IOException {
        boolean changed = false;
        for (String key : keys) {
            if (store.head(key).isPresent()) {
                store.delete(key);
                changed = true;
            }
        }
        return changed;
    }

    private void put(String key, byte[] bytes) throws IOException {
        store.put(key, bytes, bytes.length, Map.of(), false);
    }

    private String release(String productId, Version version) {
        checkProduct(productId);
        Checks.notNull(version, "version");
        return prefix + productId + "/releases/v" + version + "/";
    }

    private static void checkProduct(String productId) {
        Checks.matches(productId, PRODUCT, "product id", "lowercase letters, digits and '-', at most 63");
    }

    private static NotFoundException missingArtifact(ArtifactKey key) {
        return new NotFoundException("artifact", key.value());
    }

    private static ConflictException releasedOtherwise(String productId, Version version) {
        return new ConflictException("release " + productId + " " + version + " is already published with other"
                + " content; releases are never rewritten: publish a new version, or remove this one first");
    }
}
