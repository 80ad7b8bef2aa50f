package io.voyagerota.transport.mqtt.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong slept = new AtomicLong();

    private TokenBucket bucket(double perSecond) {
        return new TokenBucket(perSecond, nanos::get, n -> {
            slept.addAndGet(n);
            nanos.addAndGet(n); // sleeping moves the clock
        });
    }

    @Test
    void aSecondsWorthGoesAtOnceThenPermitsComeAtTheRate() throws InterruptedException {
        TokenBucket b = bucket(10);
        for (int i = 0; i < 10; i++) {
            b.acquire();
        }
        assertEquals(0, slept.get(), "the burst of one second's worth needs no wait");
        b.acquire();
        assertEquals(100_000_000L, slept.get(), 1_000, "the eleventh waits a tenth of a second");
        for (int i = 0; i < 100; i++) {
            b.acquire();
        }
        assertEquals(10.1e9, slept.get(), 1e6, "101 more permits at 10 per second take 10.1 seconds");
    }

    @Test
    void idleTimeRefillsOnlyUpToTheBurst() throws InterruptedException {
        TokenBucket b = bucket(5);
        nanos.addAndGet(60_000_000_000L); // a quiet minute
        for (int i = 0; i < 5; i++) {
            b.acquire();
        }
        assertEquals(0, slept.get());
        b.acquire();
        assertTrue(slept.get() > 0, "a quiet minute does not save up 300 permits");
    }

    @Test
    void slowRatesStillAllowOneAtATime() throws InterruptedException {
        TokenBucket b = bucket(0.5);
        b.acquire();
        b.acquire();
        assertEquals(2e9, slept.get(), 1e3);
        assertThrows(IllegalArgumentException.class, () -> bucket(0));
    }
}
