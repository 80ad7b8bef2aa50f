package io.voyagerota.server;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

/** A server process that commits a product and then dies at once, as under {@code kill -9}. */
public final class CommitThenHalt {
    private CommitThenHalt() {
    }

    public static void main(String[] args) throws Exception {
        VoyagerServer server = TestServers.start(Path.of(args[0]), new ByteArrayOutputStream(), b -> b);
        TestServers.createProduct(server.voyager());
        System.out.println("committed");
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }
}
