package io.dnsfailover.controller.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A config value that must never be printed: an API key, a token, a TSIG secret, a password, a header
 * value. {@link #toString()} shows {@code ***}, or the {@code ${env:...}} / {@code ${file:...}}
 * reference it was read from, which is safe to show; only {@link #reveal()} gives the value.
 */
public final class Secret {

    private static final String HIDDEN = "***";

    private final String value;
    private final String shown;

    private Secret(String value, String shown) {
        this.value = Objects.requireNonNull(value, "value");
        this.shown = shown;
    }

    /** A secret written literally in the config (shown as {@code ***}). */
    public static Secret of(String value) {
        return new Secret(value, HIDDEN);
    }

    /** A secret read through a reference such as {@code ${env:CLOUDFLARE_API_TOKEN}}. */
    static Secret fromReference(String value, String reference) {
        return new Secret(value, reference);
    }

    public String reveal() {
        return value;
    }

    @JsonValue
    @Override
    public String toString() {
        return shown;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
