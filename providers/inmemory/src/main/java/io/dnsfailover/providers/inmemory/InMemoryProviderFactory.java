package io.dnsfailover.providers.inmemory;

import io.dnsfailover.providers.Capabilities;
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
 *
 * <p>Setting {@code serveDns} (optional): a loopback address and port, {@code 127.0.0.1:5353} or
 * {@code [::1]:5353}, where the provider also answers DNS queries for its records, over UDP and TCP.
 * Port 0 picks a free port; {@link InMemoryProvider#dnsAddress()} tells which. Only loopback is
 * accepted: the listener has no access control. Creating a provider with {@code serveDns} binds the
 * address (the one exception to "create does no I/O", since serving is the point of the setting);
 * creating the same provider again with the same {@code serveDns} reuses the listener.
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
        return List.of(SettingSpec.optional(ServeDnsAddress.KEY, ServeDnsAddress.EXAMPLE));
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /** Checks that {@code serveDns}, when given, is a loopback address with a port; never binds it. */
    @Override
    public Map<String, String> validate(ProviderSettings settings) {
        String serveDns = settings.get(ServeDnsAddress.KEY);
        if (serveDns == null) {
            return Map.of();
        }
        try {
            ServeDnsAddress.parse(serveDns);
            return Map.of();
        } catch (IllegalArgumentException e) {
            return Map.of(ServeDnsAddress.KEY, e.getMessage());
        }
    }

    /**
     * The store of this config name, answering DNS on {@code serveDns} when that is set.
     *
     * @throws IllegalArgumentException when {@code serveDns} is invalid (validation normally catches it)
     * @throws io.dnsfailover.providers.ProviderException when the address cannot be bound, or the store
     *     already answers on another address
     */
    @Override
    public InMemoryProvider create(ProviderSettings settings) {
        InMemoryProvider provider = STORES.computeIfAbsent(settings.name(), name -> new InMemoryProvider());
        String serveDns = settings.get(ServeDnsAddress.KEY);
        if (serveDns != null) {
            provider.serveDns(ServeDnsAddress.parse(serveDns), settings.name());
        }
        return provider;
    }

    /** A new, empty provider that shares its records with no one (tests). */
    public static InMemoryProvider isolated() {
        return new InMemoryProvider();
    }
}
