package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.plan.Ownership;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.provider.ResilientProvider;
import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The provider calls of every group, each on its own thread with its own deadline, so that a hung or slow
 * provider holds up neither another provider of the same group nor another group. A caller waits only as long
 * as it chooses; a call still running then goes on in the background, and its result is given to the
 * group's next tick. A group never has two reads (or two writes) of one provider in flight: a tick that
 * wants a read already running joins it.
 */
public final class ProviderCalls implements AutoCloseable {

    /** How long to wait for a provider's own sync signal (Route 53 INSYNC) after a write. */
    static final Duration SYNC_WAIT = Duration.ofSeconds(60);

    private record Running<T>(String provider, Instant since, CompletableFuture<T> future) {}

    private final Providers providers;
    private final Clock clock;
    private final Map<String, Running<ProviderRead>> reads = new ConcurrentHashMap<>();
    private final Map<String, List<Running<WriteOutcome>>> writes = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dnsfailover-call");
        t.setDaemon(true);
        return t;
    });

    public ProviderCalls(Providers providers, Clock clock) {
        this.providers = providers;
        this.clock = clock;
    }

    /**
     * Reads {@code names} of the group (the record and, where the provider holds one, its ownership marker),
     * waiting until each has ended or {@code waitUntil}; a read still running then is given as pending.
     *
     * @param retryDeadline the last moment a retry of a read may start
     */
    public Map<String, ProviderRead> read(GroupConfig g, Set<String> names, Instant waitUntil, Instant retryDeadline) {
        Map<String, Running<ProviderRead>> mine = new LinkedHashMap<>();
        for (String p : names) {
            mine.put(p, reads.computeIfAbsent(g.name() + "\0" + p, k -> new Running<>(p, clock.instant(),
                    CompletableFuture.supplyAsync(() -> readOne(g, p, retryDeadline), pool))));
        }
        awaitAll(mine.values().stream().map(Running::future).toList(), waitUntil);
        Map<String, ProviderRead> out = new LinkedHashMap<>();
        mine.forEach((p, r) -> {
            if (r.future().isDone()) {
                reads.remove(g.name() + "\0" + p, r);
                out.put(p, r.future().join());
            } else {
                out.put(p, ProviderRead.pending(p, r.since()));
            }
        });
        return out;
    }

    private ProviderRead readOne(GroupConfig g, String name, Instant deadline) {
        ResilientProvider p = providers.get(name);
        RecordKey key = key(g);
        try {
            Optional<RecordSet> record = p.read(key, deadline);
            Optional<RecordSet> marker = p.capabilities().supports(RecordType.TXT) ? p.read(Ownership.markerKey(key), deadline)
                    : Optional.empty();
            return ProviderRead.ok(name, clock.instant(), record, marker);
        } catch (RuntimeException e) {
            return ProviderRead.failed(name, clock.instant(), message(e));
        }
    }

    /** Starts a write; its outcome is given by {@link #finished}. */
    public void write(GroupConfig g, Effect.Write w, Instant retryDeadline) {
        Running<WriteOutcome> r = new Running<>(w.provider(), clock.instant(),
                CompletableFuture.supplyAsync(() -> writeOne(g, w, retryDeadline), pool));
        writes.computeIfAbsent(g.name(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(r);
    }

    private WriteOutcome writeOne(GroupConfig g, Effect.Write w, Instant deadline) {
        ResilientProvider p = providers.get(w.provider());
        long start = System.nanoTime();
        ApplyResult result;
        try {
            result = p.apply(w.changes(), deadline);
            if (p.capabilities().syncStatus()) {
                p.awaitSync(result, SYNC_WAIT);
            }
        } catch (RuntimeException e) {
            boolean conflict = e instanceof ProviderException pe && pe.kind() == ProviderException.Kind.CONFLICT;
            boolean retryable = e instanceof ProviderException pe && pe.isTransient();
            return new WriteOutcome(w, false, false, Optional.empty(), message(e), conflict, retryable, List.of(), since(start),
                    clock.instant());
        }
        try {
            // the read-back gets a budget of its own: the write landed, and saying so must not fail for want of time
            Optional<RecordSet> served = p.read(w.desired().key(), clock.instant().plus(p.policy().callTimeout()));
            // a proxied set serves the values with the provider's own TTL: verified on its values
            boolean verified = served.isPresent() && served.get().satisfies(w.desired());
            return new WriteOutcome(w, true, verified, served, verified ? null : "read back "
                    + served.map(RecordSet::toString).orElse("nothing") + " after writing " + w.desired(), false, true, result.races(),
                    since(start), clock.instant());
        } catch (RuntimeException e) {
            return new WriteOutcome(w, true, false, Optional.empty(), "written, but the read-back failed: " + message(e), false, true,
                    result.races(), since(start), clock.instant());
        }
    }

    /** The providers of the group with a write still running. */
    public Set<String> busy(String group) {
        Set<String> out = new LinkedHashSet<>();
        for (Running<WriteOutcome> r : writes.getOrDefault(group, List.of())) {
            if (!r.future().isDone()) {
                out.add(r.provider());
            }
        }
        return out;
    }

    /** The group's writes that have ended, waiting until every one has or {@code waitUntil}; each is given once. */
    public List<WriteOutcome> finished(String group, Instant waitUntil) {
        List<Running<WriteOutcome>> mine = writes.getOrDefault(group, List.of());
        awaitAll(mine.stream().map(Running::future).toList(), waitUntil);
        List<WriteOutcome> out = new ArrayList<>();
        for (Running<WriteOutcome> r : mine) {
            if (r.future().isDone()) {
                mine.remove(r);
                out.add(r.future().join());
            }
        }
        return out;
    }

    private void awaitAll(List<? extends CompletableFuture<?>> futures, Instant until) {
        long ms = Duration.between(clock.instant(), until).toMillis();
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(Math.max(0, ms), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // what has not ended goes on; the caller looks at each future
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static RecordKey key(GroupConfig g) {
        return new RecordKey(g.record().zone(), g.record().name(), g.record().type());
    }

    static String message(RuntimeException e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
