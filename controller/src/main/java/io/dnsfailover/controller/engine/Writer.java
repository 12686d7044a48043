package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.plan.Plan;
import io.dnsfailover.controller.plan.Planner;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.provider.ResilientProvider;
import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads a group's record from its providers, and applies a plan: each provider on its own thread, so a
 * slow or failing provider (retrying with backoff) never holds up another, then read back.
 */
public final class Writer implements AutoCloseable {

    /** How long to wait for a provider's own sync signal (Route 53 INSYNC) after a write. */
    static final Duration SYNC_WAIT = Duration.ofSeconds(60);

    private final Providers providers;
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dnsfailover-write");
        t.setDaemon(true);
        return t;
    });

    public Writer(Providers providers) {
        this.providers = providers;
    }

    /** Reads every provider of the group, in parallel; a failure is kept in its entry, never thrown. */
    public List<Planner.Current> readAll(GroupConfig g) {
        RecordKey key = key(g);
        List<CompletableFuture<Planner.Current>> reads = new ArrayList<>();
        for (String name : g.providers()) {
            ResilientProvider p = providers.get(name);
            reads.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return Planner.Current.served(name, p.read(key), p.capabilities());
                } catch (RuntimeException e) {
                    return Planner.Current.failed(name, message(e), p.capabilities());
                }
            }, calls));
        }
        return reads.stream().map(CompletableFuture::join).toList();
    }

    /**
     * What happened to one provider's change.
     *
     * @param error why it failed, or {@code null}
     * @param verified true when the read-back showed the desired record set
     * @param served what the read-back showed (empty when it failed or showed nothing)
     */
    public record Outcome(String provider, boolean written, boolean verified, Optional<RecordSet> served, String error,
            Duration took) {}

    /** Applies every change of an applicable plan; a provider that fails does not stop the others. */
    public List<Outcome> apply(Plan plan) {
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        for (Plan.ProviderChange pc : plan.changes()) {
            outcomes.add(CompletableFuture.supplyAsync(() -> applyOne(plan, pc), calls));
        }
        return outcomes.stream().map(CompletableFuture::join).toList();
    }

    private Outcome applyOne(Plan plan, Plan.ProviderChange pc) {
        ResilientProvider p = providers.get(pc.provider());
        long start = System.nanoTime();
        try {
            ApplyResult result = p.apply(List.of(pc.change()));
            if (p.capabilities().syncStatus()) {
                p.awaitSync(result, SYNC_WAIT);
            }
        } catch (RuntimeException e) {
            return new Outcome(pc.provider(), false, false, Optional.empty(), message(e), since(start));
        }
        try {
            Optional<RecordSet> served = p.read(plan.key());
            boolean verified = served.isPresent() && served.get().equals(plan.desired());
            return new Outcome(pc.provider(), true, verified, served,
                    verified ? null : "read back " + served.map(RecordSet::toString).orElse("nothing") + " after writing " + plan.desired(),
                    since(start));
        } catch (RuntimeException e) {
            return new Outcome(pc.provider(), true, false, Optional.empty(), "written, but the read-back failed: " + message(e), since(start));
        }
    }

    @Override
    public void close() {
        calls.shutdownNow();
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
}
