package io.voyagerota.transport.http.kit;

import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.signing.EcdsaSignatures;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.voyagerota.transport.http.kit.HttpFixture.PRODUCT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Artifact uploads through the admin API: raw ({@code PUT}) and multipart ({@code POST}), signatures, size limits,
 * and bodies that are cut short or malformed, which must leave nothing behind.
 */
public abstract class AdminUploadKit extends AdminSupport {
    private static final String OCTETS = "application/octet-stream";

    private String artifactPath(String releaseId) {
        return "/releases/" + releaseId + "/artifact";
    }

    private boolean hasArtifact(String releaseId) {
        return ok(get("/releases/" + releaseId)).containsKey("artifact");
    }

    @Test
    void aRawUploadIsStoredHashedAndValidated() {
        String id = draft("1.0.0");
        byte[] image = image("1.0.0");
        Map<String, Object> release = ok(put(artifactPath(id), image, OCTETS));
        Map<String, Object> artifact = map(release.get("artifact"));
        assertEquals("app-image", artifact.get("kind"));
        assertEquals((long) image.length, artifact.get("size"));
        assertEquals(HttpFixture.sha256(image), artifact.get("sha256"));
        assertEquals(List.of(), artifact.get("parts"));
        Map<String, Object> validation = map(release.get("validation"));
        assertEquals("passed", validation.get("status"), release::toString);
        assertFalse(list(validation.get("steps")).isEmpty());
        assertTrue(f.storage.stat(io.voyagerota.spi.ArtifactKey.of((String) artifact.get("key"))).isPresent());
        assertEquals("staging", ok(post("/releases/" + id + "/stage")).get("state"));
    }

    @Test
    void aSignatureOverTheManifestTravelsInAHeaderOrAPartInEitherEncodingAndIsVerified() {
        SigningKey key = SigningKey.generate();
        json(post("/products", "{\"id\":\"signed\",\"name\":\"Signed\",\"models\":[{\"name\":\"m\",\"chip\":\"esp32s3\"}],"
                + "\"releaseKeyPem\":" + quoted(key.verifyingKey().toPem()) + "}"), 201);
        String id = (String) json(post("/products/signed/releases", "{\"version\":\"1.0.0\"}"), 201).get("id");
        byte[] image = image("1.0.0");
        // Signed offline before the upload: the manifest follows from the product, the draft and the file.
        ReleaseManifest manifest = new ReleaseManifest("signed", Version.parse("1.0.0"), 0, ArtifactKind.APP_IMAGE,
                List.of(new HardwareModel("m", Chip.ESP32_S3)), image.length, HttpFixture.sha256(image), List.of());
        ReleaseSignature signature = key.sign(manifest.bytes());
        String der = Base64.getEncoder().encodeToString(EcdsaSignatures.p1363ToDer(EcdsaSignatures.toP1363(signature)));

        Map<String, Object> unsigned = ok(put(artifactPath(id), image, OCTETS));
        assertEquals("failed", map(unsigned.get("validation")).get("status"), "the product requires a signature");
        assertProblem(post("/releases/" + id + "/stage"), 409, "illegal-transition");

        for (String header : List.of(signature.base64(), der)) {
            Map<String, Object> signed = ok(send(admin(artifactPath(id)).header("Content-Type", OCTETS)
                    .header("Voyager-Signature", header).PUT(BodyPublishers.ofByteArray(image))));
            assertEquals(Map.of("algorithm", "ecdsa-p256-sha256", "value", signature.base64()), signed.get("signature"));
            assertEquals("passed", map(signed.get("validation")).get("status"), signed::toString);
        }
        Forms form = new Forms("sig-then-file").part("signature", der).part("file", "fw.bin", image);
        Map<String, Object> viaForm = ok(send(admin(artifactPath(id)).header("Content-Type", form.contentType())
                .POST(BodyPublishers.ofByteArray(form.close()))));
        assertEquals(signature.base64(), map(viaForm.get("signature")).get("value"));
        assertEquals("passed", map(viaForm.get("validation")).get("status"));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }

    @Test
    void aMalformedSignatureIs400AndStoresNothing() {
        String id = draft("1.0.0");
        Map<String, Object> problem = assertProblem(send(admin(artifactPath(id)).header("Content-Type", OCTETS)
                .header("Voyager-Signature", "bm90IGEgc2lnbmF0dXJl").PUT(BodyPublishers.ofByteArray(image("1.0.0")))),
                400, "invalid-parameter");
        assertEquals("Voyager-Signature", problem.get("parameter"));
        Forms form = new Forms("b").part("signature", "%%%").part("file", "fw.bin", image("1.0.0"));
        assertEquals("signature", assertProblem(send(admin(artifactPath(id)).header("Content-Type", form.contentType())
                .POST(BodyPublishers.ofByteArray(form.close()))), 400, "invalid-parameter").get("parameter"));
        assertFalse(hasArtifact(id));
    }

    @Test
    void theWrongMediaTypeIs415AndAMultipartWithoutBoundary400() {
        String id = draft("1.0.0");
        assertProblem(put(artifactPath(id), image("1.0.0"), "application/json"), 415, "unsupported-media-type");
        assertProblem(send(admin(artifactPath(id)).header("Content-Type", OCTETS)
                .POST(BodyPublishers.ofByteArray(image("1.0.0")))), 415, "unsupported-media-type");
        assertEquals("Content-Type", assertProblem(send(admin(artifactPath(id)).header("Content-Type",
                "multipart/form-data").POST(BodyPublishers.ofByteArray(image("1.0.0")))), 400, "invalid-parameter")
                .get("parameter"));
        assertFalse(hasArtifact(id));
    }

