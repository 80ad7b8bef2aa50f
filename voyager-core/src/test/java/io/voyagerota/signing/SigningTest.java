package io.voyagerota.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.testing.PropertySeed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Signing and verifying, over bytes and streams, seeded (see {@link PropertySeed}). */
class SigningTest {
    private static final SigningKey KEY = SigningKey.generate();
    private static final SigningKey OTHER = SigningKey.generate();

    @Test
    void whatIsSignedVerifiesAndAnyChangeOrOtherKeyDoesNot() {
        PropertySeed.check("sign/verify round trip", 150, random -> {
            byte[] message = message(random);
            ReleaseSignature signature = random.nextBoolean() ? KEY.sign(message)
                    : KEY.sign(new ChunkedStream(message, random.split()));
            assertEquals(ReleaseSignature.ECDSA_P256_SHA256, signature.algorithm());
            assertTrue(KEY.verifyingKey().verify(message, signature), "bytes, " + message.length);
            assertTrue(KEY.verifyingKey().verify(new ChunkedStream(message, random.split()), signature), "stream");

            byte[] tampered = message.length == 0 ? new byte[] {0} : message.clone();
            if (message.length > 0) {
                int bit = random.nextInt(message.length * 8);
                tampered[bit / 8] ^= (byte) (1 << bit % 8);
            }
            assertFalse(KEY.verifyingKey().verify(tampered, signature), "tampered message");
            byte[] raw = EcdsaSignatures.toP1363(signature);
            int bit = random.nextInt(raw.length * 8);
            raw[bit / 8] ^= (byte) (1 << bit % 8);
            assertFalse(KEY.verifyingKey().verify(message, EcdsaSignatures.toReleaseSignature(raw)), "tampered sig");
            assertFalse(OTHER.verifyingKey().verify(message, signature), "other key");
        });
    }

    @Test
    void signaturesAreRandomisedButEachVerifies() {
        byte[] message = "firmware".getBytes();
        ReleaseSignature first = KEY.sign(message);
        ReleaseSignature second = KEY.sign(message);
        assertNotEquals(first, second, "ECDSA draws a fresh nonce per signature");
        assertTrue(KEY.verifyingKey().verify(message, first));
        assertTrue(KEY.verifyingKey().verify(message, second));
    }

    @Test
    void outOfRangeSignaturesAreSimplyNotValid() {
        byte[] message = "firmware".getBytes();
        byte[] zero = new byte[EcdsaSignatures.P1363_BYTES];
        assertFalse(KEY.verifyingKey().verify(message, EcdsaSignatures.toReleaseSignature(zero)));
        byte[] good = EcdsaSignatures.toP1363(KEY.sign(message));
        byte[] sIsN = good.clone();
        System.arraycopy(P256.fixed(P256.N), 0, sIsN, 32, 32);
        assertFalse(KEY.verifyingKey().verify(message, EcdsaSignatures.toReleaseSignature(sIsN)));
        byte[] rAboveN = good.clone();
        System.arraycopy(P256.fixed(P256.N.add(BigInteger.ONE)), 0, rAboveN, 0, 32);
        assertFalse(KEY.verifyingKey().verify(message, EcdsaSignatures.toReleaseSignature(rAboveN)));
    }

    @Test
    void streamsAreReadToTheEndThroughABoundedBufferAndLeftOpen() throws IOException {
        long size = 48L * 1024 * 1024 + 7; // far larger than any buffer; generated, never held whole
        SyntheticStream toSign = new SyntheticStream(size);
        ReleaseSignature signature = KEY.sign(toSign);
        SyntheticStream toVerify = new SyntheticStream(size);
        assertTrue(KEY.verifyingKey().verify(toVerify, signature));
        for (SyntheticStream s : new SyntheticStream[] {toSign, toVerify}) {
            assertEquals(size, s.position, "read to the end");
            assertFalse(s.closed, "the caller owns the stream");
            assertTrue(s.largestRead <= 1024 * 1024, "read in bounded chunks, at most " + s.largestRead);
        }
        assertFalse(KEY.verifyingKey().verify(new SyntheticStream(size - 1), signature), "one byte short");
    }

    @Test
    void anEmptyFileCanBeSignedToo() throws IOException {
        ReleaseSignature signature = KEY.sign(new byte[0]);
        assertTrue(KEY.verifyingKey().verify(new ByteArrayInputStream(new byte[0]), signature));
        assertFalse(KEY.verifyingKey().verify(new byte[1], signature));
    }

    /** Sizes around the internal buffer's edges are as likely as small and medium ones. */
    private static byte[] message(SplittableRandom random) {
        int size = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(64);
            case 1 -> 64 * 1024 + random.nextInt(-2, 3);
            case 2 -> 128 * 1024 + random.nextInt(-2, 3);
            default -> random.nextInt(300_000);
        };
        byte[] message = new byte[size];
        random.nextBytes(message);
        return message;
    }

    /** Returns a message in chunks of random size, as sockets do. */
    private static final class ChunkedStream extends InputStream {
        private final byte[] data;
        private final SplittableRandom random;
        private int position;

        ChunkedStream(byte[] data, SplittableRandom random) {
            this.data = data;
            this.random = random;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, data.length - position), 1 + random.nextInt(10_000));
            System.arraycopy(data, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    /** A deterministic stream of any size that records how it was read. */
    private static final class SyntheticStream extends InputStream {
        private final long size;
        long position;
        int largestRead;
        boolean closed;

        SyntheticStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? (int) (position++ * 31 >>> 3) & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            largestRead = Math.max(largestRead, length);
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) ((position + i) * 31 >>> 3);
            }
            position += n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
