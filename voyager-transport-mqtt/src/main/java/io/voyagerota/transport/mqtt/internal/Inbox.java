package io.voyagerota.transport.mqtt.internal;

import io.voyagerota.Voyager;
import io.voyagerota.VoyagerException;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Offer;
import io.voyagerota.decision.UpdateDecision;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.support.Checks;
import io.voyagerota.wire.CheckJson;
import io.voyagerota.wire.ReportJson;
import io.voyagerota.wire.WireJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.Set;
import java.util.function.Function;

/**
 * Handles what devices publish, one message at a time. A status report takes the same idempotent path as an HTTP
 * report and, when it ends an attempt, clears the device's trigger. A state message is an update check: it records
 * the device's sighting and answers on the trigger topic with the offer, or clears it when there is none. A message
 * that is malformed, oversized, or names another device than its topic is logged in one line and dropped.
 *
 * <p>The device id comes from the topic: the broker's ACLs must confine each device to its own topics.
 *
 * <p>With the log context on, the message's device id is in SLF4J's MDC as {@value #DEVICE} while it is handled,
 * and a report's release as {@value #RELEASE}: the keys the HTTP transport sets, so one log pattern serves both.
 */
public final class Inbox implements Link.Receiver {
    private static final Logger LOG = LoggerFactory.getLogger("io.voyagerota.transport.mqtt");
    static final String DEVICE = "voyager.deviceId";
    static final String RELEASE = "voyager.releaseId";

    private final Voyager voyager;
    private final Topics topics;
    private final WireJson json;
    private final int maxPayloadBytes;
    private final Function<String, Set<String>> tags;
    private final InstantSource clock;
    private final TriggerPublisher triggers;
    private final Counters counters;
    private final boolean logContext;

    public Inbox(Voyager voyager, Topics topics, WireJson json, int maxPayloadBytes,
                 Function<String, Set<String>> tags, InstantSource clock, TriggerPublisher triggers,
                 Counters counters, boolean logContext) {
        this.voyager = voyager;
        this.topics = topics;
        this.json = json;
        this.maxPayloadBytes = maxPayloadBytes;
        this.tags = tags;
        this.clock = clock;
        this.triggers = triggers;
        this.counters = counters;
        this.logContext = logContext;
    }

    @Override
    public void accept(String topic, ByteBuffer payload) {
        counters.received.increment();
        try {
            Topics.Route route = topics.route(topic).orElseThrow(() -> new Refused("it is not a device topic"));
            if (!DeviceReport.isValidDeviceId(route.deviceId())) {
                throw new Refused("the device id in the topic is not 1 to 128 letters, digits, '.', '_', ':', '-'");
            }
            if (logContext) {
                MDC.put(DEVICE, route.deviceId());
            }
            if (payload.remaining() > maxPayloadBytes) {
                throw new Refused("its payload of " + payload.remaining() + " bytes exceeds the limit of "
                        + maxPayloadBytes);
            }
            byte[] body = new byte[payload.remaining()];
            payload.duplicate().get(body);
            if (route.kind() == Topics.Kind.STATUS) {
                report(route.deviceId(), body);
            } else {
                state(route.deviceId(), body);
            }
            counters.handled.increment();
        } catch (Refused | VoyagerException e) {
            // One line, no stack trace: a device sending nonsense is not a server error. Counted after the line is
            // written, so whoever reads the stats finds the line of every message they count as dropped.
            LOG.warn("dropped MQTT message on '{}': {}", Checks.printable(topic), e.getMessage());
            counters.dropped.increment();
        } catch (RuntimeException e) {
            LOG.error("MQTT message on '{}' failed", Checks.printable(topic), e);
            counters.failed.increment();
        } finally {
            if (logContext) { // the receiving thread handles every device's messages: nothing may stay behind
                MDC.remove(DEVICE);
                MDC.remove(RELEASE);
            }
        }
    }

    private void report(String deviceId, byte[] body) {
        DeviceReport report = ReportJson.read(json, body, 0, body.length, deviceId, clock.instant());
        if (logContext) {
            voyager.snapshot().findRelease(report.productId(), report.toVersion())
                    .ifPresent(release -> MDC.put(RELEASE, release.id()));
        }
        voyager.devices().report(report);
        if (report.status().isOutcome()) {
            triggers.clear(deviceId).whenComplete((ok, e) -> failedToAnswer(deviceId, e));
        }
    }

    private void state(String deviceId, byte[] body) {
        Set<String> known = tags.apply(deviceId);
        DeviceCheck check = CheckJson.read(json, body, 0, body.length).toCheck(deviceId, known == null ? Set.of()
                : known);
        UpdateDecision decision = voyager.check(check);
        (decision instanceof Offer offer ? triggers.send(TriggerHint.of(offer)) : triggers.clear(deviceId))
                .whenComplete((ok, e) -> failedToAnswer(deviceId, e));
    }

    private static void failedToAnswer(String deviceId, Throwable error) {
        if (error != null) {
            LOG.warn("could not update the trigger of device '{}': {}", deviceId, error.toString());
        }
    }

    /** A message refused before it is read. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
