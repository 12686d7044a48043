package io.dnsfailover.providers.testkit.fakes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * TXT content as the APIs the fakes stand in for keep it: quoted character-strings (RFC 1035 §5.1), looked
 * at the way a server does, to check, split and store what an adapter sends. Written apart from the
 * adapters' own code on purpose, so that a fake does not accept what an adapter gets wrong in the same way.
 */
final class FakeTxt {

    /** One length byte per string (RFC 1035 §3.3). */
    static final int MAX_STRING_BYTES = 255;

    private FakeTxt() {}

    /**
     * The strings of {@code content} as written (escapes kept, without their quotes), when it is one or more
     * quoted strings with only white space between them; {@code null} when it is anything else (a bare
     * word, a quote left open, a backslash at the very end).
     */
    static List<String> quotedStrings(String content) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = content.length();
        while (i < n) {
            char c = content.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (c != '"') {
                return null;
            }
            StringBuilder raw = new StringBuilder();
            i++;
            boolean closed = false;
            while (i < n) {
                char d = content.charAt(i);
                if (d == '\\') {
                    if (i + 1 >= n) {
                        return null;
                    }
                    raw.append(d).append(content.charAt(i + 1));
                    i += 2;
                } else if (d == '"') {
                    closed = true;
                    i++;
                    break;
                } else {
                    raw.append(d);
                    i++;
                }
            }
            if (!closed) {
                return null;
            }
            out.add(raw.toString());
        }
        return out.isEmpty() ? null : out;
    }

    /**
     * A string as written split into pieces of at most 255 bytes once unescaped, never inside an escape
     * ({@code \DDD}, with digits of {@code radix} 10 or 8, is one byte; {@code \X} is X).
     */
    static List<String> chunks(String raw, int radix) {
        List<String> out = new ArrayList<>();
        int from = 0;
        int bytes = 0;
        for (int i = 0; i < raw.length(); ) {
            int end = tokenEnd(raw, i, radix);
            int size = tokenBytes(raw, i, end);
            if (bytes + size > MAX_STRING_BYTES) {
                out.add(raw.substring(from, i));
                from = i;
                bytes = 0;
            }
            bytes += size;
            i = end;
        }
        out.add(raw.substring(from));
        return out;
    }

    /** How many bytes a string as written holds once unescaped. */
    static int length(String raw, int radix) {
        int bytes = 0;
        for (int i = 0; i < raw.length(); ) {
            int end = tokenEnd(raw, i, radix);
            bytes += tokenBytes(raw, i, end);
            i = end;
        }
        return bytes;
    }

    /** Where the character or escape at {@code i} ends. */
    private static int tokenEnd(String raw, int i, int radix) {
        if (raw.charAt(i) != '\\' || i + 1 >= raw.length()) {
            return i + Character.charCount(raw.codePointAt(i));
        }
        return digits(raw, i + 1, radix) ? i + 4 : i + 1 + Character.charCount(raw.codePointAt(i + 1));
    }

    /** The bytes the character or escape from {@code i} to {@code end} stands for. */
    private static int tokenBytes(String raw, int i, int end) {
        if (raw.charAt(i) != '\\' || end == i + 1) {
            return utf8(raw.substring(i, end));
        }
        return end - i == 4 && Character.isDigit(raw.charAt(i + 1)) ? 1 : utf8(raw.substring(i + 1, end));
    }

    private static boolean digits(String s, int from, int radix) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (Character.digit(s.charAt(i), radix) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
