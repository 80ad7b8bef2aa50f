package io.voyagerota.transport.http.internal;

import org.slf4j.MDC;

/**
 * The request's identifiers in SLF4J's MDC while it is handled, when {@code HttpConfig.logContext()} asks for them:
 * {@value #DEVICE} on device routes, {@value #RELEASE} on downloads. Cleared when the request is answered.
 */
final class LogContext {
    static final String DEVICE = "voyager.deviceId";
    static final String RELEASE = "voyager.releaseId";

    private final boolean on;

    LogContext(boolean on) {
        this.on = on;
    }

    String device(String deviceId) {
        if (on) {
            MDC.put(DEVICE, deviceId);
        }
        return deviceId;
    }

    void release(String releaseId) {
        if (on) {
            MDC.put(RELEASE, releaseId);
        }
    }

    void clear() {
        if (on) {
            MDC.remove(DEVICE);
            MDC.remove(RELEASE);
        }
    }
}
