package io.voyagerota.storage.fs;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.testkit.ArtifactStorageCompatibilityKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;

/** The artifact storage kit on Jimfs configured as Unix and as Windows, and on the real disk. */
class FileSystemArtifactStorageCompatibilityTest {

    @Nested
    class OnJimfsUnix extends ArtifactStorageCompatibilityKit {
        private FileSystem fs;

        @Override
        protected ArtifactStorage newStorage() throws IOException {
            fs = Jimfs.newFileSystem(Configuration.unix());
            return FileSystemArtifactStorage.builder(fs.getPath("/srv/voyager/artifacts")).build();
        }

        @AfterEach
        void close() throws IOException {
            fs.close();
        }
    }

    @Nested
    class OnJimfsWindows extends ArtifactStorageCompatibilityKit {
        private FileSystem fs;

        @Override
        protected ArtifactStorage newStorage() throws IOException {
            fs = Jimfs.newFileSystem(Configuration.windows());
            return FileSystemArtifactStorage.builder(fs.getPath("C:\\voyager\\artifacts")).build();
        }

        @AfterEach
        void close() throws IOException {
            fs.close();
        }
    }

    @Nested
    class OnDisk extends ArtifactStorageCompatibilityKit {
        @TempDir
        Path dir;

        @Override
        protected ArtifactStorage newStorage() throws IOException {
            return FileSystemArtifactStorage.builder(dir.resolve("artifacts")).build();
        }
    }
}
