package io.voyagerota.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The strict and lenient version grammars. Hand-written rather than a regular expression so that every rejection can
 * say which part is wrong, why, and at which index of the input.
 */
final class VersionParser {
    /** Appended to a strict rejection when {@link Version#parseLenient} would have accepted the text. */
    private static final String LENIENT_HINT = " (devices may send lenient forms; releases must be strict)";

    private static final String[] COMPONENTS = {"major", "minor", "patch"};
    private static final int QUOTED_PREFIX = 64;

    private enum Kind {
        PRERELEASE("prerelease"), BUILD("build");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * Thrown inside the parser and turned into a {@link VersionFormatException} at the entry points. It has no stack
     * trace: devices may send garbage at a high rate, and a strict rejection also tries the lenient grammar.
     */
    private static final class Rejection extends RuntimeException {
        Rejection(String message) {
            super(message, null, false, false);
        }
    }

    private final String input;
    private final String text;
    /** Index in {@link #input} of the first character of {@link #text}, so positions in messages match the input. */
    private final int offset;
    private final boolean lenient;
    private int pos;

    private VersionParser(String input, String text, int offset, boolean lenient) {
        this.input = input;
        this.text = text;
        this.offset = offset;
        this.lenient = lenient;
    }

    static Version parseStrict(String input) {
        Objects.requireNonNull(input, "version text must not be null");
        try {
            return strict(input);
        } catch (Rejection rejection) {
            throw new VersionFormatException(rejection.getMessage());
        }
    }

    static Version parseLenient(String input) {
        Objects.requireNonNull(input, "version text must not be null");
        try {
            return lenient(input);
        } catch (Rejection rejection) {
            throw new VersionFormatException(rejection.getMessage());
        }
    }

    private static Version strict(String input) {
        if (input.isEmpty()) {
            throw fail(input, "empty");
        }
        if (input.length() > Version.MAX_LENGTH) {
            throw tooLong(input, input.length());
        }
        try {
            return new VersionParser(input, input, 0, false).version();
        } catch (Rejection strictRejection) {
            if (acceptedLeniently(input)) {
                throw new Rejection(strictRejection.getMessage() + LENIENT_HINT);
            }
            throw strictRejection;
        }
    }

    private static Version lenient(String input) {
        String text = input.strip();
        if (text.isEmpty()) {
            throw fail(input, input.isEmpty() ? "empty" : "empty (only whitespace)");
        }
        if (text.length() > Version.MAX_LENGTH) {
            throw tooLong(input, text.length());
        }
        int offset = input.length() - input.stripLeading().length();
        Version version = new VersionParser(input, text, offset, true).version();
        String canonical = version.toString();
        // Filling in ".0.0" can grow the text; the canonical form is what gets stored, so it must fit the bound too.
        if (canonical.length() > Version.MAX_LENGTH) {
            throw fail(input, "too long once normalised to " + quote(canonical) + " (" + canonical.length()
                    + " characters; at most " + Version.MAX_LENGTH + " are allowed)");
        }
        return version;
    }

    private static boolean acceptedLeniently(String input) {
        try {
            lenient(input);
            return true;
        } catch (Rejection notEvenLenient) {
            return false;
        }
    }

    private Version version() {
        if (lenient && pos < text.length() && (text.charAt(pos) == 'v' || text.charAt(pos) == 'V')) {
            pos++;
        }
        long[] core = new long[3];
        core[0] = component(0);
        int count = 1;
        while (count < 3 && pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            core[count] = component(count);
            count++;
        }
        if (pos < text.length() && !isCoreTerminator(text.charAt(pos))) {
            throw unexpectedAfterCore(count);
        }
        if (count < 3 && !lenient) {
            throw fail("expected MAJOR.MINOR.PATCH but the " + COMPONENTS[count] + " component is missing");
        }
        List<String> prerelease = List.of();
        List<String> build = List.of();
        if (pos < text.length() && text.charAt(pos) == '-') {
            pos++;
            prerelease = identifiers(Kind.PRERELEASE);
        }
        if (pos < text.length() && text.charAt(pos) == '+') {
            pos++;
            build = identifiers(Kind.BUILD);
        }
        return new Version(core[0], core[1], core[2], prerelease, build);
    }

    private static boolean isCoreTerminator(char c) {
        return c == '-' || c == '+';
    }

