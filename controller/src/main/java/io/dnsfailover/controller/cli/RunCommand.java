package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.cluster.ClusterHealth;
import io.dnsfailover.controller.cluster.DatabaseSharedMemory;
import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.engine.Engine;
import io.dnsfailover.controller.engine.Options;
import io.dnsfailover.controller.engine.EffectRunner;
import io.dnsfailover.controller.engine.HealthSource;
import io.dnsfailover.controller.notify.Notifications;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.provider.Resilience;
import io.dnsfailover.controller.schedule.Daemon;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.DaemonLock;
import io.dnsfailover.controller.state.DatabaseStateStore;
import io.dnsfailover.controller.state.StateStore;
import io.dnsfailover.controller.state.StateUnusableException;
import io.dnsfailover.health.Checker;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dnsfailover run}: the daemon. Checks every target at its group's interval, decides, and writes
 * DNS when the decision changes. On SIGTERM or SIGINT it finishes the tick in flight (a write completes),
 * flushes the journal and exits 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the daemon: check, decide and fail over (and back) until stopped with SIGTERM or Ctrl-C.",
            "A second daemon on the same state directory refuses to start."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--dry-run", description = "Do everything but write: log and journal (as dry-run) the changes it would make.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        ConfigLoader.Loaded loaded = config.loadFile();
        Config c = loaded.config();
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        try (StateStore store = Stores.forDaemon(c, Resilience.DEFAULT);
                AutoCloseable daemonLock = store.lockForDaemon()) {
            // a daemon that cannot use its state must not run: it would forget pins, or do nothing every tick
            store.load();
            List<String> problems = store.problems();
            if (!problems.isEmpty()) {
                throw new StateUnusableException(null, String.join("; ", problems));
            }
            EffectRunner journal = new EffectRunner(store, null, clock, dryRun ? EffectRunner.Mode.DRY_RUN : EffectRunner.Mode.LIVE);
            CountDownLatch stop = new CountDownLatch(1);
            AtomicReference<String> fatal = new AtomicReference<>();
            // after the state directory was recreated under it, the daemon takes its claim on the new one again;
            // when another daemon took it meanwhile, two would decide for the same groups: this one stops
            Runnable reclaim = () -> {
                try {
                    if (daemonLock instanceof DaemonLock files) {
                        files.reacquire();
                    }
                } catch (IllegalStateException e) {
                    fatal.compareAndSet(null, e.getMessage());
                    stop.countDown();
                }
            };
            DatabaseStateStore database = store instanceof DatabaseStateStore d ? d : null;
            ClusterHealth cluster = database == null ? null : new ClusterHealth(database, c.cluster(), clock);
            Engine engine = new Engine(c, Providers.open(c, ProviderRegistry.load(), Resilience.DEFAULT), store,
                    checker(c), Notifications.from(c.notifiers()), clock, Options.DAEMON.withDryRun(dryRun), reclaim,
                    cluster == null ? HealthSource.LOCAL : cluster, database == null ? null : new DatabaseSharedMemory(database));
            Signals.onTerminate(stop::countDown);
            journal.journal(null, Event.Type.DAEMON, Map.of("event", "start", "groups", c.groups().size(),
                    "pid", ProcessHandle.current().pid(), "owner", c.owner()));
            out.printf("dnsfailover %s: %d group(s), %s, owner %s, pid %d%s%n", dryRun ? "dry run" : "running",
                    c.groups().size(), Stores.where(c, store), c.owner(), ProcessHandle.current().pid(),
                    dryRun ? " (nothing will be written)" : "");
            out.flush();
            Optional<DaemonAnswers> answers = Optional.empty();
            Daemon.ClusterDatabase shared = database == null ? null
                    : new Daemon.ClusterDatabase(database.dataSource(), cluster.saveEvery());
            try (Daemon daemon = Daemon.start(c, engine, shared)) {
                // status and plan beside it are answered by this daemon, which has the config parsed and the state read
                long pid = ProcessHandle.current().pid();
                answers = DaemonAnswers.start(config.file(), loaded.sha256(), c, store, () -> engine.observations(pid));
                stop.await();
                out.println("dnsfailover: stopping (finishing the ticks in flight)");
                out.flush();
            } finally {
                answers.ifPresent(DaemonAnswers::close);
                engine.close();
                journal.journal(null, Event.Type.DAEMON, fatal.get() == null ? Map.of("event", "stop")
                        : Map.of("event", "stop", "reason", fatal.get()));
            }
            if (fatal.get() != null) {
                spec.commandLine().getErr().println("dnsfailover: stopped: " + fatal.get());
                return ExitCodes.FAILURE;
            }
            out.println("dnsfailover: stopped");
            out.flush();
            return ExitCodes.OK;
        }
    }

    /** The checker: from the cluster's source address when one is set. */
    static Checker checker(Config c) {
        return Checker.builder().sourceAddress(c.sourceAddress()).build();
    }
}
