package io.voyagerota.transport.http.internal.admin;

import io.voyagerota.Voyager;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.signing.EcdsaSignatures;
import io.voyagerota.signing.SignatureFormatException;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.internal.HttpProblem;
import io.voyagerota.transport.http.internal.Requests;
import io.voyagerota.transport.http.internal.UriText;
import io.voyagerota.wire.WireJson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code PUT|POST /admin/releases/{releaseId}/artifact}: the file streams from the request straight into
 * {@link io.voyagerota.Releases#upload}, which stores, hashes and inspects it on the way; it is never held in
 * memory. A raw {@code PUT} carries an optional signature in {@code Voyager-Signature}; a multipart {@code POST}
 * in a part {@code signature} before the part {@code file}. That signature is over the release's manifest, made
 * offline from the file before the upload; one made afterwards goes to {@code PUT …/signature}. A body cut short
 * or malformed fails while storage is still writing, so nothing of it is kept.
 */
final class ArtifactUpload {
    static final String SIGNATURE_HEADER = "Voyager-Signature";
    private static final int MAX_SIGNATURE_PART = 1024;
    /** What a multipart body may carry besides the file: boundaries, part headers, a signature. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    private final Voyager voyager;

    ArtifactUpload(Voyager voyager) {
        this.voyager = voyager;
    }

    /** The raw file as the body, {@code Content-Type: application/octet-stream}. */
    VoyagerResponse raw(AdminCall call) throws IOException {
        Release release = draft(call);
        String media = mediaType(call).orElse("application/octet-stream");
        if (!media.equals("application/octet-stream")) {
            throw HttpProblem.of(415, "unsupported-media-type", "a PUT upload is the raw file with 'Content-Type:"
                    + " application/octet-stream', not '" + WireJson.printable(media) + "'; to send a form, POST"
                    + " multipart/form-data with a part 'file'");
        }
        Optional<ReleaseSignature> signature = Optional.empty();
        Optional<String> header = Requests.header(call.request(), SIGNATURE_HEADER, call.config());
        if (header.isPresent()) {
            signature = Optional.of(signature(header.get(), SIGNATURE_HEADER));
        }
        long declared = declaredLength(call, maxBytes(release));
        return store(call, release, new RequestBodyStream(call.request().body(), declared), signature);
    }

    /** A {@code multipart/form-data} form: an optional part {@code signature}, then the part {@code file}. */
    VoyagerResponse multipart(AdminCall call) throws IOException {
        Release release = draft(call);
        String boundary = boundary(call);
        long declared = declaredLength(call, maxBytes(release) + MULTIPART_OVERHEAD);
        MultipartReader reader = new MultipartReader(new RequestBodyStream(call.request().body(), declared),
                boundary, call.config().maxHeaderBytes());
        Optional<ReleaseSignature> signature = Optional.empty();
        try {
            for (Optional<MultipartReader.Part> next = reader.next(); next.isPresent(); next = reader.next()) {
                MultipartReader.Part part = next.get();
                switch (part.name()) {
                    case "signature" -> {
                        if (signature.isPresent()) {
                            throw HttpProblem.badParameter("signature", "the form has two parts 'signature'; send one");
                        }
                        signature = Optional.of(signature(small(part), "signature"));
                    }
                    case "file" -> {
                        reader.requireLast();
                        return store(call, release, part.body(), signature);
                    }
                    default -> throw HttpProblem.badParameter(part.name(), "the form has a part '"
                            + WireJson.printable(part.name()) + "', which is not known here; send an optional"
                            + " part 'signature', then the part 'file'");
                }
            }
        } catch (MultipartException | RequestBodyStream.Incomplete e) {
            throw refusal(e);
        }
        throw HttpProblem.badParameter("file", "the form has no part 'file': send the firmware as a part named"
                + " 'file', such as curl -F file=@firmware.bin");
    }

    private Release draft(AdminCall call) {
        Release release = voyager.releases().get(call.param("releaseId"));
        release.requireAcceptsArtifact(); // 409 before a byte of the body is read
        return release;
    }

    private long maxBytes(Release release) {
        Product product = voyager.products().get(release.productId());
        return product.maxArtifactBytes();
    }

    private VoyagerResponse store(AdminCall call, Release release, InputStream body,
                                  Optional<ReleaseSignature> signature) throws IOException {
        Release stored;
        try {
            stored = voyager.releases().upload(release.id(), body, signature);
        } catch (IOException | RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof MultipartException || t instanceof RequestBodyStream.Incomplete) {
                    throw refusal((IOException) t);
                }
            }
            throw e;
        }
        return ReleaseRoutes.release(call, stored);
    }

    private static HttpProblem refusal(IOException e) {
        return e instanceof MultipartException
                ? HttpProblem.of(400, "invalid-multipart", "the multipart body is malformed: " + e.getMessage()
                        + "; nothing was stored")
                : HttpProblem.of(400, "incomplete-body", e.getMessage());
    }

    /** The declared Content-Length, refused with 413 before reading when over {@code max}; -1 when chunked. */
    private static long declaredLength(AdminCall call, long max) {
        Optional<String> header = call.request().header("Content-Length");
        if (header.isEmpty()) {
            return -1;
        }
        long length = UriText.nonNegative(header.get().trim());
        if (length < 0) {
            throw HttpProblem.badParameter("Content-Length", "the Content-Length header is not a number of bytes");
        }
        if (length > max) {
            throw HttpProblem.of(413, "artifact-too-large", "the upload is " + length + " bytes, more than the "
                    + max + " this product accepts; nothing was stored (raise the product's maxArtifactBytes if the"
                    + " image is right)");
        }
        return length;
    }

    private static Optional<String> mediaType(AdminCall call) {
        return call.request().header("Content-Type").map(t -> {
            int semicolon = t.indexOf(';');
            return (semicolon < 0 ? t : t.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        });
    }

    /** The boundary of a {@code multipart/form-data} Content-Type (RFC 2046: 1 to 70 characters). */
    private static String boundary(AdminCall call) {
        String media = mediaType(call).orElse("");
        if (!media.equals("multipart/form-data")) {
            throw HttpProblem.of(415, "unsupported-media-type", "a POST upload is a form, 'Content-Type:"
                    + " multipart/form-data; boundary=…', not '" + WireJson.printable(media) + "'; to send the"
                    + " raw file, PUT it as application/octet-stream");
        }
        String type = Requests.header(call.request(), "Content-Type", call.config()).orElse("");
        String boundary = MultipartReader.parameter(type, "boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70 || !boundary.chars()
                .allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw HttpProblem.badParameter("Content-Type", "the multipart Content-Type needs a boundary of 1 to 70"
                    + " printable ASCII characters, such as 'multipart/form-data; boundary=x7f3a'");
        }
        return boundary;
    }

    /** A small part read whole; longer than {@value #MAX_SIGNATURE_PART} bytes is refused. */
    private static String small(MultipartReader.Part part) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[256];
        for (int n; (n = part.body().read(chunk)) >= 0; ) {
            out.write(chunk, 0, n);
            if (out.size() > MAX_SIGNATURE_PART) {
                throw HttpProblem.badParameter(part.name(), "part '" + part.name() + "' is longer than "
                        + MAX_SIGNATURE_PART + " bytes; it holds one base64 signature");
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /**
     * A release signature in base64: 64 bytes r‖s, or the DER form {@code openssl dgst -sign} writes, converted.
     */
    static ReleaseSignature signature(String text, String field) {
        String value = text.trim();
        try {
            byte[] bytes = Base64.getDecoder().decode(value);
            byte[] p1363 = bytes.length == EcdsaSignatures.P1363_BYTES ? bytes : EcdsaSignatures.derToP1363(bytes);
            return EcdsaSignatures.toReleaseSignature(p1363);
        } catch (IllegalArgumentException | SignatureFormatException e) {
            throw HttpProblem.badParameter(field, field + " is not a signature: send the base64 of an ECDSA P-256"
                    + " signature, 64 bytes r‖s or DER as openssl dgst -sha256 -sign writes it");
        }
    }
}
