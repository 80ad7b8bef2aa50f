package io.voyagerota.transport.http.internal.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code multipart/form-data} (RFC 7578, RFC 2046 §5.1) as a stream, part after part, through one fixed buffer:
 * each part's body is an {@link InputStream} that ends where its boundary begins, so a part of any size passes
 * through without being held in memory. Part headers are bounded. Every malformation is a
 * {@link MultipartException} saying what is wrong.
 *
 * <p>A part marked {@linkplain #requireLast() last} reports its end only once the closing boundary
 * ({@code --boundary--}) has been read after it: a body cut short, or another part after it, fails the last read
 * instead, so a consumer that stores the part keeps nothing of a malformed upload.
 */
final class MultipartReader {
    /** One part: its form field name, its file name and media type when given, and its body. */
    record Part(String name, Optional<String> filename, Optional<String> contentType, InputStream body) {
    }

    private enum State { PREAMBLE, BETWEEN, BODY, DONE }

    private static final int MIN_BUFFER = 16 * 1024;
    private static final int MAX_PADDING = 64;

    private final InputStream in;
    private final byte[] delimiter;
    private final String boundary;
    private final int maxHeaderBytes;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private State state = State.PREAMBLE;
    private PartBody current;

    /**
     * @param boundary       the boundary from the Content-Type, 1 to 70 characters
     * @param maxHeaderBytes the most bytes of headers one part may have (also the most preamble skipped)
     */
    MultipartReader(InputStream in, String boundary, int maxHeaderBytes) {
        this.in = in;
        this.boundary = boundary;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.maxHeaderBytes = maxHeaderBytes;
        this.buf = new byte[Math.max(MIN_BUFFER, 2 * (maxHeaderBytes + delimiter.length))];
        // The first boundary may open the body without the CRLF that precedes every other one: supply it.
        buf[0] = '\r';
        buf[1] = '\n';
        limit = 2;
    }

    /** The next part, its headers read; the rest of the previous part is skipped. Empty after the last one. */
    Optional<Part> next() throws IOException {
        if (state == State.BODY) {
            current.skipRest();
        }
        if (state == State.PREAMBLE) {
            skipPreamble();
        }
        if (state == State.DONE || closes()) {
            state = State.DONE;
            return Optional.empty();
        }
        return Optional.of(headers());
    }

    /** Marks the current part as the last: its body ends only once the closing boundary follows it. */
    void requireLast() {
        if (state != State.BODY) {
            throw new IllegalStateException("no part is being read");
        }
        current.last = true;
    }

    /** Skips what comes before the first boundary: a preamble of at most {@code maxHeaderBytes}, usually none. */
    private void skipPreamble() throws IOException {
        long skipped = -2; // the CRLF supplied in front is not the sender's
        while (true) {
            fill(delimiter.length);
            int at = indexOf(pos, limit);
            int skip = at >= 0 ? at - pos : limit - pos - (delimiter.length - 1);
            if (at < 0 && eof) {
                throw new MultipartException("the body never reaches the boundary '--" + boundary + "' its"
                        + " Content-Type names; send the parts each opened by that boundary");
            }
            skipped += Math.max(0, skip);
            if (skipped > maxHeaderBytes) {
                throw new MultipartException("the body does not start with the boundary '--" + boundary + "' its"
                        + " Content-Type names; start it with that boundary");
            }
            if (at >= 0) {
                pos = at + delimiter.length;
                state = State.BETWEEN;
                return;
            }
            pos += Math.max(0, skip);
        }
    }

    /** After a boundary: true for the closing one ({@code --}), false when a part's headers follow. */
    private boolean closes() throws IOException {
        fill(2);
        if (limit - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            pos += 2;
            return true;
        }
        for (int padding = 0; ; padding++) {
            fill(2);
            if (limit - pos >= 2 && buf[pos] == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                return false;
            }
            // RFC 2046 allows spaces and tabs between a boundary and its line break.
            if (padding < MAX_PADDING && limit > pos && (buf[pos] == ' ' || buf[pos] == '\t')) {
                pos++;
                continue;
            }
            break;
        }
        throw new MultipartException(limit == pos ? "the body ends right after a boundary; end it with the closing"
                + " boundary '--" + boundary + "--'" : "a boundary line must end with CRLF or, for the last one,"
                + " with '--'");
    }

    private Part headers() throws IOException {
        String name = null;
        String filename = null;
        String contentType = null;
        boolean disposition = false;
        int total = 0;
        int scanned = 0;
        while (true) {
            int end = -1;
            for (int i = pos + scanned; i + 1 < limit; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                scanned = Math.max(0, limit - pos - 1);
                if (total + scanned > maxHeaderBytes) {
                    throw tooLongHeaders();
                }
                if (eof) {
                    throw new MultipartException("the body ends inside the headers of a part");
                }
                fill(limit - pos + 1); // scanned counts from pos, so compaction does not change it
                continue;
            }
            int length = end - pos;
            total += length + 2;
            if (total > maxHeaderBytes) {
                throw tooLongHeaders();
            }
            String line = new String(buf, pos, length, StandardCharsets.UTF_8);
            pos = end + 2;
            scanned = 0;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MultipartException("a part header is not 'Name: value': '" + printable(line) + "'");
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition") && !disposition) {
                disposition = true;
                int semicolon = value.indexOf(';');
                String type = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
                if (!type.equalsIgnoreCase("form-data")) {
                    throw new MultipartException("a part's Content-Disposition is '" + printable(type)
                            + "' but must be 'form-data; name=\"…\"'");
                }
                name = parameter(value, "name");
                filename = parameter(value, "filename");
            } else if (header.equals("content-type")) {
                contentType = value;
            }
        }
        if (name == null || name.isEmpty()) {
            throw new MultipartException("a part has no name: give each part a header such as"
                    + " 'Content-Disposition: form-data; name=\"file\"; filename=\"firmware.bin\"'");
        }
        current = new PartBody(name);
        state = State.BODY;
        return new Part(name, Optional.ofNullable(filename), Optional.ofNullable(contentType), current);
    }

    private MultipartException tooLongHeaders() {
        return new MultipartException("the headers of a part are longer than " + maxHeaderBytes + " bytes; send"
                + " only Content-Disposition and Content-Type");
    }

    /** A parameter of a Content-Disposition value, quoted or not; null when absent. */
    static String parameter(String value, String wanted) {
        int i = value.indexOf(';');
        while (i >= 0 && i < value.length()) {
            int eq = value.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String key = value.substring(i + 1, eq).trim();
            int j = eq + 1;
            while (j < value.length() && value.charAt(j) == ' ') {
                j++;
            }
            StringBuilder text = new StringBuilder();
            if (j < value.length() && value.charAt(j) == '"') {
                for (j++; j < value.length() && value.charAt(j) != '"'; j++) {
                    char c = value.charAt(j);
                    if (c == '\\' && j + 1 < value.length()) {
                        c = value.charAt(++j);
                    }
                    text.append(c);
                }
                j = value.indexOf(';', j);
            } else {
                int end = value.indexOf(';', j);
                text.append(value, j, end < 0 ? value.length() : end);
                j = end;
            }
            if (key.equalsIgnoreCase(wanted)) {
                return text.toString().trim();
            }
            i = j;
        }
        return null;
    }

    /** Makes at least {@code need} bytes available from {@code pos}, unless the body ends first. */
    private void fill(int need) throws IOException {
        while (limit - pos < need && !eof) {
            if (buf.length - pos < need || limit == buf.length) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
    }

    /** Where the delimiter starts in {@code buf[from, to)}, or -1. */
    private int indexOf(int from, int to) {
        int last = to - delimiter.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (buf[i] != '\r') {
                continue;
            }
            for (int k = 1; k < delimiter.length; k++) {
                if (buf[i + k] != delimiter[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String printable(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }

    /** A part's body: the bytes up to the next delimiter. */
    private final class PartBody extends InputStream {
        private final String name;
        private boolean ended;
        private boolean last;
        private int safe; // bytes from pos known to lie before the delimiter

        PartBody(String name) {
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            if (safe == 0 && !more()) {
                return -1;
            }
            safe--;
            return buf[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (safe == 0 && !more()) {
                return -1;
            }
            int n = Math.min(len, safe);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            safe -= n;
            return n;
        }

        void skipRest() throws IOException {
            while (safe > 0 || more()) {
                pos += safe;
                safe = 0;
            }
        }

        /** Finds more of the body, or its end; false at the end. */
        private boolean more() throws IOException {
            if (ended) {
                return false;
            }
            fill(delimiter.length);
            int at = indexOf(pos, limit);
            if (at == pos) {
                pos += delimiter.length;
                ended = true;
                state = State.BETWEEN;
                if (last && !closes()) {
                    throw new MultipartException("part '" + name + "' must be the last part, but another part"
                            + " follows it; send 'signature' before 'file'");
                }
                if (last) {
                    state = State.DONE;
                }
                return false;
            }
            if (at > pos) {
                safe = at - pos;
                return true;
            }
            if (eof) {
                throw new MultipartException("the body ends inside part '" + name + "' without the closing boundary"
                        + " '--" + boundary + "--': the upload was cut short; send it again");
            }
            // The tail may be the start of a delimiter: keep it until more bytes tell.
            safe = limit - pos - (delimiter.length - 1);
            return true;
        }
    }
}
