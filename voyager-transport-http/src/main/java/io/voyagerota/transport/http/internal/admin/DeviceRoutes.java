package io.voyagerota.transport.http.internal.admin;

import io.voyagerota.Voyager;
import io.voyagerota.auth.DeviceCredential;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DeviceState;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.internal.HttpProblem;
import io.voyagerota.wire.WireJson;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Devices: a product's devices page by page, one device, its report history, and the device directory: a device's
 * credential (issued, replaced, revoked) and its tags. A device may be enrolled and tagged before it first checks in.
 */
final class DeviceRoutes {
    private static final Set<String> PAGE = Set.of("after", "limit");
    private static final Set<String> LIMIT = Set.of("limit");
    private static final int MAX_LIMIT = 1000;
    private static final int DEFAULT_LIMIT = 100;

    private final Voyager voyager;
    private final Function<String, Set<String>> tags;

    DeviceRoutes(Voyager voyager, Function<String, Set<String>> tags) {
        this.voyager = voyager;
        this.tags = tags;
    }

    void register(AdminRouter router) {
        router.add("GET", "/admin/products/{productId}/devices", this::list);
        router.add("GET", "/admin/devices/{deviceId}", this::get);
        router.add("GET", "/admin/devices/{deviceId}/history", this::history);
        router.add("POST", "/admin/devices/{deviceId}/credentials", this::enrol);
        router.add("DELETE", "/admin/devices/{deviceId}/credentials", this::revoke);
        router.add("PUT", "/admin/devices/{deviceId}/tags", this::setTags);
    }

    private Set<String> tagsOf(String deviceId) {
        Set<String> known = tags.apply(deviceId);
        return known == null ? Set.of() : known;
    }

    private VoyagerResponse list(AdminCall call) {
        String productId = voyager.products().get(call.param("productId")).id();
        String after = call.query("after", PAGE);
        if (after == null) {
            after = "";
        } else if (!after.isEmpty() && !DeviceReport.isValidDeviceId(after)) {
            throw HttpProblem.badParameter("after", "query parameter 'after' is '" + WireJson.printable(after)
                    + "' but must be a device id: the 'next' of the previous page");
        }
        int limit = call.intQuery("limit", PAGE, 1, MAX_LIMIT, DEFAULT_LIMIT);
        // One more than asked for tells whether another page follows.
        List<DeviceState> page = voyager.devices().list(productId, after, limit + 1);
        boolean more = page.size() > limit;
        List<DeviceState> devices = more ? page.subList(0, limit) : page;
        return call.ok(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("devices");
            for (DeviceState d : devices) {
                DeviceJson.device(g, d, tagsOf(d.deviceId()));
            }
            g.writeEndArray();
            if (more) {
                g.writeStringField("next", devices.get(devices.size() - 1).deviceId());
            }
            g.writeEndObject();
        });
    }

    private VoyagerResponse get(AdminCall call) {
        DeviceState device = voyager.devices().get(call.param("deviceId"));
        return call.ok(g -> DeviceJson.device(g, device, tagsOf(device.deviceId())));
    }

    /** Issues a credential, replacing any earlier one; the secret is in this answer only. */
    private VoyagerResponse enrol(AdminCall call) {
        DeviceCredential credential = voyager.devices().enrol(call.param("deviceId"));
        return call.answer(201, g -> {
            g.writeStartObject();
            g.writeStringField("deviceId", credential.deviceId());
            g.writeStringField("secret", credential.secret());
            g.writeEndObject();
        });
    }

    private VoyagerResponse revoke(AdminCall call) {
        String deviceId = call.param("deviceId");
        if (!voyager.devices().revokeCredential(deviceId)) {
            throw HttpProblem.of(404, "not-found", "device '" + deviceId + "' has no credential to revoke");
        }
        return call.noContent();
    }

    private VoyagerResponse setTags(AdminCall call) {
        String deviceId = call.param("deviceId");
        List<List<String>> tags = new ArrayList<>(1);
        call.readBody("tags", (field, p) -> {
            if (!field.equals("tags")) {
                return false;
            }
            tags.add(Fields.strings(p, field, 200));
            return true;
        }, false);
        List<String> wanted = Fields.required("tags", tags.isEmpty() ? null : tags.get(0), "the device's tags,"
                + " such as [\"tester\"], or [] to clear them");
        Set<String> stored = voyager.devices().setTags(deviceId, new LinkedHashSet<>(wanted));
        return call.ok(g -> {
            g.writeStartObject();
            g.writeStringField("deviceId", deviceId);
            CatalogJson.strings(g, "tags", List.copyOf(stored));
            g.writeEndObject();
        });
    }

    private VoyagerResponse history(AdminCall call) {
        String deviceId = voyager.devices().get(call.param("deviceId")).deviceId();
        int limit = call.intQuery("limit", LIMIT, 1, MAX_LIMIT, DEFAULT_LIMIT);
        return call.okList("reports", voyager.devices().recordedHistory(deviceId, limit), DeviceJson::recorded);
    }
}
