package io.voyagerota.server;

import io.voyagerota.Voyager;
import io.voyagerota.console.VoyagerConsole;
import io.voyagerota.jdbc.JdbcRegistry;
import io.voyagerota.micrometer.VoyagerMetrics;
import io.voyagerota.storage.fs.FileSystemArtifactStorage;
import io.voyagerota.storage.s3.S3ArtifactStorage;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.mqtt.VoyagerMqtt;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walls between modules, read from the compiled main classes of every module the server is built from (a class
 * file names every class it refers to): no module refers to another module's {@code internal} packages, which may
 * change in any release (adapters share helpers through {@code io.voyagerota.support} instead), and every package
 * declares JSpecify's {@code @NullMarked}: nothing in it is null unless it says so.
 */
class ModuleWallsTest {
    private static final Pattern INTERNAL = Pattern.compile("io/voyagerota/[a-z0-9/]*?internal(/[a-z0-9]+)*/(?=[A-Z])");

    private static final List<Class<?>> ANCHORS = List.of(Voyager.class, FileSystemArtifactStorage.class,
            S3ArtifactStorage.class, JdbcRegistry.class, VoyagerHttpHandler.class, VoyagerMqtt.class,
            VoyagerConsole.class, VoyagerMetrics.class, VoyagerServer.class);

    @Test
    void everyPackageIsNullMarked() throws Exception {
        Set<String> unmarked = new TreeSet<>();
        for (Class<?> anchor : ANCHORS) {
            Map<String, String> classes = read(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation()
                    .toURI()));
            for (String name : classes.keySet()) {
                String pkg = name.substring(0, name.lastIndexOf('/') + 1);
                String info = classes.get(pkg + "package-info");
                if (info == null || !info.contains("Lorg/jspecify/annotations/NullMarked;")) {
                    unmarked.add(pkg);
                }
            }
        }
        assertTrue(unmarked.isEmpty(), "packages without @NullMarked in their package-info.java: " + unmarked);
    }

    @Test
    void noModuleRefersToAnotherModulesInternals() throws Exception {
        List<Class<?>> anchors = ANCHORS;
        Map<Path, Map<String, String>> classesByModule = new HashMap<>();
        Map<String, Path> ownerOfPackage = new HashMap<>();
        for (Class<?> anchor : anchors) {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            Map<String, String> classes = read(location);
            classesByModule.put(location, classes);
            for (String name : classes.keySet()) {
                ownerOfPackage.putIfAbsent(name.substring(0, name.lastIndexOf('/') + 1), location);
            }
        }
        assertEquals(anchors.size(), classesByModule.size(), "each anchor is in a module of its own");
        Set<String> violations = new TreeSet<>();
        classesByModule.forEach((module, classes) -> classes.forEach((name, constants) -> {
            Matcher m = INTERNAL.matcher(constants);
            while (m.find()) {
                Path owner = ownerOfPackage.get(m.group());
                if (owner != null && !owner.equals(module)) {
                    violations.add(name + " refers to " + m.group());
                }
            }
        }));
        assertTrue(violations.isEmpty(), "main code refers to another module's internals: " + violations);
        assertTrue(ownerOfPackage.containsKey("io/voyagerota/internal/"), "the scan sees core's internal package");
    }

    /** Each class's name (path without .class) to its bytes as ISO-8859-1 text, from a directory or a jar. */
    private static Map<String, String> read(Path location) throws IOException, URISyntaxException {
        if (Files.isDirectory(location)) {
            return readTree(location);
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return readTree(jar.getPath("/"));
        }
    }

    private static Map<String, String> readTree(Path root) throws IOException {
        Map<String, String> classes = new HashMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> p.toString().endsWith(".class") && !p.toString().endsWith("module-info.class"))
                    .forEach(files::add);
        }
        for (Path file : files) {
            String name = root.relativize(file).toString().replace('\\', '/');
            try (InputStream in = Files.newInputStream(file)) {
                classes.put(name.substring(0, name.length() - 6),
                        new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            }
        }
        return classes;
    }
}
