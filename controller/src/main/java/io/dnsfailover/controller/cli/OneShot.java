package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.Decider;
import io.dnsfailover.controller.decide.Decision;
import io.dnsfailover.controller.decide.DecisionInput;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.engine.Observation;
import io.dnsfailover.controller.engine.Writer;
import io.dnsfailover.controller.plan.Planner;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.state.FileStateStore;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.State;
import io.dnsfailover.controller.state.StateStore;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Checker;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a one-shot command ({@code plan}, {@code failover}, {@code failback}) works with: the providers,
 * a checker, and the state directory (shared with a running daemon, so every write goes through the
 * store's lock). Probes every target once and says so.
 */
final class OneShot implements AutoCloseable {

    final Config config;
    final Providers providers;
    final Writer writer;
    final Checker checker;
    final Clock clock = Clock.systemUTC();
    private final StateStore store;

    private OneShot(Config config, StateStore store) {
        this.config = config;
        this.store = store;
        this.providers = Providers.open(config, ProviderRegistry.load(), StatusCommand.ONE_SHOT);
        this.writer = new Writer(providers);
        this.checker = Checker.builder().build();
    }

    /** Opens the state directory for reading and writing (creating it when missing). */
    static OneShot writing(Config config) {
        return new OneShot(config, FileStateStore.open(config.state().dir()));
    }

    /** Reads the state directory if there is one; creates nothing (for {@code plan}, which writes nothing). */
    static OneShot reading(Config config) {
        return new OneShot(config, Files.isDirectory(config.state().dir()) ? FileStateStore.open(config.state().dir()) : null);
    }

    State state() {
        return store == null ? State.EMPTY : store.load();
    }

    StateStore store() {
        if (store == null) {
            throw new IllegalStateException("no state store open for writing");
        }
        return store;
    }

    /** Probes every target once; each status is that probe, or the daemon's fresher verdict (DESIGN §7). */
    List<TargetStatus> observe(GroupConfig g, GroupState saved) {
        List<CheckResult> results = Observation.probeAll(checker, g);
        Instant now = clock.instant();
        List<TargetStatus> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            out.add(Observation.fromProbe(g, i, results.get(i), Optional.ofNullable(saved.health().get(g.targets().get(i).name())), now));
        }
        return out;
    }

    /** What is served now: the first readable provider's values; else what the state says was published. */
    static List<String> published(List<Planner.Current> reads, GroupState saved) {
        return reads.stream().filter(c -> c.error() == null).findFirst()
                .map(c -> c.served().map(s -> s.values()).orElse(List.<String>of()))
                .orElse(saved.published());
    }

    Decision decide(GroupConfig g, List<TargetStatus> statuses, List<String> published, GroupState saved, String override,
            boolean operatorFailback) {
        return Decider.decide(new DecisionInput(g, statuses, published, override, operatorFailback, saved.lastSwitch(), clock.instant()));
    }

    @Override
    public void close() {
        checker.close();
        writer.close();
        providers.close();
        if (store != null) {
            store.close();
        }
    }
}
