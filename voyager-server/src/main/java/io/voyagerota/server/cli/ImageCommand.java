package io.voyagerota.server.cli;

import io.voyagerota.artifact.ArtifactReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code voyager image inspect FILE}: what an image is and whether it is valid firmware. */
@Command(name = "image", description = "Firmware images.", subcommands = ImageCommand.Inspect.class,
        mixinStandardHelpOptions = true)
final class ImageCommand {

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Show an ESP32 app image's (or bundle's) header, descriptor and every check. "
                    + "Exit 0 when valid, 1 when not, 2 on a usage error.")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "The .bin file (ESP-IDF build/<project>.bin or an Arduino export).")
        Path file;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            ArtifactReport report = Inspection.of(file);
            ReportPrinter.print(spec.commandLine().getOut(), file.toString(), report, json);
            return report.accepted() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }
}
