package io.voyagerota.rollout;

import io.voyagerota.testing.PropertySeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RolloutBucketsTest {

    /** The published vectors of docs/versioning.md; another implementation of the hash must reproduce them. */
    @ParameterizedTest
    @CsvSource({
            "release-1, device-0001, 4188",
            "release-1, device-0002, 505",
            "release-1, AA:BB:CC:DD:EE:FF, 8019",
            "release-2, device-0001, 3659",
            "'', '', 2267",
            "locker-1.2.0, 24:0a:c4:12:34:56, 3897",
            "salt, ключ-устройства, 4909",
            "salt, 🚀-device, 5613",
    })
    void publishedVectors(String salt, String deviceId, int bucket) {
        assertEquals(bucket, RolloutBuckets.bucket(salt, deviceId));
        assertEquals(bucket, reference(salt, deviceId));
    }

    @Test
    void matchesAPlainReferenceImplementationForAnyInput() {
        PropertySeed.check("bucket equals the byte-array reference", 5_000, random -> {
            String salt = randomString(random);
            String id = randomString(random);
            assertEquals(reference(salt, id), RolloutBuckets.bucket(salt, id), "salt=" + salt + " id=" + id);
        });
    }

    @Test
    void widenedPercentageKeepsEveryDeviceAlreadyIn() {
        PropertySeed.check("a device in at p stays in at any q >= p", 5_000, random -> {
            String id = "dev-" + random.nextLong();
            int p = random.nextInt(10_001);
            int q = p + random.nextInt(10_001 - p);
            int bucket = RolloutBuckets.bucket("rollout-salt", id);
            if (bucket < p) {
                assertTrue(bucket < q);
            }
        });
    }

    @Test
    void bucketsAreSpreadEvenly() {
        int[] tenths = new int[10];
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            tenths[RolloutBuckets.bucket("salt", "device-" + i) / 1000]++;
        }
        for (int count : tenths) {
            assertTrue(Math.abs(count - n / 10) < n / 100, "each tenth holds about 10%: " + count);
        }
    }

    @Test
    void saltsPickDifferentCohorts() {
        int both = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            boolean a = RolloutBuckets.bucket("release-a", "d" + i) < 1000;
            boolean b = RolloutBuckets.bucket("release-b", "d" + i) < 1000;
            both += a && b ? 1 : 0;
        }
        // independent 10% cohorts overlap on about 1% of devices, not on 10%
        assertTrue(both < n * 0.02, "overlap " + both);
    }

    private static String randomString(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        int len = random.nextInt(20);
        for (int i = 0; i < len; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                s.append((char) (0x20 + random.nextInt(95)));
            } else if (kind < 8) {
                s.append((char) (0x80 + random.nextInt(0x700)));
            } else if (kind < 9) {
                s.append((char) (0x800 + random.nextInt(0xD000 - 0x800)));
            } else {
                s.appendCodePoint(0x10000 + random.nextInt(0x10000));
            }
        }
        return s.toString();
    }

    /** The specification written as directly as possible, over String.getBytes. */
    static int reference(String salt, String deviceId) {
        byte[] a = salt.getBytes(StandardCharsets.UTF_8);
        byte[] b = deviceId.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + 1 + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length + 1, b.length);
        long h = 0xcbf29ce484222325L;
        for (byte x : all) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) Long.remainderUnsigned(h, 10_000);
    }
}
