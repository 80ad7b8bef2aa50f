package io.voyagerota.transport.http.internal;

import io.voyagerota.Voyager;
import io.voyagerota.VoyagerException;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.internal.admin.AdminRouter;
import io.voyagerota.wire.WireJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Matches routes by plain string comparison under the base path, and turns every failure into a problem
 * response: refusals with their status, unexpected exceptions with a 500 whose cause stays in the log.
 */
public final class Router {
    private static final Logger LOG = LoggerFactory.getLogger("io.voyagerota.transport.http");
    private static final String DEVICES = "/devices/";
    private static final String ARTIFACTS = "/artifacts/";
    private static final String OFFER_KEYS = "/offer-keys/";
    private static final String OPENAPI = "/openapi.yaml";
    /** The routes matched by hand below, for speed; the admin routes come from their own table. */
    private static final List<Route> ROUTES = List.of(new Route("GET", "/devices/{deviceId}/update"),
            new Route("POST", "/devices/{deviceId}/update"), new Route("POST", "/devices/{deviceId}/reports"),
            new Route("GET", "/artifacts/{key}"), new Route("HEAD", "/artifacts/{key}"),
            new Route("GET", "/offer-keys/{keyId}"), new Route("HEAD", "/offer-keys/{keyId}"),
            new Route("GET", OPENAPI), new Route("HEAD", OPENAPI));

    private final String base;
    private final HttpConfig config;
    private final Json json;
    private final DeviceEndpoints devices;
    private final ArtifactEndpoint artifacts;
    private final LogContext logContext;
    private final OfferKeyEndpoint offerKeys;
    private final AdminRouter admin;
    private final OpenApiDocument openApi = new OpenApiDocument();

    public Router(Voyager voyager, HmacDownloadLinks links, HttpConfig config, Function<String, Set<String>> tags,
                  InstantSource clock) {
        this.base = config.basePath();
        this.config = config;
        this.json = new Json(config);
        this.devices = new DeviceEndpoints(voyager, json, config, tags, clock);
        this.logContext = new LogContext(config.logContext());
        this.artifacts = new ArtifactEndpoint(voyager.storage(), links, voyager::snapshot, config, clock, logContext);
        this.offerKeys = new OfferKeyEndpoint(voyager);
        this.admin = new AdminRouter(voyager, config, tags);
    }

    /** The downloads this router has served. */
    public DownloadCounters downloads() {
        return artifacts.downloads();
    }

    /** Every route this router answers: the device API, its description, and the admin API. */
    public List<Route> routes() {
        List<Route> all = new ArrayList<>(ROUTES);
        all.addAll(admin.routes());
        return all;
    }

    public VoyagerResponse route(VoyagerRequest request) {
        String path = request.path();
        try {
            if (path.length() > config.maxHeaderBytes()) {
                throw HttpProblem.of(414, "uri-too-long", "the request path has " + path.length()
                        + " characters; this server reads at most " + config.maxHeaderBytes());
            }
            int p = base.length();
            if (path.startsWith(base) && path.startsWith(DEVICES, p)) {
                int idFrom = p + DEVICES.length();
                int slash = path.indexOf('/', idFrom);
                if (slash > idFrom) {
                    int rest = path.length() - slash;
                    if (rest == 7 && path.startsWith("/update", slash)) {
                        return devices.check(request, logContext.device(deviceId(path, idFrom, slash)));
                    }
                    if (rest == 8 && path.startsWith("/reports", slash)) {
                        return devices.report(request, logContext.device(deviceId(path, idFrom, slash)));
                    }
                }
            } else if (path.startsWith(base) && path.startsWith(ARTIFACTS, p) && path.length() > p + ARTIFACTS.length()) {
                return artifacts.download(request, p + ARTIFACTS.length());
            } else if (path.startsWith(base) && path.startsWith(OFFER_KEYS, p)
                    && path.indexOf('/', p + OFFER_KEYS.length()) < 0) {
                return offerKeys.answer(request, path.substring(p + OFFER_KEYS.length()));
            } else if (path.startsWith(base) && path.startsWith(AdminRouter.PREFIX, p)
                    && (path.length() == p + AdminRouter.PREFIX.length()
                    || path.charAt(p + AdminRouter.PREFIX.length()) == '/')) {
                return admin.route(request, p);
            } else if (path.length() == p + OPENAPI.length() && path.startsWith(base) && path.startsWith(OPENAPI, p)) {
                return openApi.answer(request);
            }
            throw HttpProblem.of(404, "not-found", "no route for " + WireJson.printable(request.method()) + " "
                    + WireJson.printable(path) + "; device routes are " + base + "/devices/{deviceId}/update, "
                    + base + "/devices/{deviceId}/reports, " + base + "/artifacts/{key} and " + base
                    + "/offer-keys/{keyId}, the admin API is under "
                    + base + "/admin, and " + base + OPENAPI + " describes them all");
        } catch (HttpProblem e) {
            return Problems.response(json, e, path);
        } catch (VoyagerException e) {
            return Problems.response(json, Problems.of(e), path);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.method(), path, e);
            return Problems.response(json, HttpProblem.of(500, "internal-error", "the server could not answer this"
                    + " request and has logged why; retry later, and report it if it persists"), path);
        } finally {
            logContext.clear();
        }
    }

    private static String deviceId(String path, int from, int to) {
        String id;
        try {
            id = UriText.decode(path, from, to, false);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badParameter("deviceId", "the device id in the path is not properly encoded: "
                    + e.getMessage());
        }
        if (!DeviceReport.isValidDeviceId(id)) {
            throw HttpProblem.badParameter("deviceId", "the device id '" + WireJson.printable(id) + "' is not"
                    + " valid: use 1 to 128 characters of letters, digits, '.', '_', ':' or '-'");
        }
        return id;
    }
}
