package io.voyagerota.transport.http.internal.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.voyagerota.Voyager;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.internal.HttpProblem;
import io.voyagerota.transport.http.internal.Json;
import io.voyagerota.wire.WireJson;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** {@code /admin/products}: list, create, get, and a product's blocked versions. */
final class ProductRoutes {
    private static final String PRODUCT_FIELDS = "id, name, models, maxArtifactBytes, releaseKeyPem";
    private static final String CHIPS = Arrays.stream(Chip.values()).map(Chip::wireName)
            .collect(Collectors.joining(", "));

    private final Voyager voyager;

    ProductRoutes(Voyager voyager) {
        this.voyager = voyager;
    }

    void register(AdminRouter router) {
        router.add("GET", "/admin/products", this::list);
        router.add("POST", "/admin/products", this::create);
        router.add("GET", "/admin/products/{productId}", this::get);
        router.add("GET", "/admin/products/{productId}/blocked-versions", this::blocked);
    }

    private VoyagerResponse list(AdminCall call) {
        return call.okList("products", voyager.products().list(), CatalogJson::product);
    }

    private VoyagerResponse create(AdminCall call) {
        ProductBody body = new ProductBody();
        call.readBody(PRODUCT_FIELDS, body::read, false);
        Product product = voyager.products().create(body.toProduct());
        return call.created("/admin/products/" + product.id(), g -> CatalogJson.product(g, product));
    }

    private VoyagerResponse get(AdminCall call) {
        Product product = voyager.products().get(call.param("productId"));
        return call.ok(g -> CatalogJson.product(g, product));
    }

    private VoyagerResponse blocked(AdminCall call) {
        Map<String, String> blocked = voyager.releases().blockedVersions(call.param("productId"));
        return call.ok(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("blocked");
            for (Map.Entry<String, String> e : blocked.entrySet()) {
                g.writeStartObject();
                g.writeStringField("version", e.getKey());
                g.writeStringField("reason", e.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The body of {@code POST /admin/products}. */
    private static final class ProductBody {
        private String id;
        private String name;
        private List<HardwareModel> models;
        private OptionalLong maxArtifactBytes = OptionalLong.empty();
        private String releaseKeyPem;

        boolean read(String field, JsonParser p) throws IOException {
            switch (field) {
                case "id" -> id = Fields.text(p, field, 200);
                case "name" -> name = Fields.text(p, field, 1000);
                case "models" -> models = models(p);
                case "maxArtifactBytes" -> maxArtifactBytes = Fields.integer(p, field, 1, Long.MAX_VALUE);
                case "releaseKeyPem" -> releaseKeyPem = Fields.text(p, field, 16 * 1024);
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static List<HardwareModel> models(JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw HttpProblem.badParameter("models", "JSON field 'models' must be an array such as"
                        + " [{\"name\":\"locker-s3\",\"chip\":\"esp32s3\"}], not " + WireJson.describe(p.currentToken()));
            }
            List<HardwareModel> models = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String path = "models[" + models.size() + "]";
                String[] nameAndChip = new String[2];
                Fields.object(p, path, "name, chip", (field, q) -> {
                    switch (field) {
                        case "name" -> nameAndChip[0] = Fields.text(q, path + ".name", 200);
                        case "chip" -> nameAndChip[1] = Fields.text(q, path + ".chip", 64);
                        default -> {
                            return false;
                        }
                    }
                    return true;
                });
                String name = Fields.required(path + ".name", nameAndChip[0], "the model's name, such as 'locker-s3'");
                String chipText = Fields.required(path + ".chip", nameAndChip[1], "its chip: one of " + CHIPS);
                Chip chip = Chip.parse(chipText).orElseThrow(() -> HttpProblem.badParameter(path + ".chip",
                        "JSON field '" + path + ".chip' is '" + WireJson.printable(chipText) + "', which is not an"
                                + " ESP32 chip; use one of " + CHIPS));
                models.add(new HardwareModel(name, chip));
            }
            return models;
        }

        Product toProduct() {
            return new Product(Fields.required("id", id, "the product id, such as 'locker'"),
                    Fields.required("name", name, "a display name, such as 'Smart locker'"),
                    Fields.required("models", models, "the hardware models, such as"
                            + " [{\"name\":\"locker-s3\",\"chip\":\"esp32s3\"}]"),
                    maxArtifactBytes.orElse(Product.DEFAULT_MAX_ARTIFACT_BYTES), Optional.ofNullable(releaseKeyPem));
        }
    }
}