    @Test
    void onlyADraftTakesAnArtifactAndAnUnknownReleaseIs404() {
        String staged = staged("1.0.0");
        assertProblem(put(artifactPath(staged), image("1.0.0"), OCTETS), 409, "illegal-transition");
        assertProblem(put(artifactPath("nope"), image("1.0.0"), OCTETS), 404, "not-found");
    }

    @Test
    void anUploadOverTheProductsLimitIs413AndStoresNothing() {
        json(post("/products", "{\"id\":\"tiny\",\"name\":\"Tiny\",\"models\":[{\"name\":\"m\",\"chip\":\"esp32s3\"}],"
                + "\"maxArtifactBytes\":4096}"), 201);
        String id = (String) json(post("/products/tiny/releases", "{\"version\":\"1.0.0\"}"), 201).get("id");
        byte[] big = new byte[16 * 1024];
        assertProblem(put(artifactPath(id), big, OCTETS), 413, "artifact-too-large"); // by its Content-Length
        assertProblem(send(admin(artifactPath(id)).header("Content-Type", OCTETS) // chunked: cut off while streaming
                .PUT(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))), 413, "artifact-too-large");
        Forms form = new Forms("b").part("file", "fw.bin", big);
        assertProblem(send(admin(artifactPath(id)).header("Content-Type", form.contentType())
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(form.close())))), 413,
                "artifact-too-large");
        assertFalse(hasArtifact(id));
        assertEquals(200, put(artifactPath(id), new byte[4096], OCTETS).statusCode(), "at the limit is fine");
    }

    @Test
    void aRawBodyCutShortOfItsContentLengthIs400AndStoresNothing() throws IOException {
        String id = draft("1.0.0");
        String head = "PUT /v1/admin" + artifactPath(id) + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + token + "\r\nContent-Type: " + OCTETS + "\r\nContent-Length: 4000\r\nConnection: close\r\n\r\n";
        URI origin = request("/").build().uri();
        try (Socket socket = new Socket(origin.getHost(), origin.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1000]);
            out.flush();
            socket.shutdownOutput(); // the client is gone after 1000 of the 4000 bytes it announced
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("incomplete-body"), answer);
        }
        assertFalse(hasArtifact(id));
    }

    @Test
    void anUploadThatWaitsFor100ContinueIsAnswered() {
        String id = draft("1.0.0");
        byte[] image = image("1.0.0");
        Map<String, Object> release = ok(send(admin(artifactPath(id)).expectContinue(true)
                .header("Content-Type", OCTETS).PUT(BodyPublishers.ofByteArray(image))));
        assertEquals(HttpFixture.sha256(image), map(release.get("artifact")).get("sha256"));
    }

    @Test
    void aMultipartUploadStreamsItsFilePart() {
        String id = draft("1.0.0");
        byte[] image = image("1.0.0");
        Forms form = new Forms("----WebKitFormBoundary7MA4YWxkTrZu0gW").part("file", "firmware.bin", image);
        Map<String, Object> release = ok(send(admin(artifactPath(id)).header("Content-Type", form.contentType())
                .POST(BodyPublishers.ofByteArray(form.close()))));
        assertEquals(HttpFixture.sha256(image), map(release.get("artifact")).get("sha256"));
        assertEquals("passed", map(release.get("validation")).get("status"));
    }

    @Test
    void aMalformedMultipartIs400SayingWhatAndStoresNothing() {
        String id = draft("1.0.0");
        byte[] image = image("1.0.0");
        String signature = Base64.getEncoder().encodeToString(new byte[64]);
        assertMultipart(id, new Forms("b").part("file", "fw.bin", image).part("signature", signature).close(),
                "invalid-multipart", "must be the last part");
        assertMultipart(id, new Forms("b").part("file", "fw.bin", image).bytes(), "invalid-multipart",
                "closing boundary");
        assertMultipart(id, new Forms("b").raw("--b\r\nContent-Disposition: form-data; name=\"file\"\r\nX-Pad: "
                + "x".repeat(9000) + "\r\n\r\n").close(), "invalid-multipart", "headers of a part are longer");
        assertMultipart(id, new Forms("b").part("signature", signature).close(), "invalid-parameter", "no part 'file'");
        assertMultipart(id, new Forms("b").part("notes", "hello").part("file", "fw.bin", image).close(),
                "invalid-parameter", "'notes'");
        assertMultipart(id, new Forms("other").part("file", "fw.bin", image).close(), "invalid-multipart",
                "boundary");
        assertFalse(hasArtifact(id));
    }

    private void assertMultipart(String id, byte[] body, String code, String says) {
        Map<String, Object> problem = assertProblem(send(admin(artifactPath(id))
                .header("Content-Type", "multipart/form-data; boundary=b").POST(BodyPublishers.ofByteArray(body))),
                400, code);
        assertTrue(((String) problem.get("detail")).contains(says), problem.get("detail") + " should say " + says);
    }
}