    private Rejection unexpectedAfterCore(int count) {
        char c = text.charAt(pos);
        String name = COMPONENTS[count - 1];
        if (count == 3 && c == '.') {
            return fail("unexpected '.' at index " + at(pos) + " after the patch component; a version has exactly"
                    + " three components, MAJOR.MINOR.PATCH");
        }
        String expected = count == 3 ? "a digit, '-' (prerelease), '+' (build) or the end"
                : lenient ? "a digit, '.', '-' (prerelease), '+' (build) or the end"
                : "a digit or '.'";
        return fail("illegal character " + describe(c) + " at index " + at(pos) + " in the " + name
                + " component; expected " + expected);
    }

    private long component(int index) {
        String name = COMPONENTS[index];
        int start = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            if (pos == text.length() || text.charAt(pos) == '.' || isCoreTerminator(text.charAt(pos))) {
                throw fail(name + " component is empty (at index " + at(pos) + ")");
            }
            throw fail("illegal character " + describe(text.charAt(pos)) + " at index " + at(pos) + " in the "
                    + name + " component; expected a digit");
        }
        String digits = text.substring(start, pos);
        if (!lenient && hasLeadingZero(digits)) {
            throw fail(name + " component \"" + digits + "\" has a leading zero");
        }
        return number(digits, name + " component");
    }

    private List<String> identifiers(Kind kind) {
        List<String> identifiers = new ArrayList<>();
        while (true) {
            int start = pos;
            while (pos < text.length() && isIdentifierChar(text.charAt(pos))) {
                pos++;
            }
            if (pos < text.length() && !endsIdentifier(kind, text.charAt(pos))) {
                int end = pos;
                while (end < text.length() && !endsIdentifier(kind, text.charAt(end))) {
                    end++;
                }
                throw fail("illegal character " + describe(text.charAt(pos)) + " at index " + at(pos) + " in "
                        + kind.label + " identifier " + quote(text.substring(start, end))
                        + "; identifiers may contain only ASCII letters, digits and '-'");
            }
            String identifier = text.substring(start, pos);
            if (identifier.isEmpty()) {
                throw fail(kind.label + " identifier " + (identifiers.size() + 1) + " is empty (at index " + at(pos)
                        + "); identifiers are separated by single dots and must not be empty");
            }
            if (kind == Kind.PRERELEASE && isNumeric(identifier)) {
                if (hasLeadingZero(identifier)) {
                    throw fail("prerelease identifier \"" + identifier + "\" is numeric and has a leading zero");
                }
                number(identifier, "numeric prerelease identifier");
            }
            identifiers.add(identifier);
            if (pos == text.length() || text.charAt(pos) == '+') {
                return identifiers;
            }
            pos++;
        }
    }

    private static boolean endsIdentifier(Kind kind, char c) {
        return c == '.' || (kind == Kind.PRERELEASE && c == '+');
    }

    private long number(String digits, String what) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                throw fail(what + " \"" + digits + "\" is too large; numbers must be at most " + Long.MAX_VALUE);
            }
            value = value * 10 + digit;
        }
        return value;
    }

    static boolean isNumeric(String identifier) {
        for (int i = 0; i < identifier.length(); i++) {
            if (!isDigit(identifier.charAt(i))) {
                return false;
            }
        }
        return !identifier.isEmpty();
    }

    private static boolean hasLeadingZero(String digits) {
        return digits.length() > 1 && digits.charAt(0) == '0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** ASCII only: {@link Character#isLetterOrDigit} would let non-ASCII letters and digits through. */
    private static boolean isIdentifierChar(char c) {
        return isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
    }

    private int at(int index) {
        return offset + index;
    }

    private Rejection fail(String problem) {
        return fail(input, problem);
    }

    private static Rejection fail(String input, String problem) {
        return new Rejection("version " + quote(input) + ": " + problem);
    }

    private static Rejection tooLong(String input, int length) {
        return fail(input, "too long (" + length + " characters; at most " + Version.MAX_LENGTH + " are allowed)");
    }

    /**
     * Quotes untrusted text for a message: control and non-ASCII characters are escaped so a message cannot break a
     * log line, and very long input is cut so a message stays readable.
     */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        int shown = Math.min(text.length(), QUOTED_PREFIX);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                quoted.append(c);
            } else {
                quoted.append(String.format("\\u%04x", (int) c));
            }
        }
        if (shown < text.length()) {
            quoted.append("...");
        }
        return quoted.append('"').toString();
    }

    private static String describe(char c) {
        if (c == '\'') {
            return "\"'\"";
        }
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
