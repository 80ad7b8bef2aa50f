package io.voyagerota.server.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the command line in-process and captures what it printed. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        return withEnv(Map.of(), args);
    }

    /** Runs with {@code env} as the environment (VOYAGER_SERVER, VOYAGER_TOKEN, VOYAGER_PORT, …). */
    static CliRun withEnv(Map<String, String> env, String... args) {
        CommandLine cli = Main.commandLine(env);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
