package io.dnsfailover.controller.provider;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ProviderConfig;
import io.dnsfailover.providers.DnsProvider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The config's providers, opened through their adapters and wrapped in one resilience policy. */
public final class Providers implements AutoCloseable {

    private final Map<String, ResilientProvider> byName;

    private Providers(Map<String, ResilientProvider> byName) {
        this.byName = byName;
    }

    /** Creates every provider of the config (no I/O yet). The config was validated against the same registry. */
    public static Providers open(Config config, ProviderRegistry registry, Resilience policy) {
        Map<String, ResilientProvider> out = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers().values()) {
            DnsProvider adapter = registry.factory(p.type())
                    .orElseThrow(() -> new IllegalStateException("no adapter for provider type " + p.type()))
                    .create(p.toSettings());
            // an open breaker must not hold a failover back longer than the shortest interval of a group on it
            Duration shortest = config.groups().values().stream().filter(g -> g.providers().contains(p.name()))
                    .map(g -> g.check().interval()).min(Duration::compareTo).orElse(policy.breakerOpenFor());
            out.put(p.name(), new ResilientProvider(p.name(), adapter, policy.openingAtMost(shortest)));
        }
        return new Providers(out);
    }

    /** Exactly these providers, by their names (tests, and callers that build adapters themselves). */
    public static Providers of(java.util.List<ResilientProvider> providers) {
        Map<String, ResilientProvider> out = new LinkedHashMap<>();
        providers.forEach(p -> out.put(p.name(), p));
        return new Providers(out);
    }

    /** @throws IllegalArgumentException for a name the config does not define */
    public ResilientProvider get(String name) {
        ResilientProvider p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no provider '" + name + "' in the config");
        }
        return p;
    }

    /** Every provider, by name, in config order. */
    public java.util.Collection<ResilientProvider> all() {
        return byName.values();
    }

    @Override
    public void close() {
        byName.values().forEach(ResilientProvider::close);
    }
}
