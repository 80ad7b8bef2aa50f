package io.voyagerota.wire;

import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.decision.Offer;
import io.voyagerota.testing.SdkVectorFile;
import io.voyagerota.version.Version;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Offers exactly as {@link OfferJson} writes them, for the device SDK's offer parser:
 * {@code protocol/vectors/offers.txt}, which its C tests read. Each {@code offer <json>} line is
 * followed by {@code expect <field>=<value> …} with what the device must read from it, or {@code expect refused}
 * for an offer a device must refuse (an artifact larger than the 4 GiB an ESP32 flash could never hold).
 */
class SdkOfferVectorsTest {
    private static final String SHA = "5c559336109b88bb6be1ae3975ee04436f45bf9e876051bd6fa94d1746ea06a4";
    private static final String FW_SHA = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String UI_SHA = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    @Test
    void committedOfferVectorsAreWhatOfferJsonWrites() throws IOException {
        SdkVectorFile.check("offers.txt", render(), "SdkOfferVectorsTest");
    }

    static String render() {
        byte[] rs = new byte[64];
        for (int i = 0; i < rs.length; i++) {
            rs[i] = (byte) (i * 7 + 1);
        }
        ReleaseSignature signature = new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256,
                Base64.getEncoder().encodeToString(rs));
        StringBuilder out = new StringBuilder(SdkVectorFile.header("Offers as OfferJson writes them",
                "SdkOfferVectorsTest"));
        out.append("# offer <json>, then expect <field>=<value> ... or expect refused\n");
        vector(out, new Offer(Offer.Kind.UPGRADE, "r-1", Version.parse("1.4.2"), ArtifactKind.APP_IMAGE,
                "/v1/artifacts/products/locker/releases/1.4.2/86585f7f.bin?expires=1893456300&sig=FcGOEALWLqZm_-x",
                1_536_000, SHA, List.of(), manifest("1.4.2", 2, "locker-s3", 1_536_000, List.of(), null), false, 2, OptionalInt.of(30), "24:0a:c4:12:34:56",
                "locker-s3", 1_893_456_000_000L, Instant.ofEpochSecond(1_893_456_300L)));
        vector(out, new Offer(Offer.Kind.ROLLBACK, "r-2", Version.parse("2.0.0-rc.1+build.7"), ArtifactKind.BUNDLE,
                "https://cdn.example.com/v1/artifacts/b.bin?expires=1&sig=x", 12 + 4096 + 65536, SHA,
                List.of(new ArtifactPart("firmware", 12, 4096, FW_SHA), new ArtifactPart("ui", 4108, 65536, UI_SHA)),
                manifest("2.0.0-rc.1+build.7", 0, "model.x", 12 + 4096 + 65536, List.of(new ArtifactPart("firmware",
                        12, 4096, FW_SHA), new ArtifactPart("ui", 4108, 65536, UI_SHA)), signature), true, 0, OptionalInt.empty(), "device_1.a-b", "model.x", 0,
                Instant.ofEpochSecond(0)));
        vector(out, new Offer(Offer.Kind.UPGRADE, "r-3", Version.parse("9223372036854775807.0.0"),
                ArtifactKind.APP_IMAGE, "/a", 4_294_967_295L, SHA, List.of(), manifest("9223372036854775807.0.0",
                        Integer.MAX_VALUE, "m", 4_294_967_295L, List.of(), signature), false,
                Integer.MAX_VALUE, OptionalInt.of(100), "d".repeat(128), "m", Long.MAX_VALUE,
                Instant.ofEpochSecond(4_102_444_800L)));
        vector(out, new Offer(Offer.Kind.UPGRADE, "r-4", Version.parse("1.0.0"), ArtifactKind.APP_IMAGE, "/big",
                4_294_967_296L, SHA, List.of(), manifest("1.0.0", 0, "m", 4_294_967_296L, List.of(), null), false, 0, OptionalInt.empty(), "d", "m", 1,
                Instant.ofEpochSecond(1)));
        return out.toString();
    }

    private static ReleaseManifest.Signed manifest(String version, int secureVersion, String model, long size,
                                                   List<ArtifactPart> parts, ReleaseSignature signature) {
        return ReleaseManifest.Signed.of(new ReleaseManifest("locker", Version.parse(version), secureVersion,
                parts.isEmpty() ? ArtifactKind.APP_IMAGE : ArtifactKind.BUNDLE,
                List.of(new HardwareModel(model, Chip.ESP32_S3)), size, SHA, parts), Optional.ofNullable(signature));
    }

    private static void vector(StringBuilder out, Offer offer) {
        out.append("offer ").append(new String(OfferJson.toBytes(WireJson.defaults(), offer),
                StandardCharsets.UTF_8)).append('\n');
        if (offer.size() > 0xFFFF_FFFFL) {
            out.append("expect refused\n");
            return;
        }
        out.append("expect version=").append(offer.version())
                .append(" kind=").append(offer.kind() == Offer.Kind.ROLLBACK ? "rollback" : "upgrade")
                .append(" format=").append(offer.artifactKind() == ArtifactKind.BUNDLE ? "bundle" : "app-image")
                .append(" url=").append(offer.downloadUrl())
                .append(" size=").append(offer.size())
                .append(" sha256=").append(offer.sha256());
        for (ArtifactPart part : offer.parts()) {
            out.append(' ').append(part.name()).append('=').append(part.offset()).append(',').append(part.size())
                    .append(',').append(part.sha256());
        }
        out.append(" manifestSha256=").append(offer.manifest().manifest().digest())
                .append(" manifestSignature=").append(offer.manifest().signature()
                        .map(s -> hex(Base64.getDecoder().decode(s.base64()))).orElse("none"))
                .append(" required=").append(offer.required())
                .append(" secureVersion=").append(offer.secureVersion())
                .append(" minBattery=").append(offer.minBatteryPercent().orElse(-1))
                .append(" deviceId=").append(offer.deviceId())
                .append(" model=").append(offer.model())
                .append(" expiresAt=").append(offer.expiresAt().getEpochSecond())
                .append(" sequence=").append(offer.sequence())
                .append('\n');
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x", b & 0xff));
        }
        return s.toString();
    }
}
