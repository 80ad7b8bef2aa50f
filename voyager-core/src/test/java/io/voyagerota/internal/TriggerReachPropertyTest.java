package io.voyagerota.internal;

import io.voyagerota.VoyagerConfig;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.catalog.ReleaseState;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Offer;
import io.voyagerota.decision.Selection;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.rollout.RolloutState;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.spi.DeviceNotifier;
import io.voyagerota.testing.PropertySeed;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static io.voyagerota.testing.VoyagerFixture.C3;
import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On a generated fleet (two products, both models, device directory tags, versions on and between releases) and
 * catalog (rollouts to everyone, to percentages, to tags, to device lists, paused or not yet started, staged,
 * revoked and deleted releases, stepping stones, secure versions), every catalog change that nudges devices
 * reaches exactly the devices {@code Voyager.check} would make an offer to, asked with the device's last known
 * model and version and its tags from the directory, as the HTTP transport asks.
 */
class TriggerReachPropertyTest {
    private static final String GATE = "gate";
    private static final String GATE_MODEL = "gate-s3";
    private static final List<String> TAGS = List.of("tester", "beta", "vip", "north");

    /** The kinds of change that write a trigger event. */
    enum Kind { STAGE, PROMOTE, WIDEN, REVOKE_PRODUCTION, REVOKE_STAGING, RESUME, RESTORE_STAGING }

    /** Collects each fan-out's triggers: one batch per outbox event, closed by {@link #flush()}. */
    static final class Batches implements DeviceNotifier {
        final List<Set<String>> done = new ArrayList<>();
        final List<Selection> offers = new ArrayList<>();
        private Set<String> open = new TreeSet<>();

        @Override
        public void trigger(String productId, String deviceId, String reason) {
            throw new AssertionError("the fan-out hands over the offer");
        }

        @Override
        public void trigger(String productId, Selection selection, String reason) {
            open.add(productId + "/" + selection.deviceId());
            offers.add(selection);
        }

        @Override
        public void flush() {
            done.add(open);
            open = new TreeSet<>();
        }
    }

    private final Map<Kind, Integer> seen = new EnumMap<>(Kind.class);
    private int rollbacks;
    private int testerOffers;
    private int tagCohortOffers;
    private int deviceListOffers;

    @Test
    void aTriggerReachesExactlyTheDevicesACheckWouldOfferTo() {
        PropertySeed.check("trigger fan-out reach equals check offers", 25, this::oneFleet);
        for (Kind k : Kind.values()) {
            assertTrue(seen.getOrDefault(k, 0) > 0, "no " + k + " event was generated; " + PropertySeed.rerunHint());
        }
        assertTrue(rollbacks > 0 && testerOffers > 0 && tagCohortOffers > 0 && deviceListOffers > 0,
                "every cohort is reached at least once: rollbacks " + rollbacks + ", testers " + testerOffers
                        + ", tag cohorts " + tagCohortOffers + ", device lists " + deviceListOffers);
    }

    private void oneFleet(SplittableRandom random) {
        Batches batches = new Batches();
        VoyagerFixture f = new VoyagerFixture(VoyagerConfig.defaults(), b -> b.notifier(batches));
        f.voyager.products().create(Product.of(GATE, "Gate", new HardwareModel(GATE_MODEL, Chip.ESP32_S3)));
        Fleet fleet = new Fleet(f, random);
        for (String product : List.of(PRODUCT, GATE)) {
            fleet.catalog(product, 3 + random.nextInt(6));
        }
        fleet.devices();
        drain(f); // the setup's own triggers
        List<Kind> kinds = new ArrayList<>(List.of(Kind.values()));
        for (int i = kinds.size() - 1; i > 0; i--) {
            kinds.set(i, kinds.set(random.nextInt(i + 1), kinds.get(i)));
        }
        for (Kind kind : kinds) {
            String product = random.nextBoolean() ? PRODUCT : GATE;
            if (!fleet.apply(kind, product)) {
                continue;
            }
            seen.merge(kind, 1, Integer::sum);
            batches.done.clear();
            batches.offers.clear();
            drain(f);
            Set<String> expected = fleet.offered(product);
            assertEquals(1, batches.done.size(), kind + " writes one trigger event");
            assertEquals(expected, batches.done.get(0), kind + " on product " + product
                    + ": the fan-out's devices (right) differ from those a check offers to (left)");
            count(f, batches.offers);
        }
    }

