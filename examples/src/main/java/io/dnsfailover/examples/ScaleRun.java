package io.dnsfailover.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Stream;

/**
 * One run of the scale benchmark: the target server and the daemon, each in a process of its own, a warm-up, a
 * measuring window, and what was measured. Every process it starts it stops, also when the run fails or the
 * benchmark is interrupted; its temporary directory (config, state, the daemon's log) is deleted.
 */
final class ScaleRun {

    /** What one run measured; sizes in KiB, CPU in cores (CPU seconds per second of the window). */
    record Result(ScaleLayout layout, ProbeStats probes, DaemonJournal.Counts journal, double daemonCores, double targetsCores,
            long rssEndKb, long rssMaxKb, long threads, long heapKb, String heapProblem, long daemonOpenFiles, long targetsOpenFiles,
            List<OneShots.Timed> oneShots) {}

    /** The launcher may build the jar before the daemon starts. */
    private static final Duration START_DEADLINE = Duration.ofMinutes(5);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(2);

    private final ScaleOptions options;
    private final Path root;
    private final long clockTicks;

    /**
     * @param root the source tree, where the daemon's launcher is
     * @param clockTicks the kernel's clock ticks per second
     */
    ScaleRun(ScaleOptions options, Path root, long clockTicks) {
        this.options = options;
        this.root = root;
        this.clockTicks = clockTicks;
    }

    Result run(ScaleLayout layout) throws IOException, InterruptedException {
        try (Started started = new Started()) {
            Path dir = Files.createTempDirectory("dnsfailover-scale-");
            // closed last, once both processes have stopped
            started.add(() -> deleteTree(dir));
            TargetsProcess targets = started.add(TargetsProcess.start(layout));
            Path stateDir = dir.resolve("state");
            Path config = ScaleConfig.write(dir, layout, targets.port(), options.interval(), options.timeout(), stateDir);
            DaemonJournal journal = new DaemonJournal(stateDir.resolve("events.jsonl"));
            long launched = System.nanoTime();
            DaemonProcess daemon = started.add(DaemonProcess.start(root, config, dir.resolve("daemon.log")));
            System.out.printf("  target server listening on port %d; started %s%n", targets.port(), daemon.command());
            daemon.awaitStart(journal, START_DEADLINE);
            long pid = daemon.javaPid();
            System.out.printf("  daemon journalled its start %.1f s after launch (pid %d)%n", (System.nanoTime() - launched) / 1e9, pid);
            Result r = measure(layout, targets, daemon, new ProcessStats(pid), journal);
            // beside the running daemon, whose observations are fresh: as an operator runs them
            List<OneShots.Timed> oneShots = OneShots.time(root, config, dir, OneShots.COMMANDS);
            return new Result(r.layout(), r.probes(), r.journal(), r.daemonCores(), r.targetsCores(), r.rssEndKb(), r.rssMaxKb(), r.threads(),
                    r.heapKb(), r.heapProblem(), r.daemonOpenFiles(), r.targetsOpenFiles(), oneShots);
        }
    }

    private Result measure(ScaleLayout layout, TargetsProcess targets, DaemonProcess daemon, ProcessStats daemonStats,
            DaemonJournal journal) throws IOException, InterruptedException {
        ProcessStats targetsStats = new ProcessStats(targets.pid());
        RssWatch rss = new RssWatch(daemon, daemonStats);
        System.out.printf("  warm-up %s%n", ScaleConfig.text(options.warmup()));
        rss.during(options.warmup());

        System.out.printf("  measuring for %s%n", ScaleConfig.text(options.window()));
        long start = System.currentTimeMillis();
        long daemonTicks = daemonStats.cpuTicks();
        long targetsTicks = targetsStats.cpuTicks();
        rss.during(options.window());
        long end = System.currentTimeMillis();
        double seconds = (end - start) / 1000.0;
        double daemonCores = (daemonStats.cpuTicks() - daemonTicks) / (double) clockTicks / seconds;
        double targetsCores = (targetsStats.cpuTicks() - targetsTicks) / (double) clockTicks / seconds;
        long rssEnd = daemonStats.rssKb();
        long threads = daemonStats.threads();

        long heapKb = -1;
        String heapProblem = null;
        try {
            heapKb = daemonStats.heapAfterGcKb();
        } catch (IllegalStateException e) {
            heapProblem = e.getMessage();
        }
        ProbeStats probes = ProbeStats.of(targets.arrivals(layout.targets()), start, end, options.interval().toMillis());
        return new Result(layout, probes, journal.counts(layout), daemonCores, targetsCores, rssEnd, Math.max(rss.maxKb, rssEnd),
                threads, heapKb, heapProblem, daemonStats.openFilesLimit(), targetsStats.openFilesLimit(), List.of());
    }

    /** Best effort: a directory left behind is worth a line, not the run's result. */
    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("scale benchmark: could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** Waits, sampling the daemon's RSS every 2 s and failing at once if the daemon exits. */
    private static final class RssWatch {
        private final DaemonProcess daemon;
        private final ProcessStats stats;
        private long maxKb;

        RssWatch(DaemonProcess daemon, ProcessStats stats) {
            this.daemon = daemon;
            this.stats = stats;
        }

        void during(Duration duration) throws IOException, InterruptedException {
            long end = System.nanoTime() + duration.toNanos();
            for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
                Thread.sleep(Math.min(SAMPLE_EVERY.toMillis(), Math.max(1, left / 1_000_000)));
                daemon.checkRunning();
                maxKb = Math.max(maxKb, stats.rssKb());
            }
        }
    }

    /**
     * What a run started (processes, its directory), stopped newest first when the run ends, or from a shutdown
     * hook when the JVM stops first.
     */
    private static final class Started implements AutoCloseable {
        private final Deque<AutoCloseable> resources = new ConcurrentLinkedDeque<>();
        private final Thread hook = new Thread(this::stopAll, "scale-benchmark-stop");

        Started() {
            Runtime.getRuntime().addShutdownHook(hook);
        }

        <T extends AutoCloseable> T add(T resource) {
            resources.push(resource);
            return resource;
        }

        @Override
        public void close() {
            stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it stops what is left
            }
        }

        private void stopAll() {
            for (AutoCloseable resource = resources.poll(); resource != null; resource = resources.poll()) {
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("scale benchmark: could not stop what it started: " + e);
                }
            }
        }
    }
}
