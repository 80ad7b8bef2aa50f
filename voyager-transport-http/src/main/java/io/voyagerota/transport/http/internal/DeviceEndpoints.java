package io.voyagerota.transport.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.Devices.ReportOutcome;
import io.voyagerota.Voyager;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.NoUpdate;
import io.voyagerota.decision.Offer;
import io.voyagerota.decision.UpdateDecision;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.signing.OfferProof;
import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.VoyagerResponse.Header;
import io.voyagerota.wire.ReportJson;
import io.voyagerota.wire.CheckJson;
import io.voyagerota.wire.WireFormatException;
import io.voyagerota.transport.http.ResponseBody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The update check and the report, for one authenticated device. */
final class DeviceEndpoints {
    private static final Header JSON = new Header("Content-Type", "application/json");
    // Devices may keep an offer but must revalidate it: the link inside expires.
    private static final Header REVALIDATE = new Header("Cache-Control", "private, no-cache");
    private static final Header[] REASONS = reasons();
    static final String PROOF = "Voyager-Offer-Proof";

    private final Voyager voyager;
    private final Json json;
    private final HttpConfig config;
    private final Function<String, Set<String>> tags;
    private final InstantSource clock;
    private final OfferCache offers;

    DeviceEndpoints(Voyager voyager, Json json, HttpConfig config, Function<String, Set<String>> tags,
                    InstantSource clock) {
        this.voyager = voyager;
        this.json = json;
        this.config = config;
        this.tags = tags;
        this.clock = clock;
        this.offers = new OfferCache(json, voyager.offerSigner(), OfferCache.DEFAULT_SLOTS);
    }

    VoyagerResponse check(VoyagerRequest request, String deviceId) {
        boolean get = request.method().equals("GET");
        if (!get && !request.method().equals("POST")) {
            throw Requests.methodNotAllowed(request, "GET, POST");
        }
        Optional<String> secret = Requests.authenticate(voyager, request, deviceId, config,
                config.allowUnauthenticatedChecks());
        Set<String> known = tags.apply(deviceId);
        CheckJson fields;
        DeviceCheck check;
        try {
            if (get) {
                fields = checkFromQuery(Requests.query(request, config));
            } else {
                RequestBodies.requireJson(request);
                RequestBodies.Body body = RequestBodies.read(request, config.maxBodyBytes());
                fields = CheckJson.read(json.wire(), body.bytes(), 0, body.length());
            }
            check = fields.toCheck(deviceId, known == null ? Set.of() : known);
        } catch (WireFormatException e) {
            throw Json.problem(e); // one conversion for the codec's errors, without a lambda per check
        }
        UpdateDecision decision = voyager.check(check);
        if (decision instanceof NoUpdate none) {
            return new VoyagerResponse(204, List.of(REASONS[none.reason().ordinal()], REVALIDATE),
                    ResponseBody.empty());
        }
        OfferBody.Written offer = offers.written((Offer) decision);
        Header etag = offer.etagHeader();
        Header proof = null;
        if (secret.isPresent() && fields.nonce().isPresent()) {
            proof = new Header(PROOF, offer.signed().proofBase64(OfferProof.Key.fromSecret(secret.get()),
                    fields.nonce().get()));
        }
        Optional<String> ifNoneMatch = Requests.header(request, "If-None-Match", config);
        if (ifNoneMatch.isPresent() && EntityTags.noneMatchHits(ifNoneMatch.get(), offer.etag())) {
            return new VoyagerResponse(304, proof == null ? List.of(etag, REVALIDATE) : List.of(etag, REVALIDATE,
                    proof), ResponseBody.empty());
        }
        List<Header> headers = new ArrayList<>(6);
        headers.add(JSON);
        headers.add(etag);
        headers.add(REVALIDATE);
        headers.add(offer.signatureHeader());
        headers.add(offer.keyHeader());
        if (proof != null) {
            headers.add(proof);
        }
        return new VoyagerResponse(200, headers, offer.body());
    }

    VoyagerResponse report(VoyagerRequest request, String deviceId) {
        if (!request.method().equals("POST")) {
            throw Requests.methodNotAllowed(request, "POST");
        }
        Requests.authenticate(voyager, request, deviceId, config, false);
        RequestBodies.requireJson(request);
        RequestBodies.Body body = RequestBodies.read(request, config.maxBodyBytes());
        DeviceReport report = Json.read(() -> ReportJson.read(json.wire(), body.bytes(), 0, body.length(), deviceId,
                clock.instant()));
        ReportOutcome outcome = voyager.devices().report(report);
        ByteSink sink = new ByteSink(160);
        try (JsonGenerator g = json.generator(sink)) {
            g.writeStartObject();
            g.writeStringField("reportId", report.reportId());
            g.writeStringField("outcome", outcome.name().toLowerCase(Locale.ROOT));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return new VoyagerResponse(outcome == ReportOutcome.RECORDED ? 202 : 200, List.of(JSON), sink.toBody());
    }

    private static CheckJson checkFromQuery(String query) {
        return CheckJson.fromText(param(query, "product"), param(query, "model"), param(query, "version"),
                param(query, "chip"), param(query, "battery"), param(query, "secureVersion"), param(query, "nonce"));
    }

    private static String param(String query, String name) {
        try {
            return UriText.param(query, name);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badParameter(name, "query parameter '" + name + "' is not properly encoded: "
                    + e.getMessage());
        }
    }

    /** {@code X-Voyager-Reason} headers, one per reason, built once: {@code UP_TO_DATE} is {@code up-to-date}. */
    private static Header[] reasons() {
        NoUpdate.Reason[] all = NoUpdate.Reason.values();
        Header[] headers = new Header[all.length];
        for (NoUpdate.Reason r : all) {
            headers[r.ordinal()] = new Header("X-Voyager-Reason", r.code());
        }
        return headers;
    }
}
