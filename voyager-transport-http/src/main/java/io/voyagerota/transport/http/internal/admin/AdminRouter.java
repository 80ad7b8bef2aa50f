package io.voyagerota.transport.http.internal.admin;

import io.voyagerota.Voyager;
import io.voyagerota.VoyagerException;
import io.voyagerota.auth.Principal;
import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.internal.HttpProblem;
import io.voyagerota.transport.http.internal.Json;
import io.voyagerota.transport.http.internal.Problems;
import io.voyagerota.transport.http.internal.Route;
import io.voyagerota.transport.http.internal.Requests;
import io.voyagerota.transport.http.internal.UriText;
import io.voyagerota.wire.WireJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The admin API under {@code {base}/admin}: checks the admin token, matches the path against the route table and
 * calls the route's handler. Everything under {@code /admin} needs the token first, so that without one nobody
 * learns which routes or objects exist.
 */
public final class AdminRouter {
    /** The first segment of every admin path. */
    public static final String PREFIX = "/admin";
    private static final String CHALLENGE = "Bearer realm=\"voyager-admin\"";
    // Ids in paths: product slugs, release and rollout UUIDs, device ids (MAC addresses and the like).
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    /** Answers one admin request matched to its route. */
    @FunctionalInterface
    interface Handler {
        VoyagerResponse handle(AdminCall call) throws IOException;
    }

    private record Entry(Route route, String[] segments, Handler handler) {
    }

    private final Voyager voyager;
    private final Json json;
    private final HttpConfig config;
    private final List<Entry> entries = new ArrayList<>();

    public AdminRouter(Voyager voyager, HttpConfig config, Function<String, Set<String>> deviceTags) {
        this.voyager = voyager;
        this.json = Json.admin(config);
        this.config = config;
        new ProductRoutes(voyager).register(this);
        new ReleaseRoutes(voyager).register(this);
        new RolloutRoutes(voyager).register(this);
        new DeviceRoutes(voyager, deviceTags).register(this);
        new StatsRoutes(voyager).register(this);
        new OutboxRoutes(voyager).register(this);
        new HousekeepingRoutes(voyager).register(this);
    }

    /** Adds a route; {@code template} is below the base path, with {@code {name}} for a path parameter. */
    void add(String method, String template, Handler handler) {
        entries.add(new Entry(new Route(method, template), template.substring(1).split("/", -1), handler));
    }

    /** Every admin route, in the order they are matched. */
    public List<Route> routes() {
        return entries.stream().map(Entry::route).toList();
    }

    /**
     * Answers a request whose path, from {@code from}, is {@value #PREFIX} or below it.
     *
     * @throws HttpProblem for every refusal; the caller turns it into a problem response
     */
    public VoyagerResponse route(VoyagerRequest request, int from) {
        Principal admin = authenticate(request);
        String[] segments = request.path().substring(from + 1).split("/", -1);
        List<String> allowed = new ArrayList<>();
        for (Entry e : entries) {
            if (!matches(e.segments(), segments)) {
                continue;
            }
            if (!e.route().method().equals(request.method())) {
                allowed.add(e.route().method());
                continue;
            }
            AdminCall call = new AdminCall(request, json, config, e.segments(), segments, admin.name());
            try {
                return e.handler().handle(call);
            } catch (VoyagerException ex) {
                throw domain(ex);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex); // storage failed, not the request: a 500 with the cause logged
            }
        }
        if (!allowed.isEmpty()) {
            throw Requests.methodNotAllowed(request, String.join(", ", allowed));
        }
        throw HttpProblem.of(404, "not-found", "no route for " + WireJson.printable(request.method()) + " "
                + WireJson.printable(request.path()) + "; the admin routes are described in "
                + config.basePath() + "/openapi.yaml");
    }

    /**
     * Refuses a request without a valid admin token with 401, the same answer whether the token is missing, wrong,
     * or a device's credential, so that it reveals nothing about which tokens exist.
     */
    private Principal authenticate(VoyagerRequest request) {
        Optional<String> authorization = Requests.header(request, "Authorization", config);
        String value = authorization.orElse("");
        String token = value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : "";
        Optional<Principal> admin = token.isEmpty() ? Optional.empty()
                : voyager.authenticator().authenticateAdmin(token).filter(p -> p.role() == Principal.Role.ADMIN);
        if (admin.isEmpty()) {
            throw HttpProblem.of(401, "unauthorized", "the admin API needs an admin token: send"
                    + " 'Authorization: Bearer <admin token>' with a token issued to you").withHeader("WWW-Authenticate",
                    CHALLENGE);
        }
        return admin.get();
    }

    /**
     * A core refusal as a problem. On admin routes a value the core refuses in a request that was read correctly is
     * 422 (the body parsed, but the domain says no); everything else maps as on the device routes.
     */
    private static HttpProblem domain(VoyagerException e) {
        return switch (e.code()) {
            case "invalid-input", "invalid-version", "invalid-key", "invalid-signature" ->
                    HttpProblem.of(422, e.code(), e.getMessage());
            default -> Problems.of(e);
        };
    }

    private static boolean matches(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            boolean parameter = t.startsWith("{");
            if (parameter ? segments[i].isEmpty() : !t.equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    /** A path parameter, percent-decoded and checked: 1 to 128 letters, digits, '.', '_', ':' or '-'. */
    static String decodeId(String name, String raw) {
        String id;
        try {
            id = UriText.decode(raw, 0, raw.length(), false);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badParameter(name, "the " + name + " in the path is not properly encoded: "
                    + e.getMessage());
        }
        if (!ID.matcher(id).matches()) {
            throw HttpProblem.badParameter(name, "the " + name + " '" + WireJson.printable(id) + "' in the path"
                    + " is not valid: ids are 1 to 128 characters of letters, digits, '.', '_', ':' or '-'");
        }
        return id;
    }
}
