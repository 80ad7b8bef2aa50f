package io.voyagerota.transport.http.kit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds {@code multipart/form-data} bodies byte by byte, well-formed or broken on purpose. */
public final class Forms {
    private final String boundary;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Forms(String boundary) {
        this.boundary = boundary;
    }

    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** A part with a name and, when not null, a file name. */
    public Forms part(String name, String filename, byte[] content) {
        return raw("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
                + (filename == null ? "" : "Content-Type: application/octet-stream\r\n") + "\r\n", content, "\r\n");
    }

    public Forms part(String name, String text) {
        return part(name, null, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Text exactly as given, for broken forms. */
    public Forms raw(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    private Forms raw(String before, byte[] content, String after) {
        raw(before);
        out.writeBytes(content);
        return raw(after);
    }

    /** The body so far, closed by the final boundary. */
    public byte[] close() {
        return raw("--" + boundary + "--\r\n").bytes();
    }

    /** The body so far, as it is. */
    public byte[] bytes() {
        return out.toByteArray();
    }
}
