package io.dnsfailover.providers.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * TXT data in the presentation format of RFC 1035 §5.1, as the managed-DNS APIs carry it: one or more
 * character-strings, each in double quotes, with {@code \"} and {@code \\} escaped and any byte writable as
 * {@code \DDD}. The model holds the plain text, the strings joined ({@code RecordSet} of the provider SPI);
 * the adapters turn it into their API's form with
 * {@link #quote} and back with {@link #unquote}, each choosing what its API documents (which characters go
 * as {@code \DDD}, decimal or octal, whether to split at 255 bytes). Pure and thread safe.
 */
public final class TxtPresentation {

    /** The longest character-string DNS can carry (one length byte, RFC 1035 §3.3). */
    public static final int MAX_STRING_BYTES = 255;

    /** The base of the three digits of a {@code \DDD} escape. */
    public enum Numeric {
        /** RFC 1035: {@code \034} is a double quote. */
        DECIMAL(10),
        /** Route 53's documented form: {@code \042} is a double quote, {@code \344} the byte 0xE4. */
        OCTAL(8);

        private final int radix;

        Numeric(int radix) {
            this.radix = radix;
        }
    }

    private TxtPresentation() {}

    /**
     * {@code text} as quoted character-strings separated by one space.
     *
     * @param maxStringBytes the most bytes (of the text, UTF-8) in one string, at most {@value #MAX_STRING_BYTES};
     *     a longer text is split between characters; 0 writes one string however long, for an API that splits
     *     by itself and keeps what it is given
     * @param numeric the base of {@code \DDD} escapes
     * @param asNumeric the characters to write as {@code \DDD} escapes, one per UTF-8 byte; any other
     *     {@code "} or {@code \} gets a backslash, and everything else is written as it is
     */
    public static String quote(String text, int maxStringBytes, Numeric numeric, IntPredicate asNumeric) {
        Objects.requireNonNull(text, "text");
        if (maxStringBytes < 0 || maxStringBytes > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("maxStringBytes must be 0 to " + MAX_STRING_BYTES + ", but was " + maxStringBytes);
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append('"');
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
            if (maxStringBytes > 0 && bytes + utf8.length > maxStringBytes) {
                out.append("\" \"");
                bytes = 0;
            }
            if (asNumeric.test(codePoint)) {
                for (byte b : utf8) {
                    out.append('\\').append(digits(b & 0xff, numeric));
                }
            } else {
                if (codePoint == '"' || codePoint == '\\') {
                    out.append('\\');
                }
                out.appendCodePoint(codePoint);
            }
            bytes += utf8.length;
            i += Character.charCount(codePoint);
        }
        return out.append('"').toString();
    }

    /**
     * The plain text of presentation content: every character-string, quoted or not, unescaped and joined,
     * the bytes read as UTF-8. Strings may be separated by white space or follow each other directly
     * ({@code "a""b"}); an unquoted string ends at white space.
     *
     * @throws IllegalArgumentException when a quote is left open, an escape is cut off, or a {@code \DDD}
     *     escape is not a byte
     */
    public static String unquote(String content, Numeric numeric) {
        Objects.requireNonNull(content, "content");
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
                if (!quoted && (Character.isWhitespace(c) || c == '"')) {
                    break;
                }
                if (c == '\\') {
                    i = unescape(content, i, numeric, out);
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
    private static int unescape(String content, int i, Numeric numeric, ByteArrayOutputStream out) {
        if (i + 1 >= content.length()) {
            throw new IllegalArgumentException("TXT content " + content + " ends in a lone backslash");
        }
        if (i + 3 < content.length() && isDigit(content.charAt(i + 1), numeric) && isDigit(content.charAt(i + 2), numeric)
                && isDigit(content.charAt(i + 3), numeric)) {
            int value = Integer.parseInt(content.substring(i + 1, i + 4), numeric.radix);
            if (value > 255) {
                throw new IllegalArgumentException("TXT content " + content + " has the escape \\" + content.substring(i + 1, i + 4)
                        + ", which is not a byte");
            }
            out.write(value);
            return i + 4;
        }
        int codePoint = content.codePointAt(i + 1);
        write(out, codePoint);
        return i + 1 + Character.charCount(codePoint);
    }

    private static String digits(int value, Numeric numeric) {
        String d = Integer.toString(value, numeric.radix);
        return "0".repeat(3 - d.length()) + d;
    }

    private static void write(ByteArrayOutputStream out, int codePoint) {
        out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isDigit(char c, Numeric numeric) {
        return c >= '0' && c < '0' + numeric.radix;
    }
}
