package io.voyagerota.benchmarks;

import io.voyagerota.artifact.ArtifactInspector;
import io.voyagerota.artifact.ArtifactReport;
import io.voyagerota.internal.InspectingInputStream;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.GeneratedFile;
import io.voyagerota.validation.ValidationInput;
import java.io.InputStream;

import io.voyagerota.Voyager;
import io.voyagerota.catalog.Artifact;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseState;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.NoUpdate;
import io.voyagerota.decision.Offer;
import io.voyagerota.decision.UpdateDecision;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.CatalogChange;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.validation.BasicSteps;
import io.voyagerota.validation.ValidationStep;
import io.voyagerota.version.Version;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The catalog and the fleet every benchmark of this module measures against: 50 products with 2 hardware models
 * and 200 releases each, and 1,000,000 distinct devices whose checks give a realistic mix of outcomes.
 * Deterministic (fixed seed and release ids), so every run measures the same work.
 *
 * <p>Per product, release {@code i} (0 to 199) is version {@code (1 + i/100).(i%100/10).(i%10)}, so 1.0.0 to
 * 2.9.9, and:
 * <ul>
 *   <li>{@code i % 50 == 25}: a prerelease ({@code -rc.1}) that was staged for testers and never promoted;</li>
 *   <li>{@code i % 25 == 7}: a board-specific hotfix for {@code board-a} only;</li>
 *   <li>{@code i >= 100} (2.x): requires at least 1.9.9 (a stepping stone: 2.x changed the partition table) and
 *       has secure version 1; {@code i >= 160} has secure version 2;</li>
 *   <li>{@code i >= 190}: needs 25% battery;</li>
 *   <li>{@value #STAGING}: STAGING, for testers only; {@value #NEWEST}: PRODUCTION at a 10% rollout;
 *       every other: PRODUCTION with a rollout to all devices;</li>
 *   <li>{@code 120} and {@code 170}: REVOKED after production; in every tenth product the newest release
 *       ({@value #NEWEST}) was revoked too, after its 10% rollout (an incident: its devices are rolled back).</li>
 * </ul>
 */
final class Workload {
    static final int PRODUCTS = 50;
    static final int RELEASES = 200;
    static final int DEVICES = 1_000_000;
    static final String TESTER_TAG = "tester";

    static final int NEWEST = 199;
    static final int STAGING = 198;
    /** The newest release rolled out to every device. */
    static final int NEWEST_ALL = 197;
    static final int[] REVOKED = {120, 170};
    private static final long SEED = 20_250_101L;

    private static final List<HardwareModel> MODELS = List.of(
            new HardwareModel("board-a", Chip.ESP32_S3), new HardwareModel("board-b", Chip.ESP32_S3));

    private Workload() {
    }

    static String productId(int p) {
        return String.format(Locale.ROOT, "product-%02d", p);
    }

    static String releaseId(int p, int i) {
        return productId(p) + "-r" + i;
    }

    static boolean incident(int p) {
        return p % 10 == 9;
    }

    static boolean prerelease(int i) {
        return i % 50 == 25;
    }

    static boolean fits(int i, String model) {
        return i % 25 != 7 || model.equals("board-a");
    }

    static boolean revoked(int p, int i) {
        return i == REVOKED[0] || i == REVOKED[1] || (i == NEWEST && incident(p));
    }

    static String versionText(int i) {
        String base = (1 + i / 100) + "." + (i % 100 / 10) + "." + (i % 10);
        return prerelease(i) ? base + "-rc.1" : base;
    }

    /**
     * The 1,000,000 device ids: an Espressif OUI and a scrambled 24-bit serial, as {@code esp32-xxxxxxxxxxxx}.
     * Distinct by construction (an odd multiplier is a bijection modulo 2^24).
     */
    static String[] deviceIds() {
        long[] ouis = {0x240AC4L, 0x30AEA4L, 0xA4CF12L, 0x7CDFA1L};
        String[] ids = new String[DEVICES];
        char[] buf = "esp32-000000000000".toCharArray();
        for (int k = 0; k < DEVICES; k++) {
            long serial = ((k >>> 2) * 0x9E3779B1L) & 0xFFFFFFL;
            long mac = ouis[k & 3] << 24 | serial;
            for (int d = 0; d < 12; d++) {
                buf[buf.length - 1 - d] = Character.forDigit((int) (mac >>> (4 * d)) & 0xf, 16);
            }
            ids[k] = new String(buf);
        }
        return ids;
    }

    /** What {@link #build} put in: the newest rollouts, to place devices consistently with their admission. */
    record Catalog(Rollout[] newestRollouts) {
    }

    /**
     * Fills {@code voyager}'s registry. Products go through the facade; each product's 200 releases are taken
     * through the real lifecycle (artifact stored and validated by the basic steps, staged, promoted with a
     * {@link RolloutSpec}, revoked) as records and committed to the registry in one change per product, then
     * {@link Voyager#tick()} loads the snapshot the checks read. Going through {@code voyager.releases()} instead
     * works too, but it rebuilds the whole snapshot after each of the ~40,000 changes.
     */
    static Catalog build(Voyager voyager, Instant now) {
        List<ValidationStep> steps = BasicSteps.all();
        Rollout[] newest = new Rollout[PRODUCTS];
        for (int p = 0; p < PRODUCTS; p++) {
            String pid = productId(p);
            Product product = voyager.products().create(new Product(pid, "Product " + p, MODELS,
                    Product.DEFAULT_MAX_ARTIFACT_BYTES, Optional.empty()));
            CatalogChange.Builder change = CatalogChange.builder();
            for (int i = 0; i < RELEASES; i++) {
                Instant at = now.minusSeconds((RELEASES - i) * 86_400L);
                Version version = Version.parse(versionText(i));
                Release release = new Release(releaseId(p, i), pid, version, ReleaseState.DRAFT, false,
                        i % 25 == 7 ? List.of("board-a") : List.of(), Optional.empty(), "Release " + version,
                        false, i >= 190 ? OptionalInt.of(25) : OptionalInt.empty(),
                        i >= 100 ? Optional.of(Version.parse(versionText(99))) : Optional.empty(),
                        i >= 160 ? 2 : i >= 100 ? 1 : 0, Optional.empty(), Optional.empty(),
                        ValidationReport.notRun(), at, at, 0);
                release = upload(voyager, steps, product, release, at).stage(at);
                if (i != STAGING && !prerelease(i)) {
                    release = release.promote(at);
                    RolloutSpec spec = i == NEWEST ? RolloutSpec.percent(10) : RolloutSpec.all();
                    Rollout rollout = spec.toRollout(release.id(), pid, RolloutGuard.defaults(), at);
                    change.rollout(rollout);
                    if (i == NEWEST) {
                        newest[p] = rollout;
                    }
                }
                if (revoked(p, i)) {
                    release = release.revoke("boot loop on some " + MODELS.get(0).name() + " units", at);
                }
                change.release(release);
            }
            voyager.registry().catalog().commit(change.build());
        }
        voyager.tick(); // the snapshot is rebuilt from the registry, as after any change made by another node
        return new Catalog(newest);
    }

    private static Release upload(Voyager voyager, List<ValidationStep> steps, Product product, Release release,
                                  Instant at) {
        // A small but real ESP32-S3 application image, stored and inspected in one pass as an upload is.
        GeneratedFile image = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version(release.version().toString())
                .secureVersion(release.secureVersion()).segments(256).seed(release.id().hashCode()).build().file();
        ArtifactKey key = ArtifactKey.of("products/" + product.id() + "/releases/" + release.version() + "/"
                + release.id() + ".bin");
        ArtifactInspector inspector = new ArtifactInspector(product.maxArtifactBytes());
        try (InputStream in = new InspectingInputStream(image.open(), inspector)) {
            StoredArtifact stored = voyager.storage().put(key, in, product.maxArtifactBytes());
            ArtifactReport inspection = inspector.finish();
            Artifact artifact = inspection.toArtifact(key.value());
            Release candidate = release.withArtifact(artifact, ValidationReport.notRun(), Optional.empty(), at);
            ValidationInput input = new ValidationInput(product, candidate, stored, inspection, voyager.storage());
            List<ValidationReport.Step> results = new ArrayList<>();
            for (ValidationStep step : steps) {
                results.addAll(step.check(input));
            }
            return release.withArtifact(artifact, ValidationReport.of(results, at), Optional.empty(), at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One check per device id. Each device has its own strings and parsed version, as a check built from a
     * request would. The mix: 60% current (on the newest release if its 10% rollout admits them, else on the
     * newest release rolled out to all), 25% one behind, 8% several behind, 3% far behind (1.x before the 1.9.9
     * stepping stone), 2% on a revoked release, 1% testers, 0.2% reporting the wrong chip, 0.1% an unknown model
     * (and 0.7% more current devices); 70% report their chip and 40% their battery level.
     */
    static DeviceCheck[] checks(String[] ids, Catalog catalog, Instant now) {
        SplittableRandom rnd = new SplittableRandom(SEED);
        DeviceCheck[] out = new DeviceCheck[ids.length];
        Set<String> tester = Set.of(TESTER_TAG);
        String[] productIds = new String[PRODUCTS];
        for (int p = 0; p < PRODUCTS; p++) {
            productIds[p] = productId(p);
        }
        String[] versions = new String[RELEASES];
        for (int i = 0; i < RELEASES; i++) {
            versions[i] = versionText(i);
        }
        for (int k = 0; k < ids.length; k++) {
            String id = ids[k];
            int p = rnd.nextInt(PRODUCTS);
            HardwareModel model = MODELS.get(rnd.nextInt(MODELS.size()));
            String modelName = model.name();
            Optional<Chip> chip = rnd.nextInt(10) < 7 ? Optional.of(model.chip()) : Optional.empty();
            OptionalInt battery = rnd.nextInt(10) < 4 ? OptionalInt.of(5 + rnd.nextInt(96)) : OptionalInt.empty();
            Set<String> tags = Set.of();
            boolean admittedToNewest = catalog.newestRollouts()[p].admits(id, tags, now);
            int release;
            double r = rnd.nextDouble();
            if (r < 0.60) {
                release = admittedToNewest ? NEWEST : NEWEST_ALL;
            } else if (r < 0.85) {
                release = NEWEST_ALL - 1;
            } else if (r < 0.93) {
                release = pick(rnd, p, modelName, 150, NEWEST_ALL - 1);
            } else if (r < 0.96) {
                release = pick(rnd, p, modelName, 0, 99);
            } else if (r < 0.98) {
                release = REVOKED[rnd.nextInt(REVOKED.length)];
            } else if (r < 0.99) {
                tags = tester;
                release = rnd.nextBoolean() ? NEWEST_ALL : STAGING;
            } else if (r < 0.992) {
                chip = Optional.of(Chip.ESP32);
                release = NEWEST_ALL;
            } else if (r < 0.993) {
                modelName = "board-proto";
                chip = Optional.empty();
                release = NEWEST_ALL;
            } else {
                release = admittedToNewest ? NEWEST : NEWEST_ALL;
            }
            // Fresh objects per device, like a check parsed from a request (no sharing with the catalog).
            out[k] = new DeviceCheck(id, new String(productIds[p]), new String(modelName), chip,
                    Version.parseLenient(versions[release]), tags, battery);
        }
        return out;
    }

    /** A check equal to {@code c} made of fresh objects, as if parsed again from a request. */
    static DeviceCheck copy(DeviceCheck c) {
        return new DeviceCheck(new String(c.deviceId()), new String(c.productId()), new String(c.model()), c.chip(),
                Version.parseLenient(c.currentVersion().toString()), c.tags(), c.batteryPercent());
    }

    /** A live release in {@code [from, to)} that the model can run and that reached production, not revoked. */
    private static int pick(SplittableRandom rnd, int p, String model, int from, int to) {
        while (true) {
            int i = from + rnd.nextInt(to - from);
            if (fits(i, model) && !prerelease(i) && !revoked(p, i)) {
                return i;
            }
        }
    }

    /**
     * Decides every check once and counts the outcomes: offers by kind, no-updates by reason. The checks that come
     * out "up to date" are added to {@code upToDate}.
     */
    static Map<String, Integer> mix(DeviceCheck[] checks, Function<DeviceCheck, UpdateDecision> decide,
                                    List<DeviceCheck> upToDate) {
        Map<Offer.Kind, Integer> offers = new EnumMap<>(Offer.Kind.class);
        Map<NoUpdate.Reason, Integer> none = new EnumMap<>(NoUpdate.Reason.class);
        for (DeviceCheck c : checks) {
            UpdateDecision d = decide.apply(c);
            if (d instanceof Offer o) {
                offers.merge(o.kind(), 1, Integer::sum);
            } else {
                NoUpdate.Reason reason = ((NoUpdate) d).reason();
                none.merge(reason, 1, Integer::sum);
                if (reason == NoUpdate.Reason.UP_TO_DATE) {
                    upToDate.add(c);
                }
            }
        }
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        for (Offer.Kind k : Offer.Kind.values()) {
            out.put("offer " + k, offers.getOrDefault(k, 0));
        }
        for (NoUpdate.Reason reason : NoUpdate.Reason.values()) {
            out.put("no update " + reason, none.getOrDefault(reason, 0));
        }
        return out;
    }

    static String describe(String title, Map<String, Integer> mix, int total) {
        StringBuilder sb = new StringBuilder(title).append('\n');
        mix.forEach((what, n) -> sb.append(String.format(Locale.ROOT, "  %-30s %,10d  %5.1f%%%n", what, n,
                100.0 * n / total)));
        return sb.toString();
    }
}
