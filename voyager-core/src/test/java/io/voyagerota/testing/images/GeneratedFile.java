package io.voyagerota.testing.images;

import io.voyagerota.support.DigestingCopier;
import io.voyagerota.support.Hex;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A file the test builders make, described as a list of regions rather than held in memory, so that a 64 MiB image
 * streams through an inspector without ever existing as one array. Reading is random access and deterministic.
 * Immutable: {@link #truncatedAt}, {@link #withByte} and {@link #append} return new files.
 */
public final class GeneratedFile {
    /** A stretch of the file, readable at any position. */
    interface Region {
        long length();

        void read(long at, byte[] b, int off, int len);
    }

    private final List<Region> regions;
    private final long[] starts;
    private final long size;
    private final Map<Long, Byte> patches;

    private GeneratedFile(List<Region> regions, long size, Map<Long, Byte> patches) {
        this.regions = List.copyOf(regions);
        this.starts = new long[regions.size()];
        long at = 0;
        for (int i = 0; i < regions.size(); i++) {
            starts[i] = at;
            at += regions.get(i).length();
        }
        this.size = Math.min(size, at);
        this.patches = new TreeMap<>(patches);
    }

    static GeneratedFile of(List<Region> regions) {
        return new GeneratedFile(regions, Long.MAX_VALUE, Map.of());
    }

    /** A file holding exactly these bytes. */
    public static GeneratedFile ofBytes(byte[] bytes) {
        return of(List.of(bytes(bytes)));
    }

    static Region bytes(byte[] data) {
        byte[] copy = data.clone();
        return new Region() {
            public long length() {
                return copy.length;
            }

            public void read(long at, byte[] b, int off, int len) {
                System.arraycopy(copy, (int) at, b, off, len);
            }
        };
    }

    static Region fill(int value, long length) {
        return new Region() {
            public long length() {
                return length;
            }

            public void read(long at, byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) value);
            }
        };
    }

    /** Deterministic noise: byte {@code p} is byte {@code p % 8} of SplitMix64's output for {@code seed + p / 8}. */
    static Region pseudo(long seed, long length) {
        return new Region() {
            public long length() {
                return length;
            }

            public void read(long at, byte[] b, int off, int len) {
                long word = mix(seed + (at >>> 3));
                for (int i = 0; i < len; i++) {
                    long p = at + i;
                    if ((p & 7) == 0) {
                        word = mix(seed + (p >>> 3));
                    }
                    b[off + i] = (byte) (word >>> ((p & 7) << 3));
                }
            }
        };
    }

    static Region of(GeneratedFile file) {
        return new Region() {
            public long length() {
                return file.size;
            }

            public void read(long at, byte[] b, int off, int len) {
                file.read(at, b, off, len);
            }
        };
    }

    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long size() {
        return size;
    }

    /** Copies {@code len} bytes from position {@code at}. */
    public void read(long at, byte[] b, int off, int len) {
        if (at < 0 || len < 0 || at + len > size) {
            throw new IndexOutOfBoundsException("read of " + len + " bytes at " + at + " in a file of " + size);
        }
        int done = 0;
        int index = Arrays.binarySearch(starts, at);
        if (index < 0) {
            index = -index - 2; // the last region starting before at
        }
        while (done < len) {
            while (at + done >= starts[index] + regions.get(index).length()) {
                index++;
            }
            long within = at + done - starts[index];
            int n = (int) Math.min(len - done, regions.get(index).length() - within);
            regions.get(index).read(within, b, off + done, n);
            done += n;
        }
        for (Map.Entry<Long, Byte> patch : ((TreeMap<Long, Byte>) patches).subMap(at, at + len).entrySet()) {
            b[off + (int) (patch.getKey() - at)] = patch.getValue();
        }
    }

    /** The byte at {@code at}, 0 to 255. */
    public int byteAt(long at) {
        byte[] one = new byte[1];
        read(at, one, 0, 1);
        return one[0] & 0xff;
    }

    /** A stream of the whole file, generated as it is read. */
    public InputStream open() {
        return new InputStream() {
            private long pos;

            @Override
            public int read() {
                return pos < size ? byteAt(pos++) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (pos >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - pos);
                GeneratedFile.this.read(pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    /** The whole file in memory; only for files small enough to hold. */
    public byte[] bytes() {
        if (size > 64L << 20) {
            throw new IllegalStateException("a " + size + "-byte file is meant to be streamed, not held");
        }
        byte[] all = new byte[(int) size];
        read(0, all, 0, all.length);
        return all;
    }

    /** The SHA-256 of the first {@code length} bytes, lowercase hex. */
    public byte[] sha256(long length) {
        MessageDigest sha = DigestingCopier.sha256();
        byte[] buffer = new byte[64 * 1024];
        for (long at = 0; at < length; at += buffer.length) {
            int n = (int) Math.min(buffer.length, length - at);
            read(at, buffer, 0, n);
            sha.update(buffer, 0, n);
        }
        return sha.digest();
    }

    /** The SHA-256 of the whole file, lowercase hex. */
    public String sha256() {
        return Hex.encode(sha256(size));
    }

    /** The first {@code length} bytes only. */
    public GeneratedFile truncatedAt(long length) {
        return new GeneratedFile(regions, Math.min(length, size), patches);
    }

    /** The same file with the byte at {@code at} replaced. */
    public GeneratedFile withByte(long at, int value) {
        Map<Long, Byte> changed = new TreeMap<>(patches);
        changed.put(at, (byte) value);
        return new GeneratedFile(regions, size, changed);
    }

    /** This file followed by {@code more}. */
    public GeneratedFile append(byte[] more) {
        List<Region> all = new ArrayList<>();
        all.add(of(this));
        all.add(bytes(more));
        return of(all);
    }

    /** Concatenates regions built by the test builders, for small helper files. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
