package io.voyagerota.jdbc;

import io.voyagerota.Voyager;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.storage.fs.FileSystemArtifactStorage;
import io.voyagerota.testing.ForwardingArtifactStorage;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The node {@link SideEffectCrashTest} kills: a Voyager on a PostgreSQL database and a filesystem storage whose
 * delete stops for good before or after it moves the artifact, saying {@code stopped <point>} on stdout, while its
 * outbox relay delivers the artifact.delete event.
 *
 * <p>Arguments: JDBC URL, user, storage root, crash point ({@link SideEffectCrashTest.CrashPoint}).
 */
public final class SideEffectCrashChild {
    private SideEffectCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(args[0]);
        dataSource.setUser(args[1]);
        boolean before = SideEffectCrashTest.CrashPoint.valueOf(args[3])
                == SideEffectCrashTest.CrashPoint.BEFORE_THE_SIDE_EFFECT;
        ArtifactStorage storage = new Stopping(FileSystemArtifactStorage.builder(Path.of(args[2])).build(), before,
                args[3]);
        Voyager voyager = Voyager.builder()
                .registry(JdbcRegistry.builder(dataSource).dialect(Dialect.POSTGRESQL).build())
                .artifactStorage(storage).build();
        voyager.relayOutbox();
        System.out.println("the relay finished, which it must not");
    }

    /** A real storage whose delete stops, before or after it does its work, until the process is killed. */
    private static final class Stopping extends ForwardingArtifactStorage {
        private final boolean before;
        private final String point;

        Stopping(ArtifactStorage delegate, boolean before, String point) {
            super(delegate);
            this.before = before;
            this.point = point;
        }

        @Override
        public boolean delete(ArtifactKey key) throws IOException {
            if (before) {
                stop();
            }
            delegate.delete(key);
            stop();
            return true;
        }

        private void stop() {
            System.out.println("stopped " + point);
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("interrupted while stopped");
        }
    }
}
