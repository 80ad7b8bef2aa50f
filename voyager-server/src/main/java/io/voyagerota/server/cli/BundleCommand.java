package io.voyagerota.server.cli;

import io.voyagerota.artifact.ArtifactReport;
import io.voyagerota.artifact.bundle.BundleWriter;
import io.voyagerota.catalog.ArtifactKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/** {@code voyager bundle pack|inspect}: universal firmware+UI bundles. */
@Command(name = "bundle", description = "Universal firmware+UI bundles (BNDL).", mixinStandardHelpOptions = true,
        subcommands = {BundleCommand.Pack.class, BundleCommand.Inspect.class})
final class BundleCommand {

    @Command(name = "pack", mixinStandardHelpOptions = true,
            description = "Pack an app image and a LittleFS image into one bundle; refuses parts of the wrong kind.")
    static final class Pack implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--firmware", required = true, description = "The ESP32 app image.")
        Path firmware;

        @Option(names = "--ui", required = true, description = "The LittleFS image of the web UI.")
        Path ui;

        @Option(names = {"-o", "--out"}, required = true, description = "The bundle to write.")
        Path out;

        @Override
        public Integer call() throws IOException {
            // Written beside the target and renamed, so a failed pack never leaves a half bundle behind.
            Path temp = Files.createTempFile(out.toAbsolutePath().getParent(), ".bundle-", ".tmp");
            try {
                long written;
                try (OutputStream os = Files.newOutputStream(temp)) {
                    written = BundleWriter.write(os, firmware, ui);
                }
                Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                spec.commandLine().getOut().printf("wrote %s (%d bytes: firmware %d + ui %d)%n", out, written,
                        Files.size(firmware), Files.size(ui));
                return ExitCodes.OK;
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Check a bundle: both parts valid and of the right kind, sizes adding up. "
                    + "Exit 0 when valid, 1 when not.")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The bundle file.")
        Path file;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            ArtifactReport report = Inspection.of(file);
            ReportPrinter.print(spec.commandLine().getOut(), file.toString(), report, json);
            boolean isBundle = report.kind().filter(k -> k == ArtifactKind.BUNDLE).isPresent();
            if (report.accepted() && !isBundle) {
                spec.commandLine().getErr().println(file + " is a valid app image but not a bundle;"
                        + " use voyager bundle pack to make one");
            }
            return report.accepted() && isBundle ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
