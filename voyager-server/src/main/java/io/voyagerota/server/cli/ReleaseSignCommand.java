package io.voyagerota.server.cli;

import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.server.internal.JsonNode;
import io.voyagerota.signing.EcdsaSignatures;
import io.voyagerota.signing.SigningKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code voyager release sign}: signs a draft's manifest, as the server shows it, with a private key that never
 * leaves this machine, and records the signature; or prints the manifest for signing elsewhere, or records a
 * signature made there.
 */
@Command(name = "sign", description = {"Sign an uploaded draft: fetch its release manifest from the server, show it"
        + " on standard error, sign it here with --key (the private key never leaves this machine) and record the"
        + " signature. The release's new validation is printed; exit 1 when the server refuses the signature.",
        "For a signing machine without network: --manifest-only prints the manifest's exact bytes on standard"
        + " output (voyager release sign ID --manifest-only > manifest.txt); sign the file there with"
        + " `voyager sign --manifest manifest.txt --key release.pem -o manifest.sig` or openssl, then record it"
        + " with --signature manifest.sig."})
final class ReleaseSignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Mixin
    ReleaseRef release;

    @ArgGroup(exclusive = true, multiplicity = "1")
    How how;

    /** What to do with the manifest. */
    static final class How {
        @Option(names = {"-k", "--key"}, paramLabel = "KEY_PEM", description = "Sign with this private key (PKCS#8"
                + " or EC PRIVATE KEY PEM): the product's release key.")
        Path key;

        @Option(names = "--signature", paramLabel = "SIG_FILE", description = "Record a signature made elsewhere"
                + " over the manifest (base64 from `voyager sign`, raw r‖s, or DER from openssl dgst -sign).")
        Path signature;

        @Option(names = "--manifest-only", description = "Print the manifest's exact bytes on standard output and"
                + " its SHA-256 on standard error, and sign nothing.")
        boolean manifestOnly;
    }

    @Override
    public Integer call() throws IOException {
        // The key is read before anything is asked of the server, so a wrong file fails at once.
        SigningKey key = how.key == null ? null : SigningKey.fromPem(KeyFiles.readText(how.key, "private key"));
        ReleaseSignature given = how.signature == null ? null
                : EcdsaSignatures.toReleaseSignature(KeyFiles.readSignatureP1363(how.signature));
        AdminClient api = client.client();
        JsonNode draft = api.get(ReleaseCommand.path(release.resolve(api, false))).json();
        ManifestSigning.Checked manifest = ManifestSigning.fetch(api, draft);
        PrintWriter err = spec.commandLine().getErr();
        if (how.manifestOnly) {
            // print, not println: the bytes go out exactly, '\n' line ends included (a manifest is ASCII).
            PrintWriter out = spec.commandLine().getOut();
            out.print(new String(manifest.bytes(), StandardCharsets.US_ASCII));
            out.flush();
            err.println("manifest sha256 " + manifest.digest());
            err.flush();
            return ExitCodes.OK;
        }
        ManifestSigning.show(err, manifest);
        ReleaseSignature signature;
        if (key != null) {
            ManifestSigning.requireProductKey(api, draft.get("productId").text(""), key, how.key.toString());
            signature = key.sign(manifest.bytes());
            err.println("signed with key " + key.keyId().shortForm());
        } else {
            signature = given;
        }
        err.flush();
        AdminClient.Answer answer = ManifestSigning.put(api, draft.get("id").text(""), signature);
        return client.print(answer, Views::release);
    }
}
