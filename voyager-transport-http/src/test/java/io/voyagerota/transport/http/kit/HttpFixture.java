package io.voyagerota.transport.http.kit;

import io.voyagerota.Voyager;
import io.voyagerota.auth.Secrets;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.memory.InMemoryRegistry;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.signing.OfferKeyEndorsement;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.testing.MutableClock;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.version.Version;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * A Voyager on in-memory adapters with signed download links, device credentials and a clock that stands still,
 * with one product ({@value #PRODUCT}) of two models; releases walk the real lifecycle.
 */
public final class HttpFixture {
    public static final String PRODUCT = "locker";
    public static final String S3 = "locker-s3";
    public static final String C3 = "locker-c3";

    public final MutableClock clock = MutableClock.create();
    /** A token the built-in authenticator accepts as an admin's; Voyager holds only its hash. */
    public final String adminToken = Secrets.newToken();
    public final OpenRecordingStorage storage = new OpenRecordingStorage(new InMemoryArtifactStorage(clock));
    public final HmacDownloadLinks links;
    /** The offer key devices were built with before the current one, which endorses the current one. */
    public final SigningKey previousOfferKey = SigningKey.generate();
    public final SigningKey offerKey = SigningKey.generate();
    public final InMemoryRegistry registry = new InMemoryRegistry();
    public final Voyager voyager;
    private final Map<String, byte[]> firmware = new ConcurrentHashMap<>();

    public HttpFixture() {
        this("/v1");
    }

    /** @param linkBase the base download links are issued under, as devices see it */
    public HttpFixture(String linkBase) {
        this(linkBase, (fixture, builder) -> { });
    }

    /** @param wiring adds to the Voyager being built, such as listeners and outbox handlers */
    public HttpFixture(String linkBase, BiConsumer<HttpFixture, Voyager.Builder> wiring) {
        byte[] secret = new byte[32];
        new Random(7).nextBytes(secret);
        links = new HmacDownloadLinks(linkBase, secret);
        Voyager.Builder builder = Voyager.builder().registry(registry).artifactStorage(storage)
                .adminToken("ops", Secrets.hash(adminToken)).downloadLinks(links).clock(clock).offerKey(offerKey)
                .offerKeyEndorsement(OfferKeyEndorsement.endorse(offerKey.verifyingKey(), previousOfferKey));
        wiring.accept(this, builder);
        voyager = builder.build();
        voyager.products().create(Product.of(PRODUCT, "Smart locker", new HardwareModel(S3, Chip.ESP32_S3),
                new HardwareModel(C3, Chip.ESP32_C3)));
    }

    /** A handler builder on this fixture's Voyager, links and clock. */
    public VoyagerHttpHandler.Builder handler() {
        return VoyagerHttpHandler.builder(voyager, links).clock(clock);
    }

    /** Issues a credential for a device in the device directory; returns its secret. */
    public String enrol(String deviceId) {
        return voyager.devices().enrol(deviceId).secret();
    }

    /**
     * A release for the {@value #S3} model (unless {@code options} name others), with a valid application image
     * of about {@code size} bytes declaring its version and secure version, staged.
     */
    public Release staged(String version, int size, UnaryOperator<ReleaseDraft.Builder> options) {
        Release draft = voyager.releases().create(options.apply(ReleaseDraft.builder(PRODUCT,
                Version.parse(version)).models(S3)).build());
        byte[] image = Esp32Images.appImage(Chip.ESP32_S3, version, draft.secureVersion(), size, version.hashCode());
        try {
            voyager.releases().upload(draft.id(), new ByteArrayInputStream(image), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        firmware.put(draft.id(), image);
        return voyager.releases().stage(draft.id());
    }

    public Release production(String version, int size, UnaryOperator<ReleaseDraft.Builder> options) {
        return voyager.releases().promote(staged(version, size, options).id(), RolloutSpec.all());
    }

    public Release production(String version, int size) {
        return production(version, size, b -> b);
    }

    /** The bytes uploaded for a release. */
    public byte[] firmwareOf(Release release) {
        return firmware.get(release.id()).clone();
    }

    public static ArtifactKey keyOf(Release release) {
        return ArtifactKey.of(release.artifact().orElseThrow().key());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
