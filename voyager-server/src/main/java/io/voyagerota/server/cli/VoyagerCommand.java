package io.voyagerota.server.cli;

import picocli.CommandLine.Command;

/** The top-level {@code voyager} command. */
@Command(name = "voyager", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Voyager OTA: firmware update server and tools.",
        subcommands = {ImageCommand.class, BundleCommand.class, KeysCommand.class, SignCommand.class,
                VerifyCommand.class})
final class VoyagerCommand {
}
