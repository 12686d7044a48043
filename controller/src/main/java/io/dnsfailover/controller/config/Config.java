package io.dnsfailover.controller.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated config: what {@link ConfigLoader} gives when a file has no errors.
 *
 * @param file the file as the user named it (for messages)
 * @param providers DNS accounts by name, in file order
 * @param groups groups by name, in file order
 * @param notifiers where notifications go
 * @param state where state and journal are kept
 * @param warnings things that work but deserve attention (e.g. a TTL above 60 s)
 */
public record Config(
        String file,
        Map<String, ProviderConfig> providers,
        Map<String, GroupConfig> groups,
        List<NotifierConfig> notifiers,
        StateConfig state,
        List<ConfigProblem> warnings) {

    public Config {
        providers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(providers));
        groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
        notifiers = List.copyOf(notifiers);
        warnings = List.copyOf(warnings);
    }

    /** Where state lives. */
    public record StateConfig(Path dir) {}
}
