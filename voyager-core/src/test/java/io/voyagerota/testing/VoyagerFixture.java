package io.voyagerota.testing;

import io.voyagerota.Voyager;
import io.voyagerota.VoyagerConfig;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.event.VoyagerEvent;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.memory.InMemoryRegistry;
import io.voyagerota.memory.RecordingNotifier;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.version.Version;

import java.io.ByteArrayInputStream;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.GeneratedFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A Voyager on in-memory adapters and a controllable clock, with one product ({@value #PRODUCT}) of two models,
 * and shortcuts that walk releases through the real lifecycle.
 */
public final class VoyagerFixture {
    public static final String PRODUCT = "locker";
    public static final String S3 = "locker-s3";
    public static final String C3 = "locker-c3";

    public final MutableClock clock = MutableClock.create();
    public final InMemoryRegistry registry = new InMemoryRegistry();
    public final InMemoryArtifactStorage storage = new InMemoryArtifactStorage(clock);
    public final RecordingNotifier notifier = new RecordingNotifier();
    public final List<VoyagerEvent> events = new CopyOnWriteArrayList<>();
    public final Voyager voyager;

    public VoyagerFixture() {
        this(VoyagerConfig.defaults());
    }

    public VoyagerFixture(VoyagerConfig config) {
        this(config, b -> b);
    }

    /** With more wiring applied last, such as another notifier (the recording one then stays empty). */
    public VoyagerFixture(VoyagerConfig config, UnaryOperator<Voyager.Builder> wiring) {
        voyager = wiring.apply(Voyager.builder().registry(registry).artifactStorage(storage).clock(clock)
                .notifier(notifier).listener(events::add).config(config)).build();
        voyager.products().create(Product.of(PRODUCT, "Smart locker", new HardwareModel(S3, Chip.ESP32_S3),
                new HardwareModel(C3, Chip.ESP32_C3)));
    }

    public Release draft(String version) {
        return draft(version, b -> b);
    }

    /** A draft for the ESP32-S3 model unless {@code options} name other models. */
    public Release draft(String version, UnaryOperator<ReleaseDraft.Builder> options) {
        return voyager.releases().create(options.apply(ReleaseDraft.builder(PRODUCT, Version.parse(version))
                .models(S3)).build());
    }

    /** A draft with a valid generated image uploaded, staged. */
    public Release staged(String version, UnaryOperator<ReleaseDraft.Builder> options) {
        Release draft = draft(version, options);
        upload(draft, imageFor(draft));
        return voyager.releases().stage(draft.id());
    }

    /** A valid application image for the draft's chip, declaring its version and secure version. */
    public GeneratedFile imageFor(Release draft) {
        Chip chip = voyager.products().get(draft.productId()).model(draft.compatibleModels().get(0))
                .orElseThrow().chip();
        return new Esp32ImageBuilder().chip(chip).version(draft.version().toString()).projectName("locker")
                .secureVersion(draft.secureVersion()).seed(draft.version().hashCode()).build().file();
    }

    public Release upload(Release draft, GeneratedFile image) {
        try (InputStream in = image.open()) {
            return voyager.releases().upload(draft.id(), in, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Release staged(String version) {
        return staged(version, b -> b);
    }

    /** Staged, then promoted with the given rollout. */
    public Release production(String version, RolloutSpec spec, UnaryOperator<ReleaseDraft.Builder> options) {
        return voyager.releases().promote(staged(version, options).id(), spec);
    }

    public Release production(String version, RolloutSpec spec) {
        return production(version, spec, b -> b);
    }

    public Release production(String version) {
        return production(version, RolloutSpec.all());
    }

    public Release upload(Release draft, String content) {
        try {
            return voyager.releases().upload(draft.id(),
                    new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Events of one type, in order. */
    public <T extends VoyagerEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * The first {@code count} device ids {@code prefix-0}, {@code prefix-1}, ... whose bucket in a rollout is at least
     * {@code fromBucket} and below {@code toBucket}: devices a given stage of a percentage rollout admits.
     */
    public static java.util.List<String> devicesIn(io.voyagerota.rollout.Rollout rollout, int fromBucket,
                                                   int toBucket, int count, String prefix) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; out.size() < count; i++) {
            int b = io.voyagerota.rollout.RolloutBuckets.bucket(rollout.salt(), prefix + "-" + i);
            if (b >= fromBucket && b < toBucket) {
                out.add(prefix + "-" + i);
            }
        }
        return out;
    }
}
