package io.voyagerota.signing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The little of ASN.1 DER that keys and ECDSA signatures need: single-byte tags, definite minimal lengths, and
 * nothing left over. Strict on purpose: every encoding it accepts is the one encoding DER allows, so a value parsed
 * here and written back is byte-for-byte what was read (openssl relies on the same property for signatures).
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    static final int CONTEXT_0 = 0xA0;
    static final int CONTEXT_1 = 0xA1;

    private Der() {
    }

    /** A DER encoding is malformed or not what was expected; callers wrap it in their own typed exception. */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    /** One tag-length-value element read from the input. */
    record Element(int tag, byte[] content) {
        Reader reader() {
            return new Reader(content);
        }
    }

    /** Reads consecutive elements from a byte range, in order. */
    static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean hasMore() {
            return position < bytes.length;
        }

        /** The tag of the next element, or -1 at the end. */
        int peekTag() {
            return hasMore() ? bytes[position] & 0xff : -1;
        }

        Element read() throws MalformedException {
            if (!hasMore()) {
                throw new MalformedException("it ends where another element was expected");
            }
            int tag = bytes[position++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                throw new MalformedException("it uses a multi-byte tag, which no key or signature has");
            }
            int length = readLength();
            if (length > bytes.length - position) {
                throw new MalformedException("an element claims " + length + " bytes but only "
                        + (bytes.length - position) + " follow (truncated?)");
            }
            byte[] content = Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return new Element(tag, content);
        }

        /** The next element's content, which must carry {@code tag}; {@code what} names it in the message. */
        byte[] read(int tag, String what) throws MalformedException {
            if (peekTag() != tag) {
                throw new MalformedException("expected " + what + " (tag 0x" + Integer.toHexString(tag) + ") but found "
                        + (hasMore() ? "tag 0x" + Integer.toHexString(peekTag()) : "the end"));
            }
            return read().content();
        }

        Reader sequence(String what) throws MalformedException {
            return new Reader(read(SEQUENCE, what));
        }

        /** A non-negative INTEGER in its minimal two's complement form. */
        BigInteger nonNegativeInteger(String what) throws MalformedException {
            byte[] content = read(INTEGER, what);
            if (content.length == 0) {
                throw new MalformedException(what + " is an empty INTEGER");
            }
            if (content.length > 1 && (content[0] == 0 && content[1] >= 0
                    || content[0] == (byte) 0xff && content[1] < 0)) {
                throw new MalformedException(what + " is an INTEGER with a redundant leading byte (not DER)");
            }
            if (content[0] < 0) {
                throw new MalformedException(what + " is negative");
            }
            return new BigInteger(content);
        }

        /** A BIT STRING with no unused bits, as keys use; its bytes. */
        byte[] bitStringBytes(String what) throws MalformedException {
            byte[] content = read(BIT_STRING, what);
            if (content.length == 0 || content[0] != 0) {
                throw new MalformedException(what + " is not a whole number of bytes");
            }
            return Arrays.copyOfRange(content, 1, content.length);
        }

        String oid(String what) throws MalformedException {
            return decodeOid(read(OID, what), what);
        }

        void end(String what) throws MalformedException {
            if (hasMore()) {
                int extra = bytes.length - position;
                throw new MalformedException(extra + (extra == 1 ? " unexpected byte follows " : " unexpected bytes"
                        + " follow ") + what);
            }
        }

        private int readLength() throws MalformedException {
            if (!hasMore()) {
                throw new MalformedException("it ends inside an element header");
            }
            int first = bytes[position++] & 0xff;
            if (first < 0x80) {
                return first;
            }
            int count = first & 0x7f;
            if (count == 0) {
                throw new MalformedException("it uses an indefinite length, which DER forbids");
            }
            if (count > 3) {
                throw new MalformedException("an element length takes " + count + " bytes; nothing here is that large");
            }
            if (count > bytes.length - position) {
                throw new MalformedException("it ends inside an element length");
            }
            int length = 0;
            for (int i = 0; i < count; i++) {
                length = length << 8 | bytes[position++] & 0xff;
            }
            // DER: the shortest form only, so 0x81 0x05 or 0x82 0x00 0x90 are rejected.
            if (length < 0x80 || length < 1 << 8 * (count - 1)) {
                throw new MalformedException("an element length is not in its shortest form (not DER)");
            }
            return length;
        }
    }

    static String decodeOid(byte[] content, String what) throws MalformedException {
        if (content.length == 0 || (content[content.length - 1] & 0x80) != 0) {
            throw new MalformedException(what + " is not a complete OBJECT IDENTIFIER");
        }
        StringBuilder out = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (int i = 0; i < content.length; i++) {
            int b = content[i] & 0xff;
            if (value == 0 && b == 0x80) {
                throw new MalformedException(what + " has a padded arc (not DER)");
            }
            value = value << 7 | (b & 0x7f);
            if (value > Integer.MAX_VALUE) {
                throw new MalformedException(what + " has an arc too large for any known algorithm");
            }
            if ((b & 0x80) == 0) {
                if (first) {
                    int top = value < 40 ? 0 : value < 80 ? 1 : 2;
                    out.append(top).append('.').append(value - 40L * top);
                    first = false;
                } else {
                    out.append('.').append(value);
                }
                value = 0;
            }
        }
        return out.toString();
    }

    // ---- writing ----

    static byte[] element(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        }
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
        return element(SEQUENCE, parts);
    }

    /** An INTEGER; {@link BigInteger#toByteArray()} is already the minimal two's complement DER requires. */
    static byte[] integer(BigInteger value) {
        return element(INTEGER, value.toByteArray());
    }

    static byte[] octetString(byte[] value) {
        return element(OCTET_STRING, value);
    }

    static byte[] bitString(byte[] value) {
        return element(BIT_STRING, new byte[] {0}, value);
    }

    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeArc(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeArc(out, Long.parseLong(arcs[i]));
        }
        return element(OID, out.toByteArray());
    }

    private static void writeArc(ByteArrayOutputStream out, long arc) {
        int groups = 1;
        while (arc >>> 7 * groups != 0) {
            groups++;
        }
        for (int g = groups - 1; g >= 0; g--) {
            int b = (int) (arc >>> 7 * g) & 0x7f;
            out.write(g == 0 ? b : b | 0x80);
        }
    }
}
