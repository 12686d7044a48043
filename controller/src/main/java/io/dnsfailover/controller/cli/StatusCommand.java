package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.cluster.ClusterView;
import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.engine.ProviderCalls;
import io.dnsfailover.controller.engine.ProviderRead;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.provider.Resilience;
import io.dnsfailover.controller.state.DatabaseStateStore;
import io.dnsfailover.controller.state.FileStateStore;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.State;
import io.dnsfailover.controller.state.StateStore;
import io.dnsfailover.controller.state.StateUnusableException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dnsfailover status [GROUP]}: what each provider serves now for each group's record, which
 * target that is, and a warning for a TTL above 60 s. A provider that fails is reported in its row; the
 * others still print; the exit code is 1 when any failed.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show what each provider serves now for each group's record and which target that is.",
            "A value that is no configured target shows as 'foreign'. Exits 1 when a provider could not be read."})
final class StatusCommand implements Callable<Integer> {

    /** A one-shot read gives up sooner than the daemon: two attempts, 10 s each. */
    static final Resilience ONE_SHOT = new Resilience(2, Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(10),
            10, 50f, Duration.ofSeconds(30));

    /** How many groups' reads run at once: enough to overlap the providers' latency, few enough to need no thread per group. */
    static final int IN_FLIGHT = 32;

    /** The longest a read may take, every attempt of {@link #ONE_SHOT} included. */
    static final Duration WAIT = Duration.ofSeconds(25);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    OutputOption output;

    @Mixin
    LocalOption daemon;

    @Parameters(arity = "0..1", paramLabel = "GROUP", description = "Only this group.")
    String group;

    @Override
    public Integer call() {
        if (!daemon.local) {
            Optional<Integer> answered = AskDaemon.answer(spec, config, LocalOption.args("status", List.of("-o", output.format.name()), group));
            if (answered.isPresent()) {
                return answered.get();
            }
        }
        // logging and the state's readers warm up while the config is read, and the state is read while the
        // providers are asked
        Thread logging = Logging.start();
        CompletableFuture<Saved.Where> where = new CompletableFuture<>();
        FutureTask<Saved> saved = Saved.reader(where, ConfigOption.stateReader());
        Config c;
        List<GroupConfig> groups;
        try {
            c = config.load();
            groups = CheckCommand.select(spec, c, group);
        } catch (RuntimeException | Error e) {
            where.cancel(false); // no config, or no such group: the reader ends
            throw e;
        }
        Logging.ready(logging); // before the reader and the providers' threads log
        where.complete(new Saved.Where(c, group == null ? null : groups.stream().map(GroupConfig::name).toList()));
        List<StatusReport.Row> rows = new ArrayList<>();
        Clock clock = Clock.systemUTC();
        try (Providers providers = Providers.open(c, ProviderRegistry.load(), ONE_SHOT);
                ProviderCalls calls = new ProviderCalls(providers, clock)) {
            // the providers are asked in parallel, at most IN_FLIGHT groups at a time; results are taken in order
            for (int i = 0; i < Math.min(IN_FLIGHT, groups.size()); i++) {
                GroupConfig g = groups.get(i);
                calls.read(g, new LinkedHashSet<>(g.providers()), clock.instant(), clock.instant().plus(WAIT));
            }
            for (int i = 0; i < groups.size(); i++) {
                GroupConfig g = groups.get(i);
                if (i + IN_FLIGHT < groups.size()) {
                    GroupConfig next = groups.get(i + IN_FLIGHT);
                    calls.read(next, new LinkedHashSet<>(next.providers()), clock.instant(), clock.instant().plus(WAIT));
                }
                Instant until = clock.instant().plus(WAIT);
                for (ProviderRead r : calls.read(g, new LinkedHashSet<>(g.providers()), until, until).values()) {
                    rows.add(r.pending() ? StatusReport.Row.failed(g, r.provider(), "no answer within " + WAIT.toSeconds() + " s")
                            : r.error() != null ? StatusReport.Row.failed(g, r.provider(), r.error())
                            : StatusReport.Row.served(g, r.provider(), r.record().orElse(null)));
                }
            }
        }
        Saved s = Saved.join(saved);
        Instant now = clock.instant();
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.json() ? ClusterReport.withCluster(StatusReport.json(groups, rows, s.state(), s.seen(), now), s.cluster()) + "\n"
                : StatusReport.text(rows) + StatusReport.text(groups, s.state(), s.seen(), now) + ClusterReport.text(s.cluster()));
        out.flush();
        return rows.stream().anyMatch(r -> r.error() != null) ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /** The state and the daemon's observations as saved in the state directory; nothing when there is none. */
    record Saved(State state, StateStore.ObservationsRead seen, ClusterView cluster) {

        /** Where the state is, and which groups' state to read ({@code null}: every group's). */
        record Where(Config config, List<String> groups) {}

        /**
         * Starts a thread that warms the state's readers up at once, then reads the state {@code where} says with the
         * store {@code open} gives (and ends when it is cancelled).
         */
        static FutureTask<Saved> reader(CompletableFuture<Where> where, Function<Config, StateStore> open) {
            FutureTask<Saved> task = new FutureTask<>(() -> {
                FileStateStore.warmUp();
                return read(where.get(), open);
            });
            Thread t = new Thread(task, "dnsfailover-state-read");
            t.setDaemon(true);
            t.start();
            return task;
        }

        static Saved read(Where where, Function<Config, StateStore> open) {
            StateStore opened = open.apply(where.config());
            if (opened == null) {
                return new Saved(State.EMPTY, StateStore.ObservationsRead.none("there is no state directory "
                        + where.config().state().dir()), null);
            }
            try (StateStore store = opened) {
                State state = where.groups() == null ? store.load() : only(store, where.groups());
                StateStore inner = store instanceof ReadOnlyStore lent ? lent.lent() : store;
                ClusterView cluster = inner instanceof DatabaseStateStore db ? ClusterView.read(db, where.config().cluster(),
                        where.config().groups().values().stream()
                                .filter(g -> where.groups() == null || where.groups().contains(g.name())).toList()) : null;
                return new Saved(state, store.observations(), cluster);
            }
        }

        /** The state of {@code groups} alone, read group by group. */
        private static State only(StateStore store, List<String> groups) {
            Map<String, GroupState> out = new TreeMap<>();
            for (String g : groups) {
                StateStore.GroupRead r = store.read(g);
                if (r.unusable() != null) {
                    throw new StateUnusableException(null, r.unusable());
                }
                if (r.present()) {
                    out.put(g, r.state());
                }
            }
            return new State(out);
        }
        /** The read's result; what it threw (a state that cannot be used) is thrown here, as if read on this thread. */
        static Saved join(FutureTask<Saved> read) {
            try {
                return read.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the state", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
