/**
 * Artifact storage on a filesystem: streaming, crash-safe writes, ranged reads, soft delete.
 */
package io.voyagerota.storage.fs;
