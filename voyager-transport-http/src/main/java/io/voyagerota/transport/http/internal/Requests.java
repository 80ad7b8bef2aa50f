package io.voyagerota.transport.http.internal;

import io.voyagerota.Voyager;
import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.wire.WireJson;

import java.util.Optional;

/**
 * What every endpoint reads of a request the same way — headers and the query within their limits, the device's
 * credential — and the problems for a wrong method or a refused credential. Below the routers: endpoints and
 * routers call it, it calls neither.
 */
public final class Requests {
    private Requests() {
    }

    /**
     * Checks the device's credential, {@code Authorization: Bearer <secret>}. The answer is the same whether the
     * device is unknown or the secret wrong, so it reveals nothing about which devices exist.
     *
     * @param optional when true (unauthenticated checks allowed) a missing credential passes; a wrong one never
     * @return the secret presented, when one was (and it was valid)
     */
    static Optional<String> authenticate(Voyager voyager, VoyagerRequest request, String deviceId, HttpConfig config,
                                         boolean optional) {
        Optional<String> authorization = header(request, "Authorization", config);
        if (authorization.isEmpty()) {
            if (optional) {
                return Optional.empty();
            }
            throw unauthorized("Bearer realm=\"voyager\"", "this route needs the device's credential: send"
                    + " 'Authorization: Bearer <device secret>'");
        }
        String value = authorization.get();
        String secret = value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : "";
        if (secret.isEmpty() || voyager.authenticator().authenticateDevice(deviceId, secret).isEmpty()) {
            throw unauthorized("Bearer realm=\"voyager\", error=\"invalid_token\"", "the credential is not valid for"
                    + " device '" + deviceId + "'; send 'Authorization: Bearer <device secret>' with the secret"
                    + " issued to this device");
        }
        return Optional.of(secret);
    }

    /** A header value, refused with 431 when longer than the configured limit. */
    public static Optional<String> header(VoyagerRequest request, String name, HttpConfig config) {
        Optional<String> value = request.header(name);
        if (value.isPresent() && value.get().length() > config.maxHeaderBytes()) {
            throw HttpProblem.of(431, "header-too-large", "header " + name + " has " + value.get().length()
                    + " characters; this server reads at most " + config.maxHeaderBytes());
        }
        return value;
    }

    /** The raw query, refused with 414 when longer than the configured limit. */
    public static String query(VoyagerRequest request, HttpConfig config) {
        String query = request.query();
        if (query.length() > config.maxHeaderBytes()) {
            throw HttpProblem.of(414, "uri-too-long", "the query has " + query.length()
                    + " characters; this server reads at most " + config.maxHeaderBytes());
        }
        return query;
    }

    public static HttpProblem methodNotAllowed(VoyagerRequest request, String allowed) {
        return HttpProblem.of(405, "method-not-allowed", "this route answers " + allowed + ", not "
                + WireJson.printable(request.method())).withHeader("Allow", allowed);
    }

    private static HttpProblem unauthorized(String challenge, String detail) {
        return HttpProblem.of(401, "unauthorized", detail).withHeader("WWW-Authenticate", challenge);
    }

}
