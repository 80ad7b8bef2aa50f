package io.voyagerota.transport.http.internal.admin;

import com.fasterxml.jackson.core.JsonParser;
import io.voyagerota.Voyager;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.version.Version;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Releases: list and create per product, get, the lifecycle moves, the artifact upload and the signing. */
final class ReleaseRoutes {
    private static final String DRAFT_FIELDS = "version, models, changelog, required, minBatteryPercent,"
            + " requiresAtLeast, secureVersion";

    private final Voyager voyager;
    private final ArtifactUpload upload;
    private final ReleaseSigningRoutes signing;

    ReleaseRoutes(Voyager voyager) {
        this.voyager = voyager;
        this.upload = new ArtifactUpload(voyager);
        this.signing = new ReleaseSigningRoutes(voyager);
    }

    void register(AdminRouter router) {
        router.add("GET", "/admin/products/{productId}/releases", this::list);
        router.add("POST", "/admin/products/{productId}/releases", this::create);
        router.add("GET", "/admin/releases/{releaseId}", this::get);
        router.add("DELETE", "/admin/releases/{releaseId}", this::delete);
        router.add("PUT", "/admin/releases/{releaseId}/artifact", upload::raw);
        router.add("POST", "/admin/releases/{releaseId}/artifact", upload::multipart);
        signing.register(router);
        router.add("POST", "/admin/releases/{releaseId}/stage", call -> release(call,
                voyager.releases().stage(call.param("releaseId"))));
        router.add("POST", "/admin/releases/{releaseId}/promote", this::promote);
        router.add("POST", "/admin/releases/{releaseId}/revoke", this::revoke);
        router.add("POST", "/admin/releases/{releaseId}/delete", this::delete);
        router.add("POST", "/admin/releases/{releaseId}/restore", call -> release(call,
                voyager.releases().restore(call.param("releaseId"))));
        router.add("GET", "/admin/releases/{releaseId}/rollout", call -> {
            Rollout rollout = voyager.rollouts().ofRelease(call.param("releaseId"));
            return call.ok(g -> RolloutJson.rollout(g, rollout));
        });
    }

    static VoyagerResponse release(AdminCall call, Release release) {
        return call.ok(g -> CatalogJson.release(g, release));
    }

    private VoyagerResponse list(AdminCall call) {
        return call.okList("releases", voyager.releases().list(call.param("productId")), CatalogJson::release);
    }

    private VoyagerResponse create(AdminCall call) {
        String productId = voyager.products().get(call.param("productId")).id(); // 404 before reading the body
        DraftBody body = new DraftBody();
        call.readBody(DRAFT_FIELDS, body, false);
        Release release = voyager.releases().create(body.toDraft(productId));
        return call.created("/admin/releases/" + release.id(), g -> CatalogJson.release(g, release));
    }

    private VoyagerResponse get(AdminCall call) {
        return release(call, voyager.releases().get(call.param("releaseId")));
    }

    private VoyagerResponse promote(AdminCall call) {
        String releaseId = voyager.releases().get(call.param("releaseId")).id();
        RolloutBodies.Spec spec = new RolloutBodies.Spec();
        call.readBody(RolloutBodies.SPEC_FIELDS, spec, true);
        Release release = voyager.releases().promote(releaseId, spec.toSpec(voyager.config().defaultGuard()));
        Rollout rollout = voyager.rollouts().ofRelease(releaseId);
        return call.ok(g -> {
            g.writeStartObject();
            g.writeFieldName("release");
            CatalogJson.release(g, release);
            g.writeFieldName("rollout");
            RolloutJson.rollout(g, rollout);
            g.writeEndObject();
        });
    }

    private VoyagerResponse revoke(AdminCall call) {
        String releaseId = voyager.releases().get(call.param("releaseId")).id();
        String reason = ReasonBody.read(call, "why the release is blocked, such as 'boot loop on rev 2 boards'");
        return release(call, voyager.releases().revoke(releaseId, reason));
    }

    private VoyagerResponse delete(AdminCall call) {
        return release(call, voyager.releases().delete(call.param("releaseId")));
    }

    /** The body of {@code POST /admin/products/{productId}/releases}. */
    private static final class DraftBody implements Fields.Reader {
        private Version version;
        private List<String> models = List.of();
        private String changelog = "";
        private boolean required;
        private OptionalLong minBattery = OptionalLong.empty();
        private Version requiresAtLeast;
        private OptionalLong secureVersion = OptionalLong.empty();

        @Override
        public boolean read(String field, JsonParser p) throws IOException {
            switch (field) {
                case "version" -> version = Fields.version(p, field);
                case "models" -> models = Optional.ofNullable(Fields.strings(p, field, 200)).orElse(List.of());
                case "changelog" -> changelog = Optional.ofNullable(Fields.anyText(p, field)).orElse("");
                case "required" -> required = !Fields.absent(p) && Fields.bool(p, field);
                case "minBatteryPercent" -> minBattery = Fields.integer(p, field, 0, 100);
                case "requiresAtLeast" -> requiresAtLeast = Fields.version(p, field);
                case "secureVersion" -> secureVersion = Fields.integer(p, field, 0, Integer.MAX_VALUE);
                default -> {
                    return false;
                }
            }
            return true;
        }

        ReleaseDraft toDraft(String productId) {
            return new ReleaseDraft(productId, Fields.required("version", version, "the release's version, such as"
                    + " 1.4.2"), models, changelog, required, minBattery.isPresent()
                    ? OptionalInt.of((int) minBattery.getAsLong()) : OptionalInt.empty(),
                    Optional.ofNullable(requiresAtLeast), (int) secureVersion.orElse(0));
        }
    }
}
