package io.dnsfailover.providers.powerdns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * TXT content as the PowerDNS API holds it, which is zone-file presentation: one or more character-strings,
 * each in double quotes, with {@code \"}, {@code \\} and {@code \DDD} (a byte in decimal) escapes. The model
 * holds the plain text, the strings joined (see {@link io.dnsfailover.providers.RecordSet}).
 *
 * <p>PowerDNS refuses content that does not start with a quote (422 "Data field in DNS should start with
 * quote"), keeps a string over 255 bytes as given and splits it only on the DNS wire; so the adapter splits
 * it itself, at character boundaries, and what the API shows is what the wire carries.
 */
final class PowerDnsTxt {

    /** The longest character-string DNS can carry (one length byte, RFC 1035 §3.3). */
    static final int MAX_STRING_BYTES = 255;

    private PowerDnsTxt() {}

    /**
     * The content for one TXT value: {@code "..."} strings of at most 255 bytes each, separated by a space,
     * with {@code "} and {@code \} escaped. Other characters are written as they are (UTF-8 in the JSON).
     */
    static String content(String text) {
        StringBuilder content = new StringBuilder(text.length() + 8).append('"');
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int size = utf8Length(codePoint);
            if (bytes + size > MAX_STRING_BYTES) {
                content.append("\" \"");
                bytes = 0;
            }
            if (codePoint == '"' || codePoint == '\\') {
                content.append('\\');
            }
            content.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return content.append('"').toString();
    }

    /**
     * The plain text of TXT content as PowerDNS returns it (or an operator wrote it): every string, quoted
     * or not, unescaped and joined, the bytes read as UTF-8.
     *
     * @throws IllegalArgumentException when a quote is left open or an escape is cut off
     */
    static String text(String content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length());
        int i = 0;
        int n = content.length();
        while (i < n) {
            if (Character.isWhitespace(content.charAt(i))) {
                i++;
                continue;
            }
            boolean quoted = content.charAt(i) == '"';
            if (quoted) {
                i++;
            }
            boolean closed = !quoted;
            while (i < n) {
                char c = content.charAt(i);
                if (quoted && c == '"') {
                    i++;
                    closed = true;
                    break;
                }
                if (!quoted && Character.isWhitespace(c)) {
                    break;
                }
                if (c == '\\') {
                    i = unescape(content, i, out);
                } else {
                    int codePoint = content.codePointAt(i);
                    write(out, codePoint);
                    i += Character.charCount(codePoint);
                }
            }
            if (!closed) {
                throw new IllegalArgumentException("TXT content " + content + " has a quote that is never closed");
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Reads the escape at {@code i} (the backslash) into {@code out}; returns the index after it. */
    private static int unescape(String content, int i, ByteArrayOutputStream out) {
        if (i + 1 >= content.length()) {
            throw new IllegalArgumentException("TXT content " + content + " ends in a lone backslash");
        }
        if (i + 3 < content.length() && isDigit(content.charAt(i + 1)) && isDigit(content.charAt(i + 2))
                && isDigit(content.charAt(i + 3))) {
            int value = Integer.parseInt(content.substring(i + 1, i + 4));
            if (value > 255) {
                throw new IllegalArgumentException("TXT content " + content + " has the escape \\" + value
                        + ", which is not a byte");
            }
            out.write(value);
            return i + 4;
        }
        int codePoint = content.codePointAt(i + 1);
        write(out, codePoint);
        return i + 1 + Character.charCount(codePoint);
    }

    private static void write(ByteArrayOutputStream out, int codePoint) {
        out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }
}
