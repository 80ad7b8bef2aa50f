package io.voyagerota.server.cluster;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.signing.VerifyingKey;
import io.voyagerota.testing.TestJson;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A device speaking the wire protocol of docs/device-api.md and docs/mqtt.md as the SDK does: a fresh nonce per
 * check, an offer accepted only with the trusted offer key's signature, a proof of that nonce and a sequence not
 * below the highest it acted on; the image downloaded and its size and SHA-256 checked before it "installs"; a report
 * per outcome, retried with the same id. Every request goes to the next node in turn, and to the one after when a
 * node does not answer. Whatever a real device would report as a failure is sent as one and also kept here, so a
 * test can tell a product fault from a device that was never asked.
 */
final class SimulatedDevice {
    /** The cluster as a device sees it: where each node is now, null for one that is down. */
    interface Nodes {
        List<URI> roots();
    }

    /** A verified offer, as the device acted on it or would. */
    record Offer(String version, long sequence, String url, long size, String sha256) {
    }

    private record Trigger(String version, long sequence) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;
    private final String secret;
    private final String product;
    private final String model;
    private final VerifyingKey offerKey;
    private final HttpClient http;
    private final Nodes nodes;
    private int cursor;
    private volatile String version;
    private volatile long highestSequence = -1;
    /** Triggers received, by the version they offered. */
    final Map<String, Integer> triggers = new ConcurrentHashMap<>();
    /** When each SUCCESS was acknowledged, by version: what the device knows it reported. */
    final Map<String, Long> succeeded = new ConcurrentHashMap<>();
    /** Error codes of the FAILED reports it sent: a healthy cluster gives it no reason to send any. */
    final List<String> failures = new CopyOnWriteArrayList<>();
    /** What surprised it without being a failure to report: stale offers, unexpected answers. */
    final List<String> anomalies = new CopyOnWriteArrayList<>();
    private volatile Trigger lastTrigger;
    private Mqtt5AsyncClient mqtt;

    SimulatedDevice(String id, String secret, String product, String model, String version, VerifyingKey offerKey,
                    HttpClient http, Nodes nodes) {
        this.id = id;
        this.secret = secret;
        this.product = product;
        this.model = model;
        this.version = version;
        this.offerKey = offerKey;
        this.http = http;
        this.nodes = nodes;
    }

    String secret() {
        return secret;
    }

    String id() {
        return id;
    }

    String version() {
        return version;
    }

    /** Whether a trigger told it of an offer newer than anything it acted on. */
    boolean triggerPending() {
        Trigger last = lastTrigger;
        return last != null && !last.version().equals(version) && last.sequence() > highestSequence;
    }

