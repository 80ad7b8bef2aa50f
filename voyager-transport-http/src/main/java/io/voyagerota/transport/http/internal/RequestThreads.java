package io.voyagerota.transport.http.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the built-in servers answer requests on: on JDK 24 and later a virtual thread per request; before, a
 * fixed pool of {@code max(32, 8 × cores)} platform threads, because a virtual thread that blocks inside
 * {@code synchronized} pins its carrier before JEP 491 (JDK 24). The runtime's feature version decides.
 */
public final class RequestThreads {
    private static final Logger LOG = LoggerFactory.getLogger(RequestThreads.class);

    private RequestThreads() {
    }

    /** @param namePrefix the platform threads' names, followed by a number */
    public static ExecutorService newDefault(String namePrefix) {
        if (Runtime.version().feature() >= 24) {
            try {
                // Compiled for Java 17, so the Java 21 factory is called through a method handle.
                return (ExecutorService) MethodHandles.publicLookup().findStatic(Executors.class,
                        "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class)).invoke();
            } catch (Throwable e) {
                LOG.warn("virtual threads are unavailable ({}); using a fixed thread pool", e.toString());
            }
        }
        AtomicInteger next = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, namePrefix + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(Math.max(32, 8 * Runtime.getRuntime().availableProcessors()), threads);
    }
}
