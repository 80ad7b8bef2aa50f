package io.voyagerota.examples;

import io.voyagerota.Voyager;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Offer;
import io.voyagerota.decision.UpdateDecision;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.memory.InMemoryRegistry;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.version.Version;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** The embedding example of the README, compiled and run by {@link EmbeddingExampleTest}. */
final class EmbeddingExample {
    private EmbeddingExample() {
    }

    static UpdateDecision run(InputStream firmwareBin) throws IOException {
        // README:begin
        Voyager voyager = Voyager.builder()
                .registry(new InMemoryRegistry())            // or the JDBC registry on your DataSource
                .artifactStorage(new InMemoryArtifactStorage()) // or filesystem / S3 storage
                .build();
        voyager.start();                                     // background: sightings, staged plans, outbox

        voyager.products().create(Product.of("locker", "Smart locker",
                new HardwareModel("locker-s3", Chip.ESP32_S3)));

        Release draft = voyager.releases().create(ReleaseDraft.builder("locker", Version.parse("1.10.2"))
                .changelog("## Fixes\n- door sensor debounce")
                .minBatteryPercent(30)
                .build());
        voyager.releases().upload(draft.id(), firmwareBin, Optional.empty()); // streamed, hashed, validated
        voyager.releases().stage(draft.id());                                 // testers first
        voyager.releases().promote(draft.id(), RolloutSpec.percent(10));      // then 10% of the fleet

        // What your device endpoint calls on every poll: no database access, one in-memory decision.
        UpdateDecision decision = voyager.check(DeviceCheck.of("24:0a:c4:12:34:56", "locker", "locker-s3",
                Version.parseLenient("v1.9.10")));
        if (decision instanceof Offer offer) {
            System.out.println("offer " + offer.version() + " from " + offer.downloadUrl()
                    + " sha256 " + offer.sha256() + " until " + offer.expiresAt());
        }
        voyager.close();
        // README:end
        return decision;
    }
}
