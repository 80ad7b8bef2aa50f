package io.voyagerota.server.cli;

import picocli.CommandLine;

/** The {@code voyager} command line. Exit codes: 0 success or valid, 1 invalid or failed, 2 usage error. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code; for tests and embedding. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VoyagerCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // A Voyager error already says what to fix; anything else is a bug worth a short line, not a trace.
            cmd.getErr().println("voyager: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCodes.FAILED;
        });
        return cli;
    }
}
