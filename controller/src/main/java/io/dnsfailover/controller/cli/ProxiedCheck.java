package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigProblem;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.config.ProviderConfig;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.controller.provider.Resilience;
import io.dnsfailover.controller.provider.ResilientProvider;
import io.dnsfailover.providers.DnsProviderFactory;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code validate}'s look at what the providers serve, for what the config alone cannot say: whether a group's
 * record is proxied (Cloudflare's orange cloud). Only providers whose type can serve a record proxied
 * ({@link io.dnsfailover.providers.Capabilities#proxiedRecords()}) are created and read, one read per group and
 * such provider, once, in parallel; the others cost nothing. A read that fails is reported as not read, never as
 * a problem of the config.
 */
final class ProxiedCheck {

    /** One attempt of at most 5 s per read: validate says what it can, it does not wait out a failing provider. */
    static final Resilience POLICY = new Resilience(1, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), 5, 50f,
            Duration.ofSeconds(30));

    /** The longest the whole look may take. */
    static final Duration WAIT = Duration.ofSeconds(20);

    /** How many reads run at once. */
    static final int IN_FLIGHT = 16;

    /**
     * @param warnings one per group and provider that serves the record proxied, at {@code groups.NAME.record}
     * @param unread a sentence per group and provider whose record could not be read
     */
    record Result(List<ConfigProblem> warnings, List<Unread> unread) {

        static final Result NOTHING = new Result(List.of(), List.of());

        boolean isEmpty() {
            return warnings.isEmpty() && unread.isEmpty();
        }
    }

    /** A record that could not be read, and why. */
    record Unread(String group, String provider, String reason) {

        @Override
        public String toString() {
            return "group " + group + ", provider " + provider + ": not read, so whether it is proxied is not known (" + reason + ")";
        }
    }

    private ProxiedCheck() {}

    static Result run(Config c, ProviderRegistry registry, Clock clock) {
        Map<String, ResilientProvider> proxying = new LinkedHashMap<>();
        try {
            for (ProviderConfig p : c.providers().values()) {
                Optional<DnsProviderFactory> f = registry.factory(p.type());
                if (f.isPresent() && f.get().capabilities().proxiedRecords()) {
                    proxying.put(p.name(), new ResilientProvider(p.name(), f.get().create(p.toSettings()), POLICY, clock));
                }
            }
            if (proxying.isEmpty()) {
                return Result.NOTHING;
            }
            return read(c, proxying, clock);
        } finally {
            proxying.values().forEach(ResilientProvider::close);
        }
    }

    private record Asked(GroupConfig group, String provider, Future<Optional<RecordSet>> read) {}

    private static Result read(Config c, Map<String, ResilientProvider> proxying, Clock clock) {
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
            Thread t = new Thread(r, "dnsfailover-validate-read");
            t.setDaemon(true);
            return t;
        });
        try {
            Instant until = clock.instant().plus(WAIT);
            List<Asked> asked = new ArrayList<>();
            for (GroupConfig g : c.groups().values()) {
                RecordKey key = new RecordKey(g.record().zone(), g.record().name(), g.record().type());
                for (String p : g.providers()) {
                    ResilientProvider provider = proxying.get(p);
                    if (provider != null) {
                        asked.add(new Asked(g, p, pool.submit(() -> provider.read(key, until))));
                    }
                }
            }
            List<ConfigProblem> warnings = new ArrayList<>();
            List<Unread> unread = new ArrayList<>();
            for (Asked a : asked) {
                try {
                    long ms = Math.max(0, Duration.between(clock.instant(), until).toMillis());
                    a.read().get(ms, TimeUnit.MILLISECONDS).filter(RecordSet::proxied)
                            .ifPresent(set -> warnings.add(new ConfigProblem(c.file(), 0, 0, "groups." + a.group().name() + ".record",
                                    sentence(a.group(), a.provider(), set))));
                } catch (ExecutionException e) {
                    unread.add(new Unread(a.group().name(), a.provider(), String.valueOf(e.getCause().getMessage())));
                } catch (TimeoutException e) {
                    a.read().cancel(true);
                    unread.add(new Unread(a.group().name(), a.provider(), "no answer within " + WAIT.toSeconds() + " s"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    unread.add(new Unread(a.group().name(), a.provider(), "interrupted"));
                }
            }
            return new Result(warnings, unread);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What a proxied failover record means for the group, in one paragraph. */
    static String sentence(GroupConfig g, String provider, RecordSet served) {
        String clients = g.clients().isEmpty() ? "client names CNAMEd to it" : String.join(", ", g.clients());
        return "provider " + provider + " serves " + served.key() + " proxied: DNS clients get the provider's own addresses, so"
                + " the origin address " + served.values() + " is hidden from them (and from any DNS check of the name), and a"
                + " failover changes only the origin the proxy forwards to; the TTL is the provider's (" + served.ttl()
                + " s), record.ttl " + g.record().ttl() + " is not applied. A CNAME chain through a proxied name ("
                + clients + ") changes nothing for client caches: they hold the proxy's addresses, which a failover"
                + " leaves as they are. To fail over in DNS, make the record DNS-only (grey cloud)";
    }
}
