package io.dnsfailover.providers;

import java.util.List;
import java.util.Map;

/**
 * Makes {@link DnsProvider}s of one type. Found with {@link java.util.ServiceLoader} (register the
 * implementation in {@code META-INF/services/io.dnsfailover.providers.DnsProviderFactory}); two factories
 * of one type are an error at start-up.
 */
public interface DnsProviderFactory {

    /** The {@code type:} in the config, e.g. {@code powerdns}. */
    String type();

    /** The settings this type takes; the config loader rejects any other key and checks required ones. */
    List<SettingSpec> settings();

    /** What this type can do, known before any provider is created (checked when the config loads). */
    Capabilities capabilities();

    /**
     * Checks the values of settings (format, ranges, combinations), at config load, without I/O.
     *
     * @return problems by setting key (an empty key for the provider as a whole); empty when all is well.
     *     Messages never contain a secret value.
     */
    default Map<String, String> validate(ProviderSettings settings) {
        return Map.of();
    }

    /** A provider for validated settings. Creates clients but does no I/O. */
    DnsProvider create(ProviderSettings settings);
}
