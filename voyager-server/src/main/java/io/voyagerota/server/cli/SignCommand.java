package io.voyagerota.server.cli;

import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.signing.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code voyager sign --manifest M --key K}: the release signature over a manifest file, for a signing machine
 * without network. A signature over the firmware file itself no longer verifies anywhere, so a file is refused with
 * what to do instead.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign a release manifest with ECDSA P-256 over SHA-256; prints the base64 signature. For a"
                + " signing machine without network: save the manifest with `voyager release sign RELEASE_ID"
                + " --manifest-only > manifest.txt`, sign it here, and record the signature with `voyager release"
                + " sign RELEASE_ID --signature manifest.sig`.",
                "Releases are signed over their manifest, not over the firmware file (see docs/signing.md)."})
final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", hidden = true, description = "Refused: a firmware file.")
    Path file;

    @Option(names = {"-m", "--manifest"}, paramLabel = "MANIFEST_FILE", description = "The release manifest, exactly"
            + " as `voyager release sign … --manifest-only` or GET …/admin/releases/{id}/manifest gives it.")
    Path manifest;

    @Option(names = {"-k", "--key"}, required = true, description = "Private key PEM (PKCS#8 or EC PRIVATE KEY).")
    Path key;

    @Option(names = {"-o", "--out"}, description = "Also write the signature (base64) to this file.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (file != null) {
            throw new ParameterException(spec.commandLine(), "voyager sign signs a release manifest, not a firmware"
                    + " file such as " + file + ": a signature over the file verifies nowhere. Upload the file, then"
                    + " `voyager release sign RELEASE_ID --key K`, or sign offline with --manifest MANIFEST_FILE");
        }
        if (manifest == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--manifest=MANIFEST_FILE'");
        }
        SigningKey signingKey = SigningKey.fromPem(KeyFiles.readText(key, "private key"));
        ManifestSigning.Checked checked = ManifestSigning.read(manifest);
        PrintWriter err = spec.commandLine().getErr();
        ManifestSigning.show(err, checked);
        ReleaseSignature signature = signingKey.sign(checked.bytes());
        err.println("signed with key " + signingKey.keyId().shortForm());
        err.flush();
        if (out != null) {
            KeyFiles.write(out, signature.base64() + "\n", true);
        }
        spec.commandLine().getOut().println(signature.base64());
        return ExitCodes.OK;
    }
}
