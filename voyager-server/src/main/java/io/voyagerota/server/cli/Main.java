package io.voyagerota.server.cli;

import io.voyagerota.server.ConfigException;
import picocli.CommandLine;

import java.util.Map;

/**
 * The {@code voyager} command line. Exit codes: 0 success or valid, 1 invalid or failed, 2 usage or configuration
 * error.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; for tests and embedding. */
    public static int run(String... args) {
        return commandLine(System.getenv()).execute(args);
    }

    static CommandLine commandLine(Map<String, String> env) {
        CommandLine cli = new CommandLine(new VoyagerCommand(env));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // A Voyager error already says what to fix; anything else is a bug worth a short line, not a trace.
            cmd.getErr().println("voyager: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof ConfigException ? ExitCodes.USAGE : ExitCodes.FAILED;
        });
        return cli;
    }
}