    /** Delivers every pending outbox event (one run takes a batch at most). */
    private static void drain(VoyagerFixture f) {
        while (f.voyager.relayOutbox() > 0) {
            // next batch
        }
    }

    private void count(VoyagerFixture f, List<Selection> offers) {
        for (Selection o : offers) {
            Release r = o.release();
            Optional<Rollout> rollout = f.voyager.snapshot().rolloutOf(r.productId(), r.id());
            if (o.kind() == Offer.Kind.ROLLBACK) {
                rollbacks++;
            } else if (r.state() == ReleaseState.STAGING) {
                testerOffers++;
            } else if (rollout.map(x -> x.target() instanceof RolloutTarget.Tags).orElse(false)) {
                tagCohortOffers++;
            } else if (rollout.map(x -> x.target() instanceof RolloutTarget.Devices).orElse(false)) {
                deviceListOffers++;
            }
        }
    }

    /** The generated fleet and catalog of one iteration, and the changes applied to them. */
    private static final class Fleet {
        final VoyagerFixture f;
        final SplittableRandom random;
        final Map<String, List<Version>> versions = new java.util.HashMap<>();
        final Map<String, Integer> secureVersion = new java.util.HashMap<>();
        final Map<String, List<String>> deviceIds = new java.util.HashMap<>();
        final Map<String, String> modelOf = new java.util.HashMap<>();

