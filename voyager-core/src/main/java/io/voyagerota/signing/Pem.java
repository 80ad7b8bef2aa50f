package io.voyagerota.signing;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Splits PEM text into its blocks. Like openssl it ignores text outside the blocks and tolerates CRLF line ends and
 * surrounding spaces; unlike a MIME decoder it rejects stray characters inside the base64, so damage is reported
 * rather than silently skipped.
 */
final class Pem {
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /**
     * One block.
     *
     * @param label     what stands after BEGIN, such as {@code EC PRIVATE KEY}
     * @param encrypted whether RFC 1421 headers say it is encrypted ({@code Proc-Type: 4,ENCRYPTED})
     */
    record Block(String label, boolean encrypted, byte[] der) {
    }

    private Pem() {
    }

    /** The blocks of {@code text}, at least one; {@code what} names the input in messages ("the public key"). */
    static List<Block> parse(String text, String what) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith(BEGIN)) {
                continue;
            }
            String label = label(line, BEGIN, what);
            boolean encrypted = false;
            StringBuilder base64 = new StringBuilder();
            int end = -1;
            for (int j = i + 1; j < lines.length; j++) {
                String body = lines[j].strip();
                if (body.startsWith(END)) {
                    String closing = label(body, END, what);
                    if (!closing.equals(label)) {
                        throw new KeyFormatException(what + " has a PEM block that begins as '" + label
                                + "' but ends as '" + closing + "'; the file is damaged, export the key again");
                    }
                    end = j;
                    break;
                }
                if (body.startsWith(BEGIN)) {
                    break;
                }
                if (base64.length() == 0 && body.indexOf(':') > 0) {
                    // RFC 1421 headers of the traditional format, before the data.
                    encrypted |= body.replace(" ", "").equalsIgnoreCase("Proc-Type:4,ENCRYPTED");
                    continue;
                }
                base64.append(body.replaceAll("\\s+", ""));
            }
            if (end < 0) {
                throw new KeyFormatException(what + " has a '" + label + "' PEM block without its '-----END " + label
                        + "-----' line; the text was probably cut short, copy the whole file");
            }
            blocks.add(new Block(label, encrypted, decode(base64.toString(), label, what)));
            i = end;
        }
        if (blocks.isEmpty()) {
            throw new KeyFormatException(what + " is not PEM: no '-----BEGIN …-----' line was found; give the"
                    + " whole .pem file as openssl writes it" + hint(text));
        }
        return blocks;
    }

    /** Encodes DER as PEM with 64-character lines and a final line end, as openssl writes it. */
    static String encode(String label, byte[] der) {
        String base64 = Base64.getEncoder().encodeToString(der);
        StringBuilder out = new StringBuilder(BEGIN).append(label).append(DASHES).append('\n');
        for (int i = 0; i < base64.length(); i += 64) {
            out.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        return out.append(END).append(label).append(DASHES).append('\n').toString();
    }

    private static String label(String line, String prefix, String what) {
        if (!line.endsWith(DASHES) || line.length() < prefix.length() + DASHES.length()) {
            throw new KeyFormatException(what + " has a malformed PEM line \"" + line + "\"; it must look like "
                    + prefix + "PUBLIC KEY-----");
        }
        return line.substring(prefix.length(), line.length() - DASHES.length()).strip();
    }

    private static byte[] decode(String base64, String label, String what) {
        if (base64.isEmpty()) {
            throw new KeyFormatException(what + " has an empty '" + label + "' PEM block; export the key again");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new KeyFormatException(what + " has damaged base64 in its '" + label + "' PEM block ("
                    + e.getMessage() + "); export the key again instead of editing it by hand");
        }
    }

    private static String hint(String text) {
        String start = text.strip();
        if (start.startsWith("ecdsa-sha2-") || start.startsWith("ssh-")) {
            return "; this looks like an OpenSSH key, which Voyager does not read";
        }
        if (start.startsWith("M") && start.matches("[A-Za-z0-9+/=\\s]+")) { // base64 of a DER SEQUENCE
            return "; this looks like bare base64 DER, wrap it in its BEGIN and END lines";
        }
        return "";
    }
}
