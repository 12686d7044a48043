package io.dnsfailover.health;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a response body must contain: a plain substring, or a regular expression written between slashes
 * ({@code /ok|healthy/}), found anywhere in the body.
 */
public final class BodyMatcher {

    private final String text;
    private final Pattern pattern;

    private BodyMatcher(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /**
     * @throws IllegalArgumentException when the text is empty or a {@code /regex/} does not compile
     */
    public static BodyMatcher parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("expected a substring or a /regex/ to find in the body, but was empty");
        }
        if (text.length() >= 2 && text.startsWith("/") && text.endsWith("/")) {
            try {
                return new BodyMatcher(text, Pattern.compile(text.substring(1, text.length() - 1)));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("the regular expression " + text + " does not compile: "
                        + e.getDescription() + " near index " + e.getIndex());
            }
        }
        return new BodyMatcher(text, null);
    }

    /** True when the substring occurs in the body, or the regular expression is found anywhere in it. */
    public boolean matches(CharSequence body) {
        return pattern != null ? pattern.matcher(body).find() : body.toString().contains(text);
    }

    /** True when written as {@code /regex/}. */
    public boolean isRegex() {
        return pattern != null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BodyMatcher other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** As written: {@code ok} or {@code /regex/}. */
    @Override
    public String toString() {
        return text;
    }
}