    /** Subscribes to its trigger topic; {@code onTrigger} runs for each trigger with an offer, on MQTT's thread. */
    void subscribe(int brokerPort, Runnable onTrigger) {
        mqtt = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(brokerPort)
                .automaticReconnectWithDefaultConfig().buildAsync();
        mqtt.connect().orTimeout(20, TimeUnit.SECONDS).join();
        mqtt.subscribeWith().topicFilter("devices/" + id + "/ota").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> onTrigger(p, onTrigger)).send().orTimeout(20, TimeUnit.SECONDS).join();
    }

    boolean subscribed() {
        return mqtt != null;
    }

    private void onTrigger(Mqtt5Publish publish, Runnable onTrigger) {
        byte[] payload = publish.getPayloadAsBytes();
        if (payload.length == 0) {
            return; // the server cleared the trigger: nothing is pending
        }
        Map<String, Object> fields = TestJson.object(new String(payload, StandardCharsets.UTF_8));
        if (!id.equals(fields.get("deviceId"))) {
            anomalies.add("a trigger for another device: " + fields.get("deviceId"));
            return;
        }
        triggers.merge((String) fields.get("version"), 1, Integer::sum);
        long sequence = ((Number) fields.get("sequence")).longValue();
        if (lastTrigger == null || sequence > lastTrigger.sequence()) {
            lastTrigger = new Trigger((String) fields.get("version"), sequence);
        }
        onTrigger.run(); // a hint: the device asks the HTTP check at once
    }

    /** One round: a check, and if it brings an offer, the download, the install and the report. */
    synchronized void step() {
        try {
            Optional<Offer> offer = check(version);
            if (offer.isPresent()) {
                install(offer.get());
            }
        } catch (IOException e) {
            anomalies.add("no node answered: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the node at {@code root} accepts the device's credential yet: one issued on another node is accepted
     * once this one has read the directory's change (docs/admin-api.md, "Devices").
     */
    boolean acceptedBy(URI root) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(root + "/v1/devices/" + id + "/update?product=" + product
                        + "&model=" + model + "&version=" + version)).header("Authorization", "Bearer " + secret)
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 401;
    }

    /** A check as the device running {@code running}; empty for no offer, or one it must not act on. */
    synchronized Optional<Offer> check(String running) throws IOException, InterruptedException {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String nonce = HexFormat.of().formatHex(random);
        HttpResponse<byte[]> answer = send(root -> HttpRequest.newBuilder(URI.create(root + "/v1/devices/" + id
                + "/update?product=" + product + "&model=" + model + "&version=" + running + "&nonce=" + nonce))
                .header("Authorization", "Bearer " + secret).timeout(Duration.ofSeconds(10)).build());
        if (answer.statusCode() == 204) {
            return Optional.empty();
        }
        if (answer.statusCode() != 200) {
            anomalies.add("check answered " + answer.statusCode() + ": " + text(answer.body()));
            return Optional.empty();
        }
        byte[] body = answer.body();
        String signature = answer.headers().firstValue("Voyager-Offer-Signature").orElse("");
        boolean signed = offerKey.keyId().hex().equals(answer.headers().firstValue("Voyager-Offer-Key").orElse(""))
                && offerKey.verify(body, new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256, signature));
        Map<String, Object> fields = TestJson.object(text(body));
        Offer offer = new Offer((String) fields.get("version"), ((Number) fields.get("sequence")).longValue(),
                (String) fields.get("url"), ((Number) fields.get("size")).longValue(), (String) fields.get("sha256"));
        if (!signed) {
            report(running, offer.version(), running, "FAILED", Optional.of("bad-offer-signature"));
            return Optional.empty();
        }
        if (!proof(nonce, body).equals(answer.headers().firstValue("Voyager-Offer-Proof").orElse(""))) {
            report(running, offer.version(), running, "FAILED", Optional.of("offer-replayed"));
            return Optional.empty();
        }
        if (!id.equals(fields.get("deviceId")) || !model.equals(fields.get("model"))) {
            report(running, offer.version(), running, "FAILED", Optional.of("offer-for-another-device"));
            return Optional.empty();
        }
        if (offer.sequence() < highestSequence) {
            // From before the last offer acted on: a node that has not caught up, not a failure (device-api.md).
            anomalies.add("stale offer of " + offer.version() + " at sequence " + offer.sequence() + " < "
                    + highestSequence);
            return Optional.empty();
        }
        return Optional.of(offer);
    }

    private void install(Offer offer) throws IOException, InterruptedException {
        String from = version;
        if (offer.version().equals(from)) {
            anomalies.add("offered " + from + ", which it runs");
            return;
        }
        HttpResponse<byte[]> image = send(root -> HttpRequest.newBuilder(URI.create(root.toString())
                .resolve(offer.url())).timeout(Duration.ofSeconds(20)).build());
        if (image.statusCode() != 200 || image.body().length != offer.size()
                || !sha256(image.body()).equals(offer.sha256())) {
            report(from, offer.version(), from, "FAILED", Optional.of("sha256-mismatch"));
            return;
        }
        highestSequence = offer.sequence();
        version = offer.version();
        report(from, offer.version(), offer.version(), "SUCCESS", Optional.empty());
    }

    private void report(String from, String to, String running, String status, Optional<String> errorCode)
            throws IOException, InterruptedException {
        if (errorCode.isPresent()) {
            failures.add(errorCode.get());
        }
        String body = "{\"reportId\":\"" + id + "-" + to + "-" + status + "\",\"product\":\"" + product + "\","
                + "\"fromVersion\":\"" + from + "\",\"toVersion\":\"" + to + "\",\"runningVersion\":\"" + running
                + "\",\"status\":\"" + status + "\"" + errorCode.map(c -> ",\"errorCode\":\"" + c + "\"").orElse("")
                + "}";
        HttpResponse<byte[]> answer = send(root -> HttpRequest.newBuilder(URI.create(root + "/v1/devices/" + id
                        + "/reports")).header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (answer.statusCode() != 202 && answer.statusCode() != 200) {
            anomalies.add("report answered " + answer.statusCode() + ": " + text(answer.body()));
        } else if (status.equals("SUCCESS")) {
            succeeded.put(to, System.currentTimeMillis());
        }
    }

    /**
     * Sends to the next node in turn; a node that is down or does not answer is skipped for the one after it, a
     * few rounds at most, as a device behind a list of servers would.
     */
    private HttpResponse<byte[]> send(Function<URI, HttpRequest> request)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            List<URI> roots = nodes.roots();
            URI root = roots.get(cursor++ % roots.size());
            if (root == null) {
                continue;
            }
            try {
                return http.send(request.apply(root), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last != null ? last : new IOException("every node is down");
    }

    private String proof(String nonce, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] proofKey = mac.doFinal("voyager-offer-proof-key".getBytes(StandardCharsets.UTF_8));
            mac.init(new SecretKeySpec(proofKey, "HmacSHA256"));
            mac.update(("voyager-offer-proof\n" + nonce + "\n").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(mac.doFinal(MessageDigest.getInstance("SHA-256").digest(body)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    void disconnect() {
        if (mqtt != null) {
            mqtt.disconnect().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
