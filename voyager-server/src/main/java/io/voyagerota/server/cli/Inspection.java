package io.voyagerota.server.cli;

import io.voyagerota.artifact.ArtifactInspector;
import io.voyagerota.artifact.ArtifactReport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Streams a file through the inspector with a progress bar. */
final class Inspection {
    private Inspection() {
    }

    static ArtifactReport of(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new io.voyagerota.VoyagerException("file-missing", file + " does not exist or is not a file");
        }
        long size = Files.size(file);
        ArtifactInspector inspector = new ArtifactInspector(Math.max(size, 1));
        byte[] buffer = new byte[ArtifactInspector.BUFFER];
        try (ProgressBar bar = ProgressBar.forTerminal("inspecting", size);
             InputStream in = new ProgressInputStream(Files.newInputStream(file), bar)) {
            int n;
            while ((n = in.read(buffer)) != -1 && !inspector.rejected()) {
                inspector.update(buffer, 0, n);
            }
        }
        return inspector.finish();
    }
}
