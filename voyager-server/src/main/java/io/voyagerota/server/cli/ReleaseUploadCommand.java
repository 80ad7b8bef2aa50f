package io.voyagerota.server.cli;

import io.voyagerota.VoyagerException;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.server.internal.JsonNode;
import io.voyagerota.signing.SigningKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code voyager release upload}: streams a firmware file to a draft, creating the draft first when the product has
 * no release of that version yet; optionally signs it on the way. Exit 1 when the server's validation fails.
 */
@Command(name = "upload", description = {"Upload a firmware image or bundle to a draft release, creating the"
        + " draft when the version is new. Streams the file with a progress bar on standard error.",
        "Exit 0 when the artifact passed validation, 1 when it did not or the server refused it, 2 on a usage"
        + " error."})
final class ReleaseUploadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Mixin
    DraftOptions draft;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .bin image or bundle.")
    Path file;

    @Option(names = "--product", paramLabel = "PRODUCT", description = "The product (with --version).")
    String product;

    @Option(names = "--version", paramLabel = "VERSION", description = "The release's version, such as 1.2.3.")
    String version;

    @Option(names = "--release", paramLabel = "RELEASE_ID", description = "An existing draft, instead of"
            + " --product and --version.")
    String releaseId;

    @ArgGroup(exclusive = true)
    Signature signature;

    /** A signature made beforehand, or one made now. */
    static final class Signature {
        @Option(names = "--signature", paramLabel = "SIG_FILE",
                description = "A detached signature (base64 from `voyager sign`, raw r‖s, or DER from openssl).")
        Path file;

        @Option(names = "--sign-with", paramLabel = "KEY_PEM", description = "Sign with this private key first.")
        Path key;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "FILE " + file + " does not exist or is not a file");
        }
        AdminClient api = client.client();
        Optional<String> sig = signature();
        String id = draftId(api);
        long size = Files.size(file);
        AdminClient.Answer answer;
        try (ProgressBar bar = ProgressBar.forTransfer(spec.commandLine().getErr(), "uploading", size)) {
            answer = api.upload(ReleaseCommand.path(id) + "/artifact", file, sig,
                    in -> new ProgressInputStream(in, bar));
        }
        JsonNode release = answer.json();
        boolean passed = release.get("validation").get("status").text("").equalsIgnoreCase("passed");
        client.print(answer, (out, r) -> {
            out.printf("uploaded %s (%s) to %s %s, release %s%n", file.getFileName(), ProgressBar.human(size),
                    r.get("productId").text(""), r.get("version").text(""), r.get("id").text(""));
            Views.validation(out, r.get("validation"));
            out.println(passed ? "next: voyager release stage " + r.get("id").text("")
                    : "the server keeps the file on the draft, but it cannot be staged; fix the image and upload again");
        });
        if (!passed) {
            spec.commandLine().getErr().println("voyager: " + file + " failed validation; see the failed steps above");
        }
        return passed ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private Optional<String> signature() throws IOException {
        if (signature == null) {
            return Optional.empty();
        }
        if (signature.file != null) {
            return Optional.of(Base64.getEncoder().encodeToString(KeyFiles.readSignatureP1363(signature.file)));
        }
        SigningKey key = SigningKey.fromPem(KeyFiles.readText(signature.key, "private key"));
        ReleaseSignature made;
        try (ProgressBar bar = ProgressBar.forTerminal(spec.commandLine().getErr(), "signing",
                Files.size(file));
             InputStream in = new ProgressInputStream(Files.newInputStream(file), bar)) {
            made = key.sign(in);
        }
        return Optional.of(made.base64());
    }

    /** The draft to upload to: the one named, the product's draft of that version, or a new one. */
    private String draftId(AdminClient api) throws IOException {
        if (releaseId != null) {
            if (product != null || version != null) {
                throw new ParameterException(spec.commandLine(), "give --release, or --product and --version");
            }
            return releaseId;
        }
        if (product == null || version == null) {
            throw new ParameterException(spec.commandLine(), "name the release with --product and --version (it is"
                    + " created when new), or give an existing draft's --release");
        }
        Optional<JsonNode> existing = ReleaseRef.findOptional(api, spec, product, version, false);
        if (existing.isPresent()) {
            String state = existing.get().get("state").text("");
            if (!state.equalsIgnoreCase("draft")) {
                throw new VoyagerException("illegal-transition", "release " + existing.get().get("version").text("")
                        + " of " + product + " is already " + state + "; a release's artifact never changes once"
                        + " staged, so upload the new build under a new version");
            }
            return existing.get().get("id").text("");
        }
        String body = draft.body(ReleaseRef.canonical(spec, version));
        return api.send("POST", "/admin/products/" + AdminClient.segment(product) + "/releases", Optional.of(body))
                .json().get("id").text("");
    }
}
