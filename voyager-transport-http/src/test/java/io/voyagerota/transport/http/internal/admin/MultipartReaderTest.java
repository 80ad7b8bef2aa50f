package io.voyagerota.transport.http.internal.admin;

import io.voyagerota.testing.PropertySeed;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartReaderTest {
    private static final String BCHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=?";
    private static final int HEADERS = 8192;

    /** Hands out a body in chunks whose sizes a function of the position decides, as a network does. */
    private static final class Chunks extends InputStream {
        private final byte[] bytes;
        private final IntUnaryOperator chunkAt;
        private int pos;

        Chunks(byte[] bytes, IntUnaryOperator chunkAt) {
            this.bytes = bytes;
            this.chunkAt = chunkAt;
        }

        /** Chunks of 1 to {@code maxChunk} bytes. */
        Chunks(byte[] bytes, SplittableRandom random, int maxChunk) {
            this(bytes, pos -> 1 + random.nextInt(maxChunk));
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, bytes.length - pos), chunkAt.applyAsInt(pos));
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** Splits a body once at {@code at}: the first read ends there. */
    private static InputStream splitAt(byte[] body, int at) {
        return new Chunks(body, pos -> pos < at ? at - pos : body.length - pos);
    }

    private static byte[] form(String boundary, String preamble, String signature, byte[] file, String epilogue) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(preamble));
        if (signature != null) {
            out.writeBytes(ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"signature\"\r\n\r\n"
                    + signature + "\r\n"));
        }
        out.writeBytes(ascii("--" + boundary + "  \r\nContent-Disposition: form-data; name=\"file\";"
                + " filename=\"fw;1.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
        out.writeBytes(file);
        out.writeBytes(ascii("\r\n--" + boundary + "--" + epilogue));
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads a form the way the upload does: an optional signature, then the file as the last part. */
    private static void assertReads(InputStream body, String boundary, String signature, byte[] file)
            throws IOException {
        MultipartReader reader = new MultipartReader(body, boundary, HEADERS);
        MultipartReader.Part part = reader.next().orElseThrow();
        if (signature != null) {
            assertEquals("signature", part.name());
            assertEquals(signature, new String(part.body().readAllBytes(), StandardCharsets.US_ASCII));
            part = reader.next().orElseThrow();
        }
        assertEquals("file", part.name());
        assertEquals(Optional.of("fw;1.bin"), part.filename());
        assertEquals(Optional.of("application/octet-stream"), part.contentType());
        reader.requireLast();
        assertArrayEquals(file, part.body().readAllBytes());
        assertEquals(-1, part.body().read(), "the end stays the end");
        assertEquals(Optional.empty(), reader.next());
    }

    /** File content full of near-boundaries: CRLFs, dashes and the boundary with a byte missing or changed. */
    private static byte[] trickyFile(SplittableRandom random, String boundary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pieces = random.nextInt(12);
        for (int i = 0; i < pieces; i++) {
            switch (random.nextInt(7)) {
                case 0 -> out.writeBytes(ascii("\r\n--" + boundary.substring(0, random.nextInt(boundary.length()))));
                case 1 -> out.writeBytes(ascii("--" + boundary)); // no CRLF before: not a delimiter
                case 2 -> out.writeBytes(ascii("\r\n-" + boundary));
                case 3 -> out.writeBytes(ascii("\r\n--" + boundary.substring(0, boundary.length() - 1)
                        + (boundary.charAt(boundary.length() - 1) == 'x' ? 'y' : 'x')));
                case 4 -> out.writeBytes(ascii("\r\r\n\n-\r\n-"));
                default -> {
                    byte[] noise = new byte[random.nextInt(3000)];
                    random.nextBytes(noise);
                    out.writeBytes(noise);
                }
            }
        }
        return out.toByteArray();
    }

    /** Whether the file, after the CRLF that ends its headers, holds CRLF "--" boundary. */
    private static boolean holdsDelimiter(byte[] file, String boundary) {
        String text = "\r\n" + new String(file, StandardCharsets.ISO_8859_1);
        return text.contains("\r\n--" + boundary);
    }

    private static String boundary(SplittableRandom random) {
        StringBuilder b = new StringBuilder();
        int length = 1 + random.nextInt(70);
        for (int i = 0; i < length; i++) {
            b.append(BCHARS.charAt(random.nextInt(BCHARS.length())));
        }
        return b.toString();
    }

    @Test
    void formsWithNearBoundariesReadBackExactlyWhateverTheChunking() {
        PropertySeed.check("multipart reads back its parts", 400, random -> {
            String boundary = boundary(random);
            byte[] file = trickyFile(random, boundary);
            while (holdsDelimiter(file, boundary)) { // a sender picks a boundary its content does not hold
                file = trickyFile(random, boundary);
            }
            String signature = random.nextBoolean() ? "c2lnbmF0dXJl" : null;
            String preamble = random.nextInt(4) == 0 ? "a preamble\r\n" : "";
            String epilogue = random.nextBoolean() ? "\r\n" : "\r\nan epilogue";
            byte[] body = form(boundary, preamble, signature, file, epilogue);
            int maxChunk = random.nextBoolean() ? 1 + random.nextInt(8) : 1 + random.nextInt(70_000);
            assertReads(new Chunks(body, random, maxChunk), boundary, signature, file);
        });
    }

    @Test
    void aBodySplitAtEveryPositionReadsTheSame() throws IOException {
        String boundary = "XyZ";
        byte[] file = ascii("a\r\n--XyQ\r\n--Xy\r\n-XyZ--XyZ\r\nz");
        byte[] body = form(boundary, "", "c2ln", file, "\r\n");
        for (int at = 0; at <= body.length; at++) {
            assertReads(splitAt(body, at), boundary, "c2ln", file);
        }
    }

    @Test
    void aLargePartStreamsThroughTheFixedBuffer() throws IOException {
        SplittableRandom random = PropertySeed.random("multipart large part");
        byte[] file = new byte[3 * 1024 * 1024];
        random.nextBytes(file);
        assertReads(new Chunks(form("b0und", "", null, file, ""), random, 100_000), "b0und", null, file);
    }

    private static MultipartException refused(byte[] body, String boundary) {
        return assertThrows(MultipartException.class, () -> {
            MultipartReader reader = new MultipartReader(new Chunks(body, new SplittableRandom(1), 7), boundary,
                    HEADERS);
            for (Optional<MultipartReader.Part> p = reader.next(); p.isPresent(); p = reader.next()) {
                if (p.get().name().equals("file")) {
                    reader.requireLast();
                }
                p.get().body().readAllBytes();
            }
        });
    }

    private static void assertRefused(String body, String says) {
        MultipartException e = refused(ascii(body), "b");
        assertTrue(e.getMessage().contains(says), e.getMessage() + " should say " + says);
    }

    @Test
    void malformedFormsAreRefusedSayingWhat() {
        String file = "--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nDATA";
        assertRefused(file, "closing boundary");
        assertRefused(file + "\r\n--b", "ends right after a boundary");
        assertRefused(file + "\r\n--bX", "must end with CRLF");
        assertRefused(file + "\r\n--b\r\nContent-Disposition: form-data; name=\"signature\"\r\n\r\nS\r\n--b--",
                "must be the last part");
        assertRefused("--b\r\nContent-Disposition: form-data; name=\"file\"\r\nX: " + "x".repeat(HEADERS)
                + "\r\n\r\nDATA\r\n--b--", "longer than " + HEADERS);
        assertRefused("--b\r\nContent-Disposition: form-data\r\n\r\nDATA\r\n--b--", "has no name");
        assertRefused("--b\r\nContent-Type: text/plain\r\n\r\nDATA\r\n--b--", "has no name");
        assertRefused("--b\r\nContent-Disposition: attachment; name=\"file\"\r\n\r\nDATA\r\n--b--", "form-data");
        assertRefused("--b\r\nno colon here\r\n\r\nDATA\r\n--b--", "not 'Name: value'");
        assertRefused("--b\r\nContent-Disposition: form-data; name=\"file\"\r\n", "inside the headers");
        assertRefused("--other\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nDATA\r\n--other--",
                "never reaches the boundary");
        assertRefused("x".repeat(HEADERS + 100) + "\r\n--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n"
                + "DATA\r\n--b--", "does not start with the boundary");
    }

    @Test
    void anEmptyFormAndAnEmptyPartAreWellFormed() throws IOException {
        assertEquals(Optional.empty(), new MultipartReader(new Chunks(ascii("--b--\r\n"), new SplittableRandom(2), 3),
                "b", HEADERS).next());
        MultipartReader reader = new MultipartReader(new Chunks(ascii("--b\r\nContent-Disposition: form-data;"
                + " name=\"file\"\r\n\r\n\r\n--b--"), new SplittableRandom(3), 2), "b", HEADERS);
        MultipartReader.Part part = reader.next().orElseThrow();
        reader.requireLast();
        assertEquals(0, part.body().readAllBytes().length);
    }

    @Test
    void aPartLeftUnreadIsSkipped() throws IOException {
        byte[] body = ascii("--b\r\nContent-Disposition: form-data; name=\"notes\"\r\n\r\n" + "n".repeat(50_000)
                + "\r\n--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nFILE\r\n--b--");
        MultipartReader reader = new MultipartReader(new Chunks(body, new SplittableRandom(4), 999), "b", HEADERS);
        assertEquals("notes", reader.next().orElseThrow().name());
        MultipartReader.Part file = reader.next().orElseThrow();
        assertEquals("FILE", new String(file.body().readAllBytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void dispositionParametersAreReadQuotedOrNot() {
        String value = "form-data; name=file; filename=\"a \\\"b\\\"; c.bin\"; size=3";
        assertEquals("file", MultipartReader.parameter(value, "name"));
        assertEquals("a \"b\"; c.bin", MultipartReader.parameter(value, "filename"));
        assertEquals("3", MultipartReader.parameter(value, "SIZE"));
        assertEquals(null, MultipartReader.parameter(value, "creation-date"));
        assertEquals("x7f", MultipartReader.parameter("multipart/form-data; boundary=\"x7f\"", "boundary"));
    }
}
