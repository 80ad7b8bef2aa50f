package io.voyagerota.server.cli;

import io.voyagerota.InvalidInputException;
import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.server.internal.JsonNode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/** What every command that talks to a running server takes: where it is, the admin token, and the output form. */
final class ClientOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", description = "The server (default: VOYAGER_SERVER, else "
            + AdminClient.DEFAULT_SERVER + "); a URL with a path, such as https://ota.example.com/ota/v1, names the"
            + " API's base path, otherwise it is /v1.")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The admin token (default: VOYAGER_TOKEN, which keeps it out of the process list).")
    String token;

    @Option(names = "--json", description = "Print the server's JSON answer instead of text.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private AdminClient client;

    AdminClient client() {
        if (client == null) {
            Map<String, String> env = VoyagerCommand.env(spec);
            String url = firstSet(server, env.get("VOYAGER_SERVER")).orElse(AdminClient.DEFAULT_SERVER);
            try {
                client = new AdminClient(url, firstSet(token, env.get("VOYAGER_TOKEN")));
            } catch (InvalidInputException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return client;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints an answer: as the server sent it with {@code --json}, otherwise through {@code human}. */
    int print(AdminClient.Answer answer, BiConsumer<PrintWriter, JsonNode> human) {
        if (json) {
            out().println(answer.body().strip());
        } else {
            human.accept(out(), answer.json());
        }
        out().flush();
        return ExitCodes.OK;
    }

    private static Optional<String> firstSet(String flag, String env) {
        if (flag != null && !flag.isBlank()) {
            return Optional.of(flag);
        }
        return env == null || env.isBlank() ? Optional.empty() : Optional.of(env);
    }
}
