package io.voyagerota.server;

import io.voyagerota.Voyager;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Offer;
import io.voyagerota.decision.UpdateDecision;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.GeneratedFile;
import io.voyagerota.version.Version;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Starts servers on port 0 in a temporary data directory, and walks releases into production in-process. */
public final class TestServers {
    public static final String PRODUCT = "locker";
    public static final String MODEL = "locker-s3";

    private TestServers() {
    }

    /** A server on 127.0.0.1, a free port and {@code dataDir}; what it shows its operator goes to {@code console}. */
    public static VoyagerServer start(Path dataDir, ByteArrayOutputStream console,
                                      UnaryOperator<ServerConfig.Builder> options) throws IOException {
        ServerConfig config = options.apply(ServerConfig.builder().bindAddress("127.0.0.1").port(0)
                .dataDir(dataDir)).build();
        return VoyagerServer.start(config, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    public static VoyagerServer start(Path dataDir) throws IOException {
        return start(dataDir, new ByteArrayOutputStream(), b -> b);
    }

    public static void createProduct(Voyager voyager) {
        voyager.products().create(Product.of(PRODUCT, "Smart locker", new HardwareModel(MODEL, Chip.ESP32_S3)));
    }

    /** A valid ESP32-S3 image declaring {@code version}, of about {@code bytes} bytes. */
    public static GeneratedFile image(String version, long bytes) {
        long half = (bytes / 2) & ~3L;
        return new Esp32ImageBuilder().chip(Chip.ESP32_S3).version(version).projectName("locker")
                .segments(half, half).seed(version.hashCode()).build().file();
    }

    /** Creates, uploads, stages and promotes a release of {@code image} to every device. */
    public static Release release(Voyager voyager, String version, GeneratedFile image) {
        Release draft = voyager.releases().create(ReleaseDraft.builder(PRODUCT, Version.parse(version))
                .models(MODEL).build());
        try {
            voyager.releases().upload(draft.id(), image.open(), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        voyager.releases().stage(draft.id());
        return voyager.releases().promote(draft.id(), RolloutSpec.all());
    }

    /** The offer a device on {@code 0.1.0} gets now. */
    public static Offer offer(Voyager voyager, String deviceId) {
        UpdateDecision decision = voyager.check(DeviceCheck.of(deviceId, PRODUCT, MODEL, Version.parse("0.1.0")));
        if (decision instanceof Offer offer) {
            return offer;
        }
        throw new AssertionError("expected an offer, got " + decision);
    }

    /** A port nothing listens on: taken from the system and given back at once. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Whether something accepts connections on {@code port} of 127.0.0.1. */
    public static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
