package io.dnsfailover.providers;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The settings of one configured provider, secrets included (already resolved from {@code ${env:...}}).
 * {@link #toString()} shows the keys only, so that logging a settings object can never leak a secret.
 *
 * @param name the name the config gives the provider, for messages
 */
public record ProviderSettings(String name, Map<String, String> values) {

    public ProviderSettings {
        Objects.requireNonNull(name, "name");
        values = Map.copyOf(values);
    }

    /** The value, or {@code null}. */
    public String get(String key) {
        return values.get(key);
    }

    public String get(String key, String dflt) {
        return values.getOrDefault(key, dflt);
    }

    /** @throws IllegalArgumentException when absent (config validation normally catches it first) */
    public String require(String key) {
        String v = values.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("provider '" + name + "' needs the setting '" + key + "'");
        }
        return v;
    }

    @Override
    public String toString() {
        return "ProviderSettings[" + name + ", keys=" + new TreeMap<>(values).keySet() + "]";
    }
}
