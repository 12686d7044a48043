package io.dnsfailover.providers.testkit.fakes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Just enough JSON for the fakes: reading request bodies into {@link Map} (in order), {@link List},
 * {@link String}, {@link Long} for a whole number or {@link Double} for another, {@link Boolean} and
 * {@code null}; and quoting strings for answers.
 */
final class FakeJson {

    /**
     * How a fake reads request bodies. The fakes read them in slightly different ways before they shared
     * this parser, and each keeps its own so that none answers differently. In all three, any other escaped
     * character stands for itself, and a value may be followed by nothing but white space.
     */
    enum Syntax {
        /**
         * Numbers whole or not; the escapes {@code \b \f \n \r \t} and a {@code u} with four hex digits; a
         * comma between members and elements, as JSON has it (the Cloudflare fake).
         */
        STANDARD(true, true, false),
        /**
         * Whole numbers only, any other is malformed; the escapes {@code \n \t} and a {@code u} with four
         * hex digits ({@code \r} is an "r"); a comma between members and elements (the Constellix fake).
         */
        WHOLE_NUMBERS(false, false, false),
        /**
         * Numbers whole or not; the escapes {@code \n \t} and a {@code u} with four hex digits ({@code \r}
         * is an "r"); the comma between members and elements may be left out, and may trail (the DNS Made
         * Easy fake).
         */
        LOOSE(true, false, true);

        private final boolean decimals;
        private final boolean controlEscapes;
        private final boolean looseCommas;

        Syntax(boolean decimals, boolean controlEscapes, boolean looseCommas) {
            this.decimals = decimals;
            this.controlEscapes = controlEscapes;
            this.looseCommas = looseCommas;
        }
    }

    private final String s;
    private final Syntax syntax;
    private int i;

    private FakeJson(String s, Syntax syntax) {
        this.s = s;
        this.syntax = syntax;
    }

    /**
     * The value in {@code text}.
     *
     * @throws IllegalArgumentException when the text is not JSON in this syntax
     * @throws IndexOutOfBoundsException when it ends inside an escape (the Constellix fake answers that with
     *     a 500, as it always has)
     */
    static Object parse(String text, Syntax syntax) {
        FakeJson p = new FakeJson(text, syntax);
        Object v = p.value();
        p.space();
        if (p.i != text.length()) {
            throw new IllegalArgumentException("trailing text at " + p.i);
        }
        return v;
    }

    /** The object in {@code text} read as {@link Syntax#STANDARD}; empty when it is not a JSON object. */
    static Optional<Map<String, Object>> object(String text) {
        return object(text, Syntax.STANDARD);
    }

    /** The object in {@code text}; empty when it is not a JSON object in this syntax. */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> object(String text, Syntax syntax) {
        try {
            return parse(text, syntax) instanceof Map<?, ?> m ? Optional.of((Map<String, Object>) m) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code s} as a JSON string literal, quotes included. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    /** {@code s} as a JSON string literal, or {@code null} for null. */
    static String quoteOrNull(String s) {
        return s == null ? "null" : quote(s);
    }

    private Object value() {
        space();
        if (i >= s.length()) {
            throw new IllegalArgumentException("end of input");
        }
        char c = s.charAt(i);
        if (c == '{') {
            return object();
        }
        if (c == '[') {
            return array();
        }
        if (c == '"') {
            return string();
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (s.startsWith(word, i)) {
                i += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word);
            }
        }
        return number();
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        i++;
        space();
        if (take('}')) {
            return m;
        }
        do {
            space();
            String k = string();
            space();
            expect(':');
            m.put(k, value());
        } while (another('}'));
        return m;
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        i++;
        space();
        if (take(']')) {
            return l;
        }
        do {
            l.add(value());
        } while (another(']'));
        return l;
    }

    /** After a member or an element: true when another follows, false when {@code close} ends them. */
    private boolean another(char close) {
        space();
        if (take(',')) {
            space();
            return !(syntax.looseCommas && take(close));
        }
        if (take(close)) {
            return false;
        }
        if (!syntax.looseCommas) {
            throw new IllegalArgumentException("expected , or " + close + " at " + i);
        }
        return true;
    }

    private Number number() {
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        String n = s.substring(start, i);
        if (n.matches("-?\\d+")) {
            return Long.valueOf(n);
        }
        if (!syntax.decimals) {
            throw new IllegalArgumentException("not a whole number at " + start);
        }
        return Double.valueOf(n);
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (i < s.length() && s.charAt(i) != '"') {
            char c = s.charAt(i++);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = s.charAt(i++);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append(syntax.controlEscapes ? '\r' : e);
                case 'b' -> b.append(syntax.controlEscapes ? '\b' : e);
                case 'f' -> b.append(syntax.controlEscapes ? '\f' : e);
                case 'u' -> {
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        expect('"');
        return b.toString();
    }

    private void space() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private boolean take(char c) {
        if (i < s.length() && s.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!take(c)) {
            throw new IllegalArgumentException("expected " + c + " at " + i);
        }
    }
}
