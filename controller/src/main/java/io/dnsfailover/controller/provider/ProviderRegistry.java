package io.dnsfailover.controller.provider;

import io.dnsfailover.providers.DnsProviderFactory;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The provider adapters on the class path, by type, found with {@link ServiceLoader}. */
public final class ProviderRegistry {

    private final Map<String, DnsProviderFactory> factories;

    private ProviderRegistry(Map<String, DnsProviderFactory> factories) {
        this.factories = factories;
    }

    /**
     * Every adapter registered in {@code META-INF/services}.
     *
     * @throws IllegalStateException when two adapters claim one type: which one would run is not ours to guess
     */
    public static ProviderRegistry load() {
        return of(ServiceLoader.load(DnsProviderFactory.class, ProviderRegistry.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    /** A registry of exactly these factories (tests). */
    public static ProviderRegistry of(Collection<? extends DnsProviderFactory> factories) {
        Map<String, DnsProviderFactory> byType = new TreeMap<>();
        for (DnsProviderFactory f : factories) {
            DnsProviderFactory other = byType.putIfAbsent(f.type(), f);
            if (other != null) {
                throw new IllegalStateException("two provider adapters claim type '" + f.type() + "': "
                        + other.getClass().getName() + " and " + f.getClass().getName() + "; remove one from the class path");
            }
        }
        return new ProviderRegistry(Map.copyOf(byType));
    }

    public Optional<DnsProviderFactory> factory(String type) {
        return Optional.ofNullable(factories.get(type));
    }

    /** The available types, sorted. */
    public Collection<String> types() {
        return new TreeMap<>(factories).keySet();
    }
}
