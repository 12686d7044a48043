package io.dnsfailover.controller.config;

import io.dnsfailover.providers.ProviderSettings;
import java.util.HashMap;
import java.util.Map;

/**
 * One DNS account.
 *
 * @param name the name groups refer to it by
 * @param type the adapter type, e.g. {@code powerdns}
 * @param settings plain settings (endpoint, server, ...)
 * @param secrets credentials (API keys, tokens, TSIG secrets): never printed
 */
public record ProviderConfig(String name, String type, Map<String, String> settings, Map<String, Secret> secrets) {

    public ProviderConfig {
        settings = Map.copyOf(settings);
        secrets = Map.copyOf(secrets);
    }

    /** Everything the adapter needs, secrets revealed: hand it only to the adapter's factory. */
    public ProviderSettings toSettings() {
        Map<String, String> all = new HashMap<>(settings);
        secrets.forEach((k, v) -> all.put(k, v.reveal()));
        return new ProviderSettings(name, all);
    }
}