        Fleet(VoyagerFixture f, SplittableRandom random) {
            this.f = f;
            this.random = random;
            for (String product : List.of(PRODUCT, GATE)) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 30 + random.nextInt(40); i++) {
                    ids.add(product + "-dev-" + i);
                }
                deviceIds.put(product, ids);
                versions.put(product, new ArrayList<>());
            }
        }

        String model(String product) {
            return product.equals(GATE) ? GATE_MODEL : random.nextInt(3) == 0 ? C3 : S3;
        }

        /** A draft of the next version, uploaded and staged. */
        Release staged(String product) {
            List<Version> known = versions.get(product);
            Version v = Version.parse("1." + known.size() + ".0");
            int sv = secureVersion.merge(product, random.nextInt(6) == 0 ? 1 : 0, Integer::sum);
            ReleaseDraft.Builder b = ReleaseDraft.builder(product, v).models(model(product)).secureVersion(sv);
            if (!known.isEmpty() && random.nextInt(6) == 0) {
                b.requiresAtLeast(known.get(random.nextInt(known.size())));
            }
            known.add(v);
            Release draft = f.voyager.releases().create(b.build());
            f.upload(draft, f.imageFor(draft));
            return f.voyager.releases().stage(draft.id());
        }

        RolloutSpec spec(String product) {
            RolloutSpec spec = switch (random.nextInt(5)) {
                case 0 -> RolloutSpec.all();
                case 1 -> RolloutSpec.percent(random.nextInt(101));
                case 2 -> RolloutSpec.to(new RolloutTarget.Tags(Set.copyOf(some(TAGS, 1))));
                case 3 -> RolloutSpec.to(new RolloutTarget.Devices(Set.copyOf(some(deviceIds.get(product), 1))));
                default -> RolloutSpec.percent(random.nextInt(101));
            };
            return random.nextInt(8) == 0 ? spec.startingAt(f.clock.instant().plus(Duration.ofDays(1))) : spec;
        }

        List<String> some(List<String> from, int atLeast) {
            List<String> picked = new ArrayList<>();
            for (String s : from) {
                if (random.nextInt(3) == 0) {
                    picked.add(s);
                }
            }
            while (picked.size() < atLeast) {
                picked.add(from.get(random.nextInt(from.size())));
            }
            return picked;
        }

        void catalog(String product, int releases) {
            for (int i = 0; i < releases; i++) {
                Release staged = staged(product);
                int roll = random.nextInt(20);
                if (roll < 2) {
                    continue; // stays in staging
                }
                if (roll < 3) {
                    f.voyager.releases().revoke(staged.id(), "crashes on testers");
                    continue;
                }
                Release prod = f.voyager.releases().promote(staged.id(), spec(product));
                if (roll < 5) {
                    f.voyager.rollouts().pause(f.voyager.rollouts().ofRelease(prod.id()).id(), "looking");
                } else if (roll < 8) {
                    f.voyager.releases().revoke(prod.id(), "boot loop");
                    if (random.nextBoolean()) {
                        f.voyager.releases().delete(prod.id());
                    }
                }
            }
        }

        /** Makes the devices known (by a check each) and gives some of them directory tags. */
        void devices() {
            for (String product : List.of(PRODUCT, GATE)) {
                List<Version> known = versions.get(product);
                for (String id : deviceIds.get(product)) {
                    int pick = random.nextInt(known.size() + 2);
                    Version v = pick == 0 ? Version.parse("0.9.0") : pick <= known.size() ? known.get(pick - 1)
                            : Version.parse("1." + random.nextInt(known.size()) + ".5");
                    String model = model(product);
                    modelOf.put(id, model);
                    f.voyager.check(DeviceCheck.of(id, product, model, v));
                    if (random.nextInt(3) == 0) {
                        f.voyager.devices().setTags(id, Set.copyOf(some(TAGS, 1)));
                    }
                }
            }
            f.voyager.tick(); // writes the sightings
        }

        /** Applies one change of the kind; false when the catalog has nothing it could apply to. */
        boolean apply(Kind kind, String product) {
            List<Release> releases = f.voyager.releases().list(product);
            switch (kind) {
                case STAGE -> staged(product);
                case PROMOTE -> {
                    Optional<Release> staging = live(releases, ReleaseState.STAGING);
                    f.voyager.releases().promote(staging.isPresent() ? staging.get().id() : stagedQuietly(product),
                            spec(product));
                }
                case WIDEN, RESUME -> {
                    Optional<Rollout> rollout = f.voyager.rollouts().list(product).stream()
                            .filter(r -> f.voyager.releases().get(r.releaseId()).state() == ReleaseState.PRODUCTION)
                            .filter(r -> kind == Kind.WIDEN || r.state() == RolloutState.PAUSED).findFirst();
                    if (rollout.isEmpty()) {
                        return false;
                    }
                    if (kind == Kind.WIDEN) {
                        f.voyager.rollouts().widen(rollout.get().id(), RolloutTarget.all());
                    } else {
                        f.voyager.rollouts().resume(rollout.get().id());
                    }
                }
                case REVOKE_PRODUCTION, REVOKE_STAGING -> {
                    Optional<Release> target = live(releases, kind == Kind.REVOKE_PRODUCTION
                            ? ReleaseState.PRODUCTION : ReleaseState.STAGING);
                    if (target.isEmpty()) {
                        return false;
                    }
                    f.voyager.releases().revoke(target.get().id(), "found broken");
                }
                case RESTORE_STAGING -> {
                    Optional<Release> staging = live(releases, ReleaseState.STAGING);
                    String id = staging.isPresent() ? staging.get().id() : stagedQuietly(product);
                    f.voyager.releases().delete(id);
                    f.voyager.releases().restore(id);
                }
            }
            return true;
        }

        /** Stages a new release and delivers its own trigger first, so that only the change under test is pending. */
        private String stagedQuietly(String product) {
            String id = staged(product).id();
            drain(f);
            return id;
        }

        private static Optional<Release> live(List<Release> releases, ReleaseState state) {
            return releases.stream().filter(r -> !r.deleted() && r.state() == state).reduce((a, b) -> b);
        }

        /** The devices of a product that a check, with the directory's tags, would now make an offer to. */
        Set<String> offered(String product) {
            Set<String> offered = new TreeSet<>();
            for (var d : f.voyager.devices().list(product, "", 10_000)) {
                DeviceCheck check = new DeviceCheck(d.deviceId(), product, d.model().orElseThrow(), Optional.empty(),
                        d.currentVersion(), f.voyager.devices().tags(d.deviceId()), OptionalInt.empty());
                if (f.voyager.check(check) instanceof Offer) {
                    offered.add(product + "/" + d.deviceId());
                }
            }
            return offered;
        }
    }
}
