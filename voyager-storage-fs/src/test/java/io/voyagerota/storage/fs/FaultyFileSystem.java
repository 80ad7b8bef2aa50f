package io.voyagerota.storage.fs;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * A file system that passes everything to another one (Jimfs in these tests) and lets a test make the disk fail or
 * stall: run out of space, fail to fsync, fail a rename, block writes to some files. It also records where reads
 * happen. Faults apply to every instance's operations, so set them after building what should work.
 */
final class FaultyFileSystem extends FileSystem {
    /** Bytes that may still be written before writes fail as on a full disk. */
    final AtomicLong writeBudget = new AtomicLong(Long.MAX_VALUE);
    volatile boolean failForce;
    volatile BiPredicate<Path, Path> failMove = (source, target) -> false;
    volatile Predicate<Path> failDelete = path -> false;
    /** Writes to files matching this block until {@link #release} opens; {@link #stalled} counts down first. */
    volatile Predicate<Path> stallWrites = path -> false;
    final CountDownLatch stalled = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    /** Every read as {path, position}, positions of positional and plain reads alike. */
    final Queue<Object[]> reads = new ConcurrentLinkedQueue<>();

    private final FileSystem delegate;
    private final Provider provider = new Provider();

    FaultyFileSystem(FileSystem delegate) {
        this.delegate = delegate;
    }

    Path wrap(Path path) {
        return path == null ? null : new FaultyPath(path);
    }

    private static Path unwrap(Path path) {
        return path instanceof FaultyPath faulty ? faulty.delegate : path;
    }

    @Override public FileSystemProvider provider() { return provider; }
    @Override public void close() throws IOException { delegate.close(); }
    @Override public boolean isOpen() { return delegate.isOpen(); }
    @Override public boolean isReadOnly() { return delegate.isReadOnly(); }
    @Override public String getSeparator() { return delegate.getSeparator(); }
    @Override public Iterable<Path> getRootDirectories() { return () -> wrapAll(delegate.getRootDirectories().iterator()); }
    @Override public Iterable<FileStore> getFileStores() { return delegate.getFileStores(); }
    @Override public Set<String> supportedFileAttributeViews() { return delegate.supportedFileAttributeViews(); }
    @Override public Path getPath(String first, String... more) { return wrap(delegate.getPath(first, more)); }
    @Override public PathMatcher getPathMatcher(String syntax) {
        PathMatcher matcher = delegate.getPathMatcher(syntax);
        return path -> matcher.matches(unwrap(path));
    }
    @Override public UserPrincipalLookupService getUserPrincipalLookupService() {
        return delegate.getUserPrincipalLookupService();
    }
    @Override public WatchService newWatchService() { throw new UnsupportedOperationException(); }

    private Iterator<Path> wrapAll(Iterator<Path> paths) {
        return new Iterator<>() {
            @Override public boolean hasNext() { return paths.hasNext(); }
            @Override public Path next() { return wrap(paths.next()); }
        };
    }

    private final class FaultyPath implements Path {
        private final Path delegate;

        FaultyPath(Path delegate) {
            this.delegate = delegate;
        }

