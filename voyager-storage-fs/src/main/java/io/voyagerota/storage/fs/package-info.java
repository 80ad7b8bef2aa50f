/**
 * Artifact storage on a filesystem: streaming, crash-safe writes, ranged and zero-copy reads, soft delete
 * ({@link io.voyagerota.storage.fs.FileSystemArtifactStorage}), and the {@code releases/} and {@code production/}
 * tree operators browse ({@link io.voyagerota.storage.fs.FileSystemReleaseView}).
 */
@NullMarked
package io.voyagerota.storage.fs;

import org.jspecify.annotations.NullMarked;
