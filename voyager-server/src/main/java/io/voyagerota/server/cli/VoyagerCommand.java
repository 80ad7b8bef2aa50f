package io.voyagerota.server.cli;

import picocli.CommandLine.Command;

/** The top-level {@code voyager} command. */
@Command(name = "voyager", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Voyager OTA: firmware update server and tools.",
        subcommands = {})
final class VoyagerCommand {
}
