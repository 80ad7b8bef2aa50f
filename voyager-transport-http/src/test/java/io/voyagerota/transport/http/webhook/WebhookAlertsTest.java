package io.voyagerota.transport.http.webhook;

import io.voyagerota.catalog.Release;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.transport.http.kit.HttpFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhook alerts through the real outbox relay to a real HTTP receiver. */
class WebhookAlertsTest {
    /** A Slack-like URL whose path is itself a credential. */
    private static final String TOKEN_PATH = "/services/T0000/B0000/hush-hush-path-token";

    private final WebhookSecret secret = WebhookSecret.generate();
    private WebhookReceiver receiver;
    private HttpFixture fixture;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private void wire(UnaryOperator<WebhookConfig> config) {
        fixture = new HttpFixture("/v1", (f, builder) -> WebhookAlerts.builder(
                        config.apply(WebhookConfig.of(receiver.url(TOKEN_PATH)).withSecret(secret)
                                .withRules(Set.of(AlertRule.ROLLOUT_PAUSED)))).clock(f.clock)
                .build().bindTo(builder));
    }

    private String pauseARollout() {
        Release release = fixture.production("1.0.0", 4096);
        String rolloutId = fixture.voyager.rollouts().ofRelease(release.id()).id();
        fixture.voyager.rollouts().pause(rolloutId, "field reports of boot loops");
        return rolloutId;
    }

    private List<OutboxEvent> webhookEvents(OutboxState state) {
        return fixture.registry.outbox().list(state, 100).stream()
                .filter(e -> e.type().equals(WebhookAlerts.EVENT_TYPE)).toList();
    }

    private void relayUntilIdle() {
        for (int i = 0; i < 50 && fixture.voyager.relayOutbox() > 0; i++) {
            // every due event once per round
        }
    }

    @Test
    void aPausedRolloutIsPostedSignedPerStandardWebhooks() throws Exception {
        wire(c -> c);
        String rolloutId = pauseARollout();
        relayUntilIdle();

        List<WebhookReceiver.Received> got = receiver.received();
        assertEquals(1, got.size(), "one message: " + got);
        WebhookReceiver.Received message = got.get(0);
        assertEquals(TOKEN_PATH, message.path());
        assertTrue(message.body().startsWith("{\"type\":\"rollout.paused\""), message.body());
        assertTrue(message.body().contains("\"rolloutId\":\"" + rolloutId + "\""), message.body());
        assertTrue(message.body().contains("\"automatic\":false"), message.body());
        assertTrue(message.body().contains("field reports of boot loops"), message.body());
        assertEquals("application/json", message.header("Content-Type"));

        String id = message.header("webhook-id");
        String timestamp = message.header("webhook-timestamp");
        assertEquals(Long.toString(fixture.clock.instant().getEpochSecond()), timestamp);
        assertEquals(1, webhookEvents(OutboxState.PROCESSED).size());
        assertEquals(webhookEvents(OutboxState.PROCESSED).get(0).id(), id, "webhook-id is the outbox event's id");
        assertEquals(expectedSignature(secret.reveal(), id, timestamp, message.body()),
                message.header("webhook-signature"));
    }

    @Test
    void theAlertIsWrittenWithTheChangeThatRaisedItWhateverOtherListenersDo() {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        fixture = new HttpFixture("/v1", (f, builder) -> WebhookAlerts.builder(WebhookConfig.of(receiver.url("/h"))
                .withRules(Set.of(AlertRule.ROLLOUT_PAUSED))).clock(f.clock).build().bindTo(builder
                .listener(event -> {
                    throw new IllegalStateException("a host listener that fails");
                })
                .listener(event -> seen.add(event.getClass().getSimpleName()))));
        String rolloutId = pauseARollout();
        List<OutboxEvent> pending = webhookEvents(OutboxState.PENDING);
        assertEquals(1, pending.size(), "in the outbox with the pause, before any relay ran: " + pending);
        assertEquals(rolloutId, pending.get(0).aggregateId());
        assertTrue(seen.contains("RolloutPaused"), "a failing listener keeps the event from no other: " + seen);
        relayUntilIdle();
        assertEquals(1, receiver.received().size());
    }

    @Test
    void anUnsignedWebhookSendsNoSignatureHeader() {
        fixture = new HttpFixture("/v1", (f, builder) -> WebhookAlerts.builder(WebhookConfig.of(receiver.url("/h"))
                .withRules(Set.of(AlertRule.ROLLOUT_PAUSED))).clock(f.clock).build().bindTo(builder));
        pauseARollout();
        relayUntilIdle();
        WebhookReceiver.Received message = receiver.received().get(0);
        assertNull(message.header("webhook-signature"));
        assertTrue(message.header("webhook-id") != null && message.header("webhook-timestamp") != null);
    }

    @Test
    void aReceiverAnswering500IsRetriedWithTheRelaysBackoffThenSucceeds() {
        receiver.answer(500);
        wire(c -> c);
        pauseARollout();
        relayUntilIdle();

        List<OutboxEvent> pending = webhookEvents(OutboxState.PENDING);
        assertEquals(1, pending.size(), "waiting for its retry");
        assertTrue(pending.get(0).lastError().orElseThrow().contains("answered HTTP 500"),
                pending.get(0).lastError().toString());
        assertTrue(pending.get(0).nextAttemptAt().isAfter(fixture.clock.instant()), "backed off");

        fixture.clock.advance(Duration.ofMinutes(10));
        relayUntilIdle();
        assertEquals(1, webhookEvents(OutboxState.PROCESSED).size());
        List<WebhookReceiver.Received> got = receiver.received();
        assertEquals(2, got.size());
        assertEquals(got.get(0).header("webhook-id"), got.get(1).header("webhook-id"), "a retry keeps its id");
        assertEquals(got.get(0).body(), got.get(1).body(), "and its body");
        assertFalse(got.get(0).header("webhook-timestamp").equals(got.get(1).header("webhook-timestamp")),
                "the timestamp is the attempt's");
    }

