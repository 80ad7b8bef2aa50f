package io.voyagerota.storage.s3;

import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.testkit.ArtifactStorageCompatibilityKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The artifact storage kit on S3Proxy: with create-only writes done by the store ({@code If-None-Match: *}, AWS's
 * default checksums, a prefix), and with the fallback for stores without conditional writes (checks under a lock,
 * checksums only when required, the bucket's top level).
 */
class S3ArtifactStorageCompatibilityTest {

    @Nested
    class WithConditionalWrites extends ArtifactStorageCompatibilityKit {
        private S3ArtifactStorage s3;

        @Override
        protected ArtifactStorage newStorage() throws Exception {
            s3 = S3ProxyServer.shared().storage(S3ProxyServer.shared().config().prefix("voyager/prod").build());
            return s3;
        }

        @AfterEach
        void close() {
            s3.close();
        }
    }

    @Nested
    class WithoutConditionalWrites extends ArtifactStorageCompatibilityKit {
        private S3ArtifactStorage s3;

        @Override
        protected ArtifactStorage newStorage() throws Exception {
            s3 = S3ProxyServer.shared().storage(S3ProxyServer.shared().config()
                    .conditionalWrites(false)
                    .checksumMode(S3StorageConfig.ChecksumMode.WHEN_REQUIRED)
                    .build());
            return s3;
        }

        @AfterEach
        void close() {
            s3.close();
        }
    }
}
