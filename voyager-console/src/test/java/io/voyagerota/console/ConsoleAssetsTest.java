package io.voyagerota.console;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The asset list matches the files, modules import only listed modules, and nothing builds HTML from strings. */
class ConsoleAssetsTest {
    private static final Pattern IMPORT = Pattern.compile("from '\\./([^']+)'");
    private static final List<String> FORBIDDEN = List.of("innerHTML", "outerHTML", "insertAdjacentHTML",
            "document.write", "eval(", "new Function", "localStorage", ".style.", "setAttribute('style'");

    @Test
    void everyFileIsListedAndEveryImportResolves() throws Exception {
        Path dir = assetsDir();
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("assets.list")).forEach(files::add);
        }
        Set<String> listed = new TreeSet<>(io.voyagerota.console.internal.ConsoleAssets.names());
        assertEquals(files, listed, "assets.list names exactly the files beside it");
        List<String> unresolved = new ArrayList<>();
        for (String name : listed) {
            Matcher m = IMPORT.matcher(Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
            while (m.find()) {
                if (!listed.contains(m.group(1))) {
                    unresolved.add(name + " imports " + m.group(1));
                }
            }
        }
        assertEquals(List.of(), unresolved);
    }

    @Test
    void noScriptParsesHtmlOrStoresTheToken() throws Exception {
        Path dir = assetsDir();
        List<String> found = new ArrayList<>();
        for (String name : io.voyagerota.console.internal.ConsoleAssets.names()) {
            if (!name.endsWith(".js")) {
                continue;
            }
            String text = Files.readString(dir.resolve(name), StandardCharsets.UTF_8)
                    .replaceAll("(?m)^\\s*//.*$", ""); // comments may name what the code avoids
            for (String word : FORBIDDEN) {
                if (text.contains(word)) {
                    found.add(name + ": " + word);
                }
            }
        }
        assertEquals(List.of(), found);
        assertTrue(Files.readString(dir.resolve("api.js")).contains("sessionStorage"), "the token's one home");
    }

    private static Path assetsDir() throws URISyntaxException, IOException {
        Path dir = Paths.get(ConsoleAssetsTest.class.getResource("/io/voyagerota/console/assets/assets.list").toURI())
                .getParent();
        assertTrue(Files.isDirectory(dir));
        return dir;
    }
}
