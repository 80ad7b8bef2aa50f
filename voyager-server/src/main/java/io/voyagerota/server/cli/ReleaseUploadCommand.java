package io.voyagerota.server.cli;

import io.voyagerota.VoyagerException;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code voyager release upload}: streams a firmware file to a draft, creating the draft first when the product has
 * no release of that version yet; optionally signs its manifest. Exit 1 when the server's validation fails.
 */
@Command(name = "upload", description = {"Upload a firmware image or bundle to a draft release, creating the"
        + " draft when the version is new. Streams the file with a progress bar on standard error.",
        "With --sign-with, the release's manifest is then checked, checked to name this file's size and SHA-256,"
        + " signed here and recorded (the private key never leaves this machine); --signature sends a signature"
        + " made beforehand over the manifest with the upload.",
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
        @Option(names = "--signature", paramLabel = "SIG_FILE", description = "A signature over the release's"
                + " manifest, made beforehand (base64 from `voyager sign --manifest`, raw r‖s, or DER from openssl).")
        Path file;

        @Option(names = "--sign-with", paramLabel = "KEY_PEM", description = "After the upload, sign the release's"
                + " manifest with this private key (the product's release key) and record the signature.")
        Path key;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "FILE " + file + " does not exist or is not a file");
        }
        AdminClient api = client.client();
        Optional<String> sig = signature == null || signature.file == null ? Optional.empty()
                : Optional.of(Base64.getEncoder().encodeToString(KeyFiles.readSignatureP1363(signature.file)));
        SigningKey key = signature == null || signature.key == null ? null
                : SigningKey.fromPem(KeyFiles.readText(signature.key, "private key"));
        if (key != null) {
            // Before anything is created or uploaded: a key the product does not take would sign in vain.
            ManifestSigning.requireProductKey(api, productOf(api), key, signature.key.toString());
        }
        String id = draftId(api);
        long size = Files.size(file);
        AdminClient.Answer answer;
        try (ProgressBar bar = ProgressBar.forTransfer(spec.commandLine().getErr(), "uploading", size)) {
            answer = api.upload(ReleaseCommand.path(id) + "/artifact", file, sig,
                    in -> new ProgressInputStream(in, bar));
        }
        Optional<String> signedWith = Optional.empty();
        if (key != null && onlySignatureMissing(answer.json())) {
            ManifestSigning.Checked manifest = ManifestSigning.fetch(api, answer.json());
            ManifestSigning.requireFile(manifest, file.toString(), size, ManifestSigning.sha256(file));
            ManifestSigning.show(spec.commandLine().getErr(), manifest);
            answer = ManifestSigning.put(api, id, key.sign(manifest.bytes()));
            signedWith = Optional.of("signed manifest sha256 " + manifest.digest() + " with key "
                    + key.keyId().shortForm());
        }
        JsonNode release = answer.json();
        boolean passed = passed(release);
        Optional<String> signedLine = signedWith;
        client.print(answer, (out, r) -> {
            out.printf("uploaded %s (%s) to %s %s, release %s%n", file.getFileName(), ProgressBar.human(size),
                    r.get("productId").text(""), r.get("version").text(""), r.get("id").text(""));
            signedLine.ifPresent(out::println);
            Views.validation(out, r.get("validation"));
            out.println(passed ? "next: voyager release stage " + r.get("id").text("")
                    : "the server keeps the file on the draft, but it cannot be staged; fix the image and upload again");
        });
        if (!passed) {
            spec.commandLine().getErr().println("voyager: " + file + " failed validation; see the failed steps above"
                    + (key != null && signedWith.isEmpty() ? " (its manifest was not signed)" : ""));
        }
        return passed ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static boolean passed(JsonNode release) {
        return release.get("validation").get("status").text("").equalsIgnoreCase("passed");
    }

    /** Whether every failed step, if any, is the signature: a file failing anything else is not worth signing. */
    private static boolean onlySignatureMissing(JsonNode release) {
        return release.get("validation").get("steps").items().stream()
                .allMatch(step -> step.get("passed").asBoolean() || step.get("name").text("").equals("signature"));
    }

    /** The product the upload goes to, known before the draft is created. */
    private String productOf(AdminClient api) {
        if (releaseId != null) {
            return api.get(ReleaseCommand.path(releaseId)).json().get("productId").text("");
        }
        if (product == null) {
            throw new ParameterException(spec.commandLine(), "name the release with --product and --version (it is"
                    + " created when new), or give an existing draft's --release");
        }
        return product;
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