        @Override public FileSystem getFileSystem() { return FaultyFileSystem.this; }
        @Override public boolean isAbsolute() { return delegate.isAbsolute(); }
        @Override public Path getRoot() { return wrap(delegate.getRoot()); }
        @Override public Path getFileName() { return wrap(delegate.getFileName()); }
        @Override public Path getParent() { return wrap(delegate.getParent()); }
        @Override public int getNameCount() { return delegate.getNameCount(); }
        @Override public Path getName(int index) { return wrap(delegate.getName(index)); }
        @Override public Path subpath(int begin, int end) { return wrap(delegate.subpath(begin, end)); }
        @Override public boolean startsWith(Path other) { return delegate.startsWith(unwrap(other)); }
        @Override public boolean endsWith(Path other) { return delegate.endsWith(unwrap(other)); }
        @Override public Path normalize() { return wrap(delegate.normalize()); }
        @Override public Path resolve(Path other) { return wrap(delegate.resolve(unwrap(other))); }
        @Override public Path relativize(Path other) { return wrap(delegate.relativize(unwrap(other))); }
        @Override public URI toUri() { return delegate.toUri(); }
        @Override public Path toAbsolutePath() { return wrap(delegate.toAbsolutePath()); }
        @Override public Path toRealPath(LinkOption... options) throws IOException {
            return wrap(delegate.toRealPath(options));
        }
        @Override public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events,
                                           WatchEvent.Modifier... modifiers) {
            throw new UnsupportedOperationException();
        }
        @Override public int compareTo(Path other) { return delegate.compareTo(unwrap(other)); }
        @Override public boolean equals(Object other) {
            return other instanceof FaultyPath path && delegate.equals(path.delegate);
        }
        @Override public int hashCode() { return delegate.hashCode(); }
        @Override public String toString() { return delegate.toString(); }
    }

    private final class Provider extends FileSystemProvider {
        private FileSystemProvider inner() {
            return delegate.provider();
        }

        @Override public String getScheme() { return "faulty"; }
        @Override public FileSystem newFileSystem(URI uri, Map<String, ?> env) { throw new UnsupportedOperationException(); }
        @Override public FileSystem getFileSystem(URI uri) { return FaultyFileSystem.this; }
        @Override public Path getPath(URI uri) { return wrap(inner().getPath(uri)); }

        @Override
        public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            return new FaultyChannel(path, inner().newFileChannel(unwrap(path), options, attrs));
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
                                                  FileAttribute<?>... attrs) throws IOException {
            return newFileChannel(path, options, attrs);
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
                throws IOException {
            DirectoryStream<Path> inner = inner().newDirectoryStream(unwrap(dir), p -> filter.accept(wrap(p)));
            return new DirectoryStream<>() {
                @Override public Iterator<Path> iterator() { return wrapAll(inner.iterator()); }
                @Override public void close() throws IOException { inner.close(); }
            };
        }

        @Override public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
            inner().createDirectory(unwrap(dir), attrs);
        }
        @Override public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
            inner().createSymbolicLink(unwrap(link), unwrap(target), attrs);
        }
        @Override public void createLink(Path link, Path existing) throws IOException {
            inner().createLink(unwrap(link), unwrap(existing));
        }
        @Override public Path readSymbolicLink(Path link) throws IOException {
            return wrap(inner().readSymbolicLink(unwrap(link)));
        }
        @Override public void delete(Path path) throws IOException {
            if (failDelete.test(path)) {
                throw new IOException("injected: could not delete " + path);
            }
            inner().delete(unwrap(path));
        }
        @Override public void copy(Path source, Path target, CopyOption... options) throws IOException {
            inner().copy(unwrap(source), unwrap(target), options);
        }
        @Override public void move(Path source, Path target, CopyOption... options) throws IOException {
            if (failMove.test(source, target)) {
                throw new IOException("injected: rename of " + source + " to " + target + " failed");
            }
            inner().move(unwrap(source), unwrap(target), options);
        }
        @Override public boolean isSameFile(Path a, Path b) throws IOException {
            return inner().isSameFile(unwrap(a), unwrap(b));
        }
        @Override public boolean isHidden(Path path) throws IOException { return inner().isHidden(unwrap(path)); }
        @Override public FileStore getFileStore(Path path) throws IOException {
            return inner().getFileStore(unwrap(path));
        }
        @Override public void checkAccess(Path path, AccessMode... modes) throws IOException {
            inner().checkAccess(unwrap(path), modes);
        }
        @Override public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type,
                                                                              LinkOption... options) {
            return inner().getFileAttributeView(unwrap(path), type, options);
        }
        @Override public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type,
                                                                          LinkOption... options) throws IOException {
            return inner().readAttributes(unwrap(path), type, options);
        }
        @Override public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
                throws IOException {
            return inner().readAttributes(unwrap(path), attributes, options);
        }
        @Override public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
                throws IOException {
            inner().setAttribute(unwrap(path), attribute, value, options);
        }
    }

    private final class FaultyChannel extends FileChannel {
        private final Path path;
        private final FileChannel inner;

        FaultyChannel(Path path, FileChannel inner) {
            this.path = path;
            this.inner = inner;
        }

        private void beforeWrite(int bytes) throws IOException {
            if (stallWrites.test(path)) {
                stalled.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("injected stall on " + path + " was never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            if (writeBudget.addAndGet(-bytes) < 0) {
                throw new IOException("injected: No space left on device writing " + path);
            }
        }

        @Override public int read(ByteBuffer dst) throws IOException {
            reads.add(new Object[] {path, inner.position()});
            return inner.read(dst);
        }
        @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            reads.add(new Object[] {path, inner.position()});
            return inner.read(dsts, offset, length);
        }
        @Override public int read(ByteBuffer dst, long position) throws IOException {
            reads.add(new Object[] {path, position});
            return inner.read(dst, position);
        }
        @Override public int write(ByteBuffer src) throws IOException {
            beforeWrite(src.remaining());
            return inner.write(src);
        }
        @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                total += srcs[i].remaining();
            }
            beforeWrite((int) total);
            return inner.write(srcs, offset, length);
        }
        @Override public int write(ByteBuffer src, long position) throws IOException {
            beforeWrite(src.remaining());
            return inner.write(src, position);
        }
        @Override public long position() throws IOException { return inner.position(); }
        @Override public FileChannel position(long newPosition) throws IOException {
            inner.position(newPosition);
            return this;
        }
        @Override public long size() throws IOException { return inner.size(); }
        @Override public FileChannel truncate(long size) throws IOException {
            inner.truncate(size);
            return this;
        }
        @Override public void force(boolean metaData) throws IOException {
            if (failForce) {
                throw new IOException("injected: fsync of " + path + " failed (I/O error)");
            }
            inner.force(metaData);
        }
        @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            reads.add(new Object[] {path, position});
            return inner.transferTo(position, count, target);
        }
        @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return inner.transferFrom(src, position, count);
        }
        @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return inner.map(mode, position, size);
        }
        @Override public FileLock lock(long position, long size, boolean shared) throws IOException {
            return inner.lock(position, size, shared);
        }
        @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return inner.tryLock(position, size, shared);
        }
        @Override protected void implCloseChannel() throws IOException {
            inner.close();
        }
    }
}
