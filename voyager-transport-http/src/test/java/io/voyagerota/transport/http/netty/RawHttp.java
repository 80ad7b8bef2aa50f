package io.voyagerota.transport.http.netty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A plain socket to the server, for what {@link java.net.http.HttpClient} cannot send or hides: bytes as they are. */
final class RawHttp implements AutoCloseable {
    /** One response as read off the wire; header names in lower case. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        this(port, 0);
    }

    /** @param receiveBuffer the socket's receive buffer, to hold a slow reader's window small; 0 for the default */
    RawHttp(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    InputStream in() {
        return in;
    }

    /** Reads the next response: status line, headers, and a body of its Content-Length (none without one). */
    Response read() throws IOException {
        Response head = readHead();
        int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
        return new Response(head.status(), head.headers(), in.readNBytes(length));
    }

    /** Reads the status line and headers of the next response, leaving its body (the answer to HEAD has none). */
    Response readHead() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ")) {
            throw new IOException("not a status line: " + status);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.putIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        return new Response(Integer.parseInt(status.substring(9, 12)), headers, new byte[0]);
    }

    /** Whether the server has closed its side: the next read is the end of the stream. */
    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection ended within a response head");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
