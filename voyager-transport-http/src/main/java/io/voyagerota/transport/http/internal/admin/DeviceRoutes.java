package io.voyagerota.transport.http.internal.admin;

import io.voyagerota.Voyager;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DeviceState;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.internal.CheckRequest;
import io.voyagerota.transport.http.internal.HttpProblem;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Devices: a product's devices page by page, one device, and its report history. */
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
            throw HttpProblem.badParameter("after", "query parameter 'after' is '" + CheckRequest.printable(after)
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

    private VoyagerResponse history(AdminCall call) {
        String deviceId = voyager.devices().get(call.param("deviceId")).deviceId();
        int limit = call.intQuery("limit", LIMIT, 1, MAX_LIMIT, DEFAULT_LIMIT);
        return call.okList("reports", voyager.devices().history(deviceId, limit), DeviceJson::report);
    }
}
