package io.voyagerota.version;

import io.voyagerota.testing.SdkVectorFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The version test vectors the device SDK shares with this implementation: {@code protocol/vectors/versions.txt},
 * which the SDK's C tests read. They are generated here, from {@link Version}, with a fixed seed so
 * the file is stable; this test fails when the committed file differs from what {@link Version} says today.
 * Rewrite it with {@code mvn -pl voyager-core test -Dtest=SdkVectorsTest -Dvoyager.writeVectors=true}.
 *
 * <p>Format, one vector per line ({@code #} lines are comments): {@code strict "<input>" <canonical>} or
 * {@code lenient "<input>" <canonical>}, where the canonical text is {@code !} when the input is rejected, and the
 * input is UTF-8 with bytes outside {@code !}..{@code ~}, and {@code %} and {@code "}, written as {@code %XX}; then
 * {@code order <rank> <version>} lines in increasing order, where versions of equal rank are equal (they differ
 * only in build metadata) and a higher rank is a higher version.
 */
class SdkVectorsTest {
    private static final long SEED = 20261123L;

    private static final List<String> EDGE_CASES = List.of(
            "", " ", "0.0.0", "1.2.3", "10.20.30", "1.0.0--", "1.0.0-0a", "1.0.0-00a", "1.0.0-0", "1.0.0+001",
            "1.0.0+0.00.-", "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay", "1.0.0-x.7.z.92",
            "9223372036854775807.9223372036854775807.9223372036854775807-9223372036854775807",
            "9223372036854775808.0.0", "0.99999999999999999999.0", "0.0.9223372036854775808",
            "1.0.0-rc.9223372036854775808", "1.0.0-99999999999999999999x", "1.0.0+99999999999999999999",
            "1.2", "1", "1-rc.1", "1.02.3", "01.2.3", "1.2.00", "v1.2.3", "V1.2.3", " 1.2.3", "1.2.3\n", "1.2.3.4",
            ".1.2", "1..3", "1.2.", "1.2.-rc", "1.x.3", "1x.2.3", "1.2.3x", "-1.2.3", "1.0.0-", "1.0.0-alpha..1",
            "1.0.0-alpha.", "1.0.0-+b", "1.0.0+", "1.0.0+a..b", "1.0.0-01", "1.0.0-rc.00", "1.0.0-al_pha.1",
            "1.0.0+a+b", "1.0.0-rc 1", "1.0.0-\u00e9", "1.0.0-\"", "v", "vv1", " 1..2", "1x", "v1.0.0-01",
            "1.0.0-rc..1", "1.0 beta", "99999999999999999999", "v1.2.3", " V1.2 ", "7", "v0", "01.02.03",
            "\t1.2.3-rc.1+b\n", "1-alpha", "1.2+build.5", "V10.0020", "0009223372036854775807", "1.0.0\u0000",
            "\u20031.2.3\u3000", "\u00a01.2.3", "1.2.3\u2007", "\u001c1.2.3\u001f", "1.2.3\u0085", "\u2028v2\u2029",
            "\u16801.0\u205f", "\u200a1\u200b", "\u000b\f\r1.2.3", "v 1.2.3", "V-1", "vV1", "1.2.3 ", "+1.2.3",
            "1.2.3-", "1.2.3+", "1.2.3-a+", "1.2.3--+--", "0.0.0-0.0.0", "1.0.0-0.01", "0x1.2.3", "\uD83D\uDE801.0.0",
            "1.0.0-" + "a".repeat(250), "1.0.0-" + "a".repeat(251), " ".repeat(300) + "1.2.3",
            "1-" + "a".repeat(254), "1-" + "a".repeat(250), "1.2-" + "a".repeat(250), "v" + "1.0.0-" + "a".repeat(250));

    @Test
    void committedVectorsAreWhatVersionSays() throws IOException {
        SdkVectorFile.check("versions.txt", render(), "SdkVectorsTest");
    }

    static String render() {
        StringBuilder out = new StringBuilder();
        out.append(SdkVectorFile.header("Version test vectors from io.voyagerota.version.Version", "SdkVectorsTest"))
                .append("# strict|lenient \"<input, %XX-escaped>\" <canonical text, or ! when rejected>\n");
        for (String input : inputs()) {
            out.append("strict \"").append(escape(input)).append("\" ").append(outcome(input, false)).append('\n');
            out.append("lenient \"").append(escape(input)).append("\" ").append(outcome(input, true)).append('\n');
        }
        out.append("# order <rank> <version>: increasing; equal ranks are equal versions\n");
        List<Version> ordered = orderVectors();
        int rank = 0;
        for (int i = 0; i < ordered.size(); i++) {
            if (i > 0 && ordered.get(i).compareTo(ordered.get(i - 1)) > 0) {
                rank++;
            }
            out.append("order ").append(rank).append(' ').append(ordered.get(i)).append('\n');
        }
        return out.toString();
    }

    private static Set<String> inputs() {
        Set<String> inputs = new LinkedHashSet<>(EDGE_CASES);
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < 300; i++) {
            String text = VersionGenerator.any(random).text();
            inputs.add(text);
            inputs.add(deviceForm(random, text));
        }
        return inputs;
    }

    /** A device's rendering of a version: the lenient habits, and sometimes a character that breaks it. */
    private static String deviceForm(SplittableRandom random, String text) {
        String form = text;
        switch (random.nextInt(6)) {
            case 0 -> form = "v" + form;
            case 1 -> form = " " + form + "\n";
            case 2 -> form = form.replaceFirst("^(\\d+)\\.(\\d+)\\.0(?=$|[-+])", "$1.$2");
            case 3 -> form = "0" + form.replaceFirst("\\.", ".0");
            case 4 -> {
                int at = random.nextInt(form.length() + 1);
                form = form.substring(0, at) + "._+- v\u00e9".charAt(random.nextInt(7)) + form.substring(at);
            }
            default -> form = form.substring(0, random.nextInt(form.length() + 1));
        }
        return form;
    }

    private static List<Version> orderVectors() {
        List<Version> versions = new ArrayList<>();
        for (String text : List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.9.10", "1.10.2", "1.0.0-1", "1.0.0-1a", "1.0.0-a",
                "1.0.0-Z", "1.0.0--", "1.0.0-0a", "1.0.0-a.b", "1.0.0-a-b", "1.0.0+a", "1.0.0+b")) {
            versions.add(Version.parse(text));
        }
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int i = 0; i < 150; i++) {
            VersionGenerator.Spec spec = VersionGenerator.any(random);
            versions.add(spec.parse());
            versions.add(VersionGenerator.neighbour(random, spec).parse());
        }
        versions.sort(Version::compareTo);
        return versions;
    }

    private static String outcome(String input, boolean lenient) {
        try {
            return (lenient ? Version.parseLenient(input) : Version.parse(input)).toString();
        } catch (VersionFormatException rejected) {
            return "!";
        }
    }

    private static String escape(String input) {
        StringBuilder out = new StringBuilder();
        for (byte b : input.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%' && c != '"') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
