package io.voyagerota.transport.http.internal;

import io.voyagerota.transport.http.internal.admin.AdminRouter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The rules that keep the HTTP transport's classes in layers, read from the compiled classes' constant pools (a
 * class file names every class it refers to): the routers sit on top, endpoints and admin routes below them call
 * down into {@link Requests} and never back up into a router.
 */
class DependencyRulesTest {
    private static final String ROUTER = "io/voyagerota/transport/http/internal/Router";

    @Test
    void nothingBelowTheDeviceRouterCallsBackIntoIt() throws Exception {
        List<Path> below = classes(AdminRouter.class, "internal")
                .filter(p -> !p.getFileName().toString().startsWith("Router")).toList();
        assertFalse(below.isEmpty());
        for (Path type : below) {
            assertFalse(Pattern.compile(Pattern.quote(ROUTER) + "(?![A-Za-z0-9_])").matcher(text(type)).find(),
                    type.getFileName() + " refers to Router: move what it needs below the routers (Requests)");
        }
    }

    @Test
    void theApiPackageNamesNoInternalBodyType() throws Exception {
        for (Path type : classes(io.voyagerota.transport.http.ResponseBody.class, "").toList()) {
            if (type.getFileName().toString().startsWith("ResponseBody")) {
                assertFalse(names(type, "io/voyagerota/transport/http/internal/"),
                        "ResponseBody, a public type, refers to the internal package");
            }
        }
    }

    @Test
    void theScanSeesTheClasses() throws Exception {
        assertEquals(1, classes(AdminRouter.class, "internal").filter(p -> p.getFileName().toString().equals("Router.class"))
                .count(), "the rules read the compiled classes, Router's among them");
    }

    /** Every class file of the transport under {@code below} (a package path below the transport's), subpackages too. */
    private static Stream<Path> classes(Class<?> anchor, String below) throws URISyntaxException, IOException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> all = Files.walk(root.resolve("io/voyagerota/transport/http").resolve(below))) {
            return all.filter(p -> p.toString().endsWith(".class")).toList().stream();
        }
    }

    private static boolean names(Path type, String name) throws IOException {
        return text(type).contains(name);
    }

    private static String text(Path type) throws IOException {
        return new String(Files.readAllBytes(type), StandardCharsets.ISO_8859_1);
    }
}
