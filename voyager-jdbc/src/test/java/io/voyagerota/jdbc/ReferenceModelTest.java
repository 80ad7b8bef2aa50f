package io.voyagerota.jdbc;

import io.voyagerota.catalog.Artifact;
import io.voyagerota.catalog.IllegalTransitionException;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.DeviceSighting;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.memory.InMemoryRegistry;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.rollout.RolloutPlan;
import io.voyagerota.rollout.RolloutState;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.spi.CatalogChange;
import io.voyagerota.spi.Registry;
import io.voyagerota.testing.PropertySeed;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

import static io.voyagerota.jdbc.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seeded random sequences of catalog and fleet operations, applied to the in-memory reference registry and to the
 * JDBC one: every operation must have the same outcome (the same result or the same exception type) and the two
 * must hold the same state throughout. A failure names the seed that replays it.
 */
abstract class ReferenceModelTest extends DatabaseTest {
    private static final List<String> PRODUCTS = List.of("p1", "p2", "ghost");
    private static final int STEPS = 150;
    private Registry reference;

    private <T> void same(String what, Function<Registry, T> operation) {
        Object expected = outcome(reference, operation);
        Object actual = outcome(registry, operation);
        assertEquals(expected, actual, what);
    }

    private static <T> Object outcome(Registry r, Function<Registry, T> operation) {
        try {
            return operation.apply(r);
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    private void sameCatalog() {
        same("products", r -> r.catalog().products());
        for (String p : PRODUCTS) {
            same("releases of " + p, r -> r.catalog().releases(p));
            same("rollouts of " + p, r -> r.catalog().rollouts(p));
        }
        same("generation", r -> r.catalog().generation());
        for (OutboxState state : OutboxState.values()) {
            same("outbox " + state, r -> r.outbox().list(state, 1000));
        }
    }

    @Test
    void catalogBehavesLikeTheReference() {
        reference = new InMemoryRegistry();
        for (String p : List.of("p1", "p2")) {
            same("insert " + p, r -> {
                r.catalog().insertProduct(Fixtures.product(p));
                return null;
            });
        }
        int[] step = {0};
        PropertySeed.check("catalog behaves like the in-memory reference on " + dialect(), STEPS, random -> {
            CatalogChange change = randomChange(random);
            same("commit " + change, r -> {
                r.catalog().commit(change);
                return null;
            });
            if (++step[0] == STEPS || random.nextInt(8) == 0) {
                sameCatalog();
            }
        });
    }

    private CatalogChange randomChange(SplittableRandom random) {
        Instant now = T0.plusMillis(random.nextInt(1_000_000));
        CatalogChange.Builder change = CatalogChange.builder();
        List<Release> known = new ArrayList<>();
        for (String p : PRODUCTS) {
            known.addAll(reference.catalog().releases(p));
        }
        int kind = random.nextInt(10);
        if (kind < 4 || known.isEmpty()) {
            String product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
            Version version = Version.parse(random.nextInt(4) + "." + random.nextInt(4) + "." + random.nextInt(3)
                    + (random.nextInt(4) == 0 ? "-rc." + random.nextInt(3) : ""));
            List<Release> ofProduct = reference.catalog().releases(product);
            if (!ofProduct.isEmpty() && random.nextInt(4) == 0) {
                version = ofProduct.get(random.nextInt(ofProduct.size())).version(); // equal to one stored
            }
            change.release(ReleaseDraft.builder(product, version).build().toRelease(now));
        } else if (kind < 8) {
            Release current = known.get(random.nextInt(known.size()));
            Release next = transition(current, random, now);
            long expected = random.nextInt(6) == 0 ? current.revision() + random.nextInt(3) - 1 : current.revision();
            change = CatalogChange.builder().release(next.atRevision(Math.max(0, expected)));
        } else {
            Release release = known.get(random.nextInt(known.size()));
            List<Rollout> existing = reference.catalog().rollouts(release.productId());
            if (existing.isEmpty() || random.nextBoolean()) {
                change.rollout(randomRollout(release, random, now));
            } else {
                Rollout r = existing.get(random.nextInt(existing.size()));
                change.rollout(r.state() == RolloutState.ACTIVE ? r.pause("p", now)
                        : r.resume(now));
            }
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            change.event(OutboxEvent.pending("artifact.delete", "x", "{\"n\":" + random.nextInt(9) + "}", now));
        }
        return change.build();
    }

    private static Release transition(Release current, SplittableRandom random, Instant now) {
        try {
            return switch (random.nextInt(6)) {
                case 0 -> current.withArtifact(Artifact.image("k/" + current.id(), 10, Fixtures.SHA_A),
                        ValidationReport.of(List.of(new ValidationReport.Step("size", true, "ok")), now),
                        Optional.empty(), now).stage(now);
                case 1 -> current.promote(now);
                case 2 -> current.revoke("reason " + random.nextInt(3), now);
                case 3 -> current.delete(now);
                case 4 -> current.restore(now);
                default -> current.withArtifact(Artifact.image("k/" + current.id(), 10, Fixtures.SHA_B),
                        ValidationReport.notRun(), Optional.empty(), now);
            };
        } catch (IllegalTransitionException e) {
            return current; // a write that changes nothing but the revision
        }
    }

    private static Rollout randomRollout(Release release, SplittableRandom random, Instant now) {
        RolloutGuard guard = RolloutGuard.defaults();
        return switch (random.nextInt(4)) {
            case 0 -> Rollout.create(release.id(), release.productId(), RolloutTarget.all(), Optional.empty(), guard,
                    now);
            case 1 -> Rollout.create(release.id(), release.productId(), RolloutTarget.tags("beta", "t" +
                    random.nextInt(5)), Optional.of(now.plusSeconds(5)), guard, now);
            case 2 -> Rollout.staged(release.id(), release.productId(),
                    RolloutPlan.percentages(Duration.ofHours(1 + random.nextInt(5)), 1, 10, 100), Optional.empty(),
                    guard, now);
            default -> Rollout.create(release.id(), release.productId(),
                    new RolloutTarget.Percentage(random.nextInt(10_001)), Optional.empty(), guard, now);
        };
    }

    @Test
    void fleetBehavesLikeTheReference() {
        reference = new InMemoryRegistry();
        List<String> devices = List.of("dev-a", "dev-B", "dev-c", "dev.d", "dev-1");
        List<ReportAttribution> rollouts = List.of(ReportAttribution.notCounted(ReportAttribution.NOT_ADMITTED),
                ReportAttribution.counted("r1", 0), ReportAttribution.counted("r1", 4321),
                ReportAttribution.counted("r2", 9999));
        int[] step = {0};
        PropertySeed.check("fleet behaves like the in-memory reference on " + dialect(), STEPS, random -> {
            String device = devices.get(random.nextInt(devices.size()));
            Instant at = T0.plusMillis(random.nextInt(100_000));
            if (random.nextInt(4) == 0) {
                List<DeviceSighting> batch = new ArrayList<>();
                for (int i = random.nextInt(4); i >= 0; i--) {
                    batch.add(new DeviceSighting(devices.get(random.nextInt(devices.size())), "p1",
                            "m" + random.nextInt(3), Version.of(1, random.nextInt(3), 0),
                            T0.plusMillis(random.nextInt(100_000))));
                }
                same("touch " + batch, r -> {
                    r.fleet().touch(batch);
                    return null;
                });
            } else {
                DeviceReport report = randomReport(random, device, at);
                ReportAttribution rollout = rollouts.get(random.nextInt(rollouts.size()));
                same("record " + report, r -> r.fleet().record(report, rollout));
            }
            if (++step[0] == STEPS || random.nextInt(10) == 0) {
                sameFleet(devices, at);
            }
        });
    }

    private static DeviceReport randomReport(SplittableRandom random, String device, Instant at) {
        ReportStatus status = ReportStatus.values()[random.nextInt(ReportStatus.values().length)];
        Version from = Version.of(1, 0, 0);
        Version to = Version.of(1, 1, 0);
        Version running = status == ReportStatus.SUCCESS ? to : status == ReportStatus.ROLLED_BACK ? from
                : random.nextBoolean() ? from : to;
        Optional<String> code = random.nextBoolean() ? Optional.of("e" + random.nextInt(3)) : Optional.empty();
        return new DeviceReport("report-" + random.nextInt(200), device, "p1", from, to, running, status, code,
                code.map(c -> "failed with " + c), ReportMetrics.none(), at);
    }

    private void sameFleet(List<String> devices, Instant at) {
        for (String d : devices) {
            same("device " + d, r -> r.fleet().findDevice(d));
            same("history " + d, r -> r.fleet().recordedHistory(d, 1000));
        }
        for (String rollout : List.of("r1", "r2")) {
            same("stats " + rollout, r -> r.fleet().stats(rollout));
            same("failures since " + at, r -> r.fleet().failuresSince(rollout, at));
            same("stage stats " + rollout, r -> r.fleet().stats(rollout, 1000, 5000));
            same("latest outcomes " + rollout, r -> r.fleet().latestOutcomes(rollout, 7));
        }
        same("devices", r -> r.fleet().devices("p1", "", 100));
        same("devices after dev-B", r -> r.fleet().devices("p1", "dev-B", 2));
    }
}
