package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.Decision;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.plan.Plan;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.provider.Resilience;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.Observations;
import io.dnsfailover.controller.state.StateStore;
import io.dnsfailover.controller.state.StateUnusableException;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Checker;
import io.dnsfailover.health.ProbeTarget;
import io.dnsfailover.providers.Capabilities;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A one-shot command's tick ({@code plan}, {@code failover}, {@code failback}): the same {@link Tick} as the
 * daemon's, with an operator's input, fresh reads of every provider, each target probed once (or the
 * daemon's saved health when it is fresh), and the same {@link EffectRunner}. It waits for its writes to end.
 * Groups may be run from several threads at once.
 */
public final class OneShotRun implements AutoCloseable {

    /**
     * What the command did.
     *
     * @param held why an applicable plan was not written, or {@code null}
     * @param outcomes how each provider's write ended (empty when none was written)
     */
    public record Result(GroupConfig group, List<TargetStatus> statuses, Decision decision, Plan plan, String held,
            List<WriteOutcome> outcomes) {

        public boolean anyWriteFailed() {
            return outcomes.stream().anyMatch(o -> !o.ok());
        }
    }

    private final Providers providers;
    private final ProviderCalls calls;
    /** Made at the first probe: a command that finds the daemon's view fresh everywhere probes nothing. */
    private Checker checker;
    private final StateStore store;
    private final EffectRunner runner;
    private final TickSettings settings;
    private final Clock clock;
    private final Duration wait;
    private volatile StateStore.ObservationsRead observations;
    private final Map<String, Look> ahead = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger probed = new AtomicInteger();
    private final AtomicInteger watched = new AtomicInteger();
    private final java.net.InetAddress sourceAddress;

    /**
     * @param store the state store, or {@code null} when there is none to read (only with {@link EffectRunner.Mode#PREVIEW})
     */
    public OneShotRun(Config config, StateStore store, EffectRunner.Mode mode, Resilience policy, Clock clock) {
        this.providers = Providers.open(config, ProviderRegistry.load(), policy);
        this.calls = new ProviderCalls(providers, clock);
        this.store = store;
        this.clock = clock;
        this.runner = new EffectRunner(store, null, clock, mode);
        Map<String, Capabilities> caps = new LinkedHashMap<>();
        providers.all().forEach(p -> caps.put(p.name(), p.capabilities()));
        this.settings = new TickSettings(config.owner(), Duration.ZERO, config.alarms().remindEvery(),
                config.alarms().providerFailingAfter(), caps);
        this.wait = policy.callTimeout().multipliedBy(policy.maxAttempts()).plus(policy.maxBackoff());
        this.sourceAddress = config.sourceAddress();
    }

    /**
     * Runs the command's tick for {@code g}.
     *
     * @throws StateUnusableException when the group's saved state cannot be used
     */
    public Result run(GroupConfig g, Operator operator) {
        StateStore.GroupRead saved = store == null ? StateStore.GroupRead.absent() : store.read(g.name());
        if (saved.unusable() != null) {
            throw new StateUnusableException(null, saved.unusable());
        }
        List<TargetStatus> statuses = statuses(g);
        Instant now = clock.instant();
        Memory memory = Memory.initial(g);
        TickInput in = new TickInput(g, settings, statuses, null, false, saved, Map.of(), java.util.Set.of(), operator, now);
        TickResult r = Tick.decide(memory, in);
        for (int pass = 0; !r.readsWanted().isEmpty() && pass < 3; pass++) {
            Instant until = clock.instant().plus(wait);
            in = in.withReads(calls.read(g, r.readsWanted(), until, until));
            r = Tick.decide(memory, in);
        }
        if (!r.readsWanted().isEmpty()) {
            throw new IllegalStateException("providers " + r.readsWanted() + " could not be read in time");
        }
        memory = r.memory();
        runner.run(g.name(), r.effects(), w -> calls.write(g, w, clock.instant().plus(wait)));
        List<WriteOutcome> outcomes = calls.finished(g.name(), clock.instant().plus(wait).plus(ProviderCalls.SYNC_WAIT));
        if (!outcomes.isEmpty()) {
            StateStore.GroupRead after = store.read(g.name());
            GroupState state = after.present() ? after.state() : GroupState.EMPTY;
            runner.run(g.name(), Written.take(memory, g, state, outcomes, calls.busy(g.name()), clock.instant()).effects(), w -> {});
        }
        return new Result(g, statuses, r.decision(), r.plan(), r.held(), outcomes);
    }

    /**
     * Starts now the probes that {@link #run} will need for each of {@code groups} (the targets of which the daemon's
     * view is not fresh), all at once: a command over many groups then waits about one probe timeout in all, not one
     * per group.
     */
    public void probeAhead(List<GroupConfig> groups) {
        for (GroupConfig g : groups) {
            ahead.put(g.name(), look(g));
        }
    }

    /** What is known of each target now: the daemon's fresh view, or a probe started now. */
    private record Look(List<TargetStatus> seen, Map<Integer, CompletableFuture<CheckResult>> probes) {}

    private Look look(GroupConfig g) {
        Observations daemon = observations().observations();
        Instant now = clock.instant();
        List<TargetStatus> seen = new ArrayList<>();
        Map<Integer, CompletableFuture<CheckResult>> probes = new LinkedHashMap<>();
        for (int i = 0; i < g.targets().size(); i++) {
            Optional<TargetStatus> daemonView = Observation.fromDaemon(g, i, daemon, now);
            seen.add(daemonView.orElse(null));
            if (daemonView.isEmpty()) {
                GroupConfig.TargetConfig t = g.targets().get(i);
                probes.put(i, checker().probe(g.check().spec(), new ProbeTarget(t.address(), g.check().hostName())));
            }
        }
        return new Look(seen, probes);
    }

    /**
     * Each target's status: a running daemon's view where it is fresh (its latest probe younger than two
     * intervals), else one probe (started by {@link #probeAhead}, or now); the probes of the group run at once.
     */
    private List<TargetStatus> statuses(GroupConfig g) {
        Look look = ahead.remove(g.name());
        if (look == null) {
            look = look(g);
        }
        List<TargetStatus> statuses = new ArrayList<>(look.seen());
        look.probes().forEach((i, probe) -> statuses.set(i, Observation.fromProbe(g, i, probe.join())));
        probed.addAndGet(look.probes().size());
        watched.addAndGet(statuses.size() - look.probes().size());
        return statuses;
    }

    private synchronized Checker checker() {
        if (checker == null) {
            checker = Checker.builder().sourceAddress(sourceAddress).build();
        }
        return checker;
    }

    /** The daemon's observations, read once per command. */
    private synchronized StateStore.ObservationsRead observations() {
        if (observations == null) {
            observations = store == null ? StateStore.ObservationsRead.none("there is no state directory") : store.observations();
        }
        return observations;
    }

    /**
     * Where the targets' health came from so far, e.g. {@code health: the daemon's view of 8 targets; 2 probed now
     * (their latest daemon probe is older than two intervals)}.
     */
    public String healthSource() {
        String why = observations().observations() == null ? observations().absent()
                : "the daemon's latest probe of each is older than two intervals, or it does not watch them";
        if (probed.get() == 0) {
            return "health: the daemon's view of all " + watched + " targets (probes younger than two intervals; nothing probed)";
        }
        return "health: " + (watched.get() == 0 ? "" : "the daemon's view of " + watched + " targets; ") + probed + " targets probed now ("
                + why + ")";
    }

    @Override
    public void close() {
        Checker made;
        synchronized (this) {
            made = checker;
        }
        if (made != null) {
            made.close();
        }
        calls.close();
        providers.close();
    }
}
