package io.dnsfailover.providers.inmemory;

import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.DnsProviderFactory;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.SettingSpec;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Type {@code inmemory}: a provider that needs no account, for the demo and for tests. Its records live
 * in this process; providers created with the same config name share one store, so a one-shot command
 * and the code under test see the same records within a JVM.
 */
public final class InMemoryProviderFactory implements DnsProviderFactory {

    static final Capabilities CAPABILITIES = new Capabilities(EnumSet.allOf(RecordType.class), 0, true, false);

    private static final Map<String, InMemoryProvider> STORES = new ConcurrentHashMap<>();

    @Override
    public String type() {
        return "inmemory";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of();
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public DnsProvider create(ProviderSettings settings) {
        return STORES.computeIfAbsent(settings.name(), name -> new InMemoryProvider());
    }

    /** A new, empty provider that shares its records with no one (tests). */
    public static InMemoryProvider isolated() {
        return new InMemoryProvider();
    }
}