    @Test
    void aReceiverThatStaysDownLeavesTheEventFailedWithoutAlertingItselfInALoop() {
        receiver.otherwise(503);
        wire(c -> c);
        pauseARollout();
        for (int round = 0; round < 20; round++) {
            relayUntilIdle();
            fixture.clock.advance(Duration.ofMinutes(10));
        }
        List<OutboxEvent> failed = webhookEvents(OutboxState.FAILED);
        assertEquals(1, failed.size());
        assertEquals(8, failed.get(0).attempts(), "the relay's default policy allows 8 attempts");
        assertEquals(8, receiver.received().size());
        assertEquals(0, webhookEvents(OutboxState.PENDING).size(), "no alert about the failed alert was queued");
    }

    @Test
    void anotherFailedOutboxEventIsAlerted() {
        fixture = new HttpFixture("/v1", (f, builder) -> WebhookAlerts.builder(
                        WebhookConfig.of(receiver.url("/h")).withRules(Set.of(AlertRule.OUTBOX_FAILED)))
                .clock(f.clock).build().bindTo(builder.outboxHandler("host.broken", e -> {
                    throw new IllegalStateException("the host's side effect is broken");
                })));
        fixture.registry.outbox().append(List.of(OutboxEvent.pending("host.broken", "x", "{}",
                fixture.clock.instant())));
        for (int round = 0; round < 20; round++) {
            relayUntilIdle();
            fixture.clock.advance(Duration.ofMinutes(10));
        }
        List<WebhookReceiver.Received> got = receiver.received();
        assertEquals(1, got.size(), "only the FAILED alert, no pause (not in the rules): " + got);
        assertTrue(got.get(0).body().startsWith("{\"type\":\"outbox.event-failed\""), got.get(0).body());
        assertTrue(got.get(0).body().contains("\"eventType\":\"host.broken\""), got.get(0).body());
        assertTrue(got.get(0).body().contains("the host's side effect is broken"), got.get(0).body());
    }

    @Test
    void slackFormatPostsText() {
        wire(c -> c.withFormat(WebhookFormat.SLACK));
        String rolloutId = pauseARollout();
        relayUntilIdle();
        String body = receiver.received().get(0).body();
        assertTrue(body.startsWith("{\"text\":\"Voyager: rollout " + rolloutId + " of release "), body);
        assertTrue(body.endsWith(" paused: field reports of boot loops\"}"), body);
    }

    @Test
    void newFirmwareIsPosted() throws Exception {
        wire(c -> c.withRules(Set.of(AlertRule.FIRMWARE_UPLOADED)));
        Release draft = fixture.voyager.releases().create(io.voyagerota.catalog.ReleaseDraft.builder(
                HttpFixture.PRODUCT, io.voyagerota.version.Version.parse("2.0.0")).models(HttpFixture.S3).build());
        fixture.voyager.releases().upload(draft.id(), new ByteArrayInputStream(new byte[100]), Optional.empty());
        relayUntilIdle();
        List<WebhookReceiver.Received> got = receiver.received();
        assertEquals(1, got.size(), got.toString());
        assertTrue(got.get(0).body().startsWith("{\"type\":\"firmware.uploaded\""), got.get(0).body());
        assertTrue(got.get(0).body().contains("\"releaseId\":\"" + draft.id() + "\""), got.get(0).body());
        assertTrue(got.get(0).body().contains("\"validationPassed\":false"), got.get(0).body());
    }

    @Test
    void theSecretAndTheUrlsPathAreNeverLoggedOrStored() {
        receiver.otherwise(500);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        WebhookConfig config;
        try {
            wire(c -> c);
            config = WebhookConfig.of(receiver.url(TOKEN_PATH)).withSecret(secret);
            pauseARollout();
            for (int round = 0; round < 20; round++) {
                relayUntilIdle();
                fixture.clock.advance(Duration.ofMinutes(10));
            }
        } finally {
            System.setErr(err);
        }
        String key = secret.reveal().substring(WebhookSecret.PREFIX.length());
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains("is now FAILED"), "the relay's warnings were captured: " + logs);
        String stored = fixture.registry.outbox().list(OutboxState.FAILED, 10).toString();
        for (String text : List.of(logs, stored, config.toString(), secret.toString())) {
            assertFalse(text.contains(key), "the secret leaked: " + text);
            assertFalse(text.contains("hush-hush"), "the URL's path leaked: " + text);
        }
    }

    @Test
    void secretsAreValidated() {
        String good = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        assertEquals(good, WebhookSecret.parse(good).reveal());
        for (String bad : List.of("", "nope", "whsec_!!!", "whsec_" + Base64.getEncoder().encodeToString(new byte[8]))) {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(io.voyagerota.InvalidInputException.class,
                    () -> WebhookSecret.parse(bad));
            assertTrue(e.getMessage().contains("whsec_"), e.getMessage());
        }
        org.junit.jupiter.api.Assertions.assertThrows(io.voyagerota.InvalidInputException.class,
                () -> WebhookConfig.of(URI.create("ftp://example.com/x")));
    }

    /** Standard Webhooks, computed independently: HMAC-SHA256 keyed with the base64-decoded part after whsec_. */
    private static String expectedSignature(String whsec, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(whsec.substring("whsec_".length())), "HmacSHA256"));
        byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(digest);
    }
}
