package io.voyagerota.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Map;

/** The top-level {@code voyager} command; holds the environment its subcommands read. */
@Command(name = "voyager", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Voyager OTA: firmware update server and tools.",
        subcommands = {ServeCommand.class, ProductCommand.class, ReleaseCommand.class, RolloutCommand.class,
                DeviceCommand.class, ImageCommand.class, BundleCommand.class, KeysCommand.class, SignCommand.class,
                VerifyCommand.class, OutboxCommand.class})
final class VoyagerCommand {
    private final Map<String, String> env;

    VoyagerCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The environment, as given to the root command of {@code spec}. */
    static Map<String, String> env(CommandSpec spec) {
        return ((VoyagerCommand) spec.root().userObject()).env;
    }
}
