package io.dnsfailover.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures the scale budget (DESIGN §10) from outside the daemon: thousands of HTTP targets on loopback
 * addresses, served by another JVM ({@link ScaleTargets}), a fifth of them hanging if asked; the daemon started
 * as a user starts it ({@code controller/dnsfailover run --config FILE}) with a generated config of groups of
 * four targets each on an in-memory provider; after a warm-up, a measuring window. It prints, per run, whether
 * every target was probed every interval (lateness, gaps, skipped probes, counted at the target server), the
 * daemon's CPU, heap after GC, RSS and threads, the false health transitions and "late" events in its journal,
 * each beside its budget.
 *
 * <p>Run: {@code mvn -q -pl examples exec:exec -Dbenchmark.main=io.dnsfailover.examples.ScaleBenchmark
 * -Dbenchmark.args="--targets 1000 --hanging 20 --warmup 30s --window 60s"}; without arguments it runs
 * 1,000 and 10,000 targets, each with 0 % and 20 % hanging (see {@link ScaleOptions#USAGE}).
 */
public final class ScaleBenchmark {

    private ScaleBenchmark() {}

    public static void main(String[] args) throws Exception {
        ScaleOptions options;
        List<ScaleLayout> layouts;
        try {
            options = ScaleOptions.parse(args);
            layouts = options.layouts();
        } catch (IllegalArgumentException e) {
            System.err.println("scale benchmark: " + e.getMessage());
            System.err.println(ScaleOptions.USAGE);
            System.exit(64);
            return;
        }
        ScaleRun run = new ScaleRun(options, sourceTree(), ProcessStats.clockTicksPerSecond());
        int failedRuns = 0;
        for (ScaleLayout layout : layouts) {
            System.out.printf("scale benchmark: %,d targets, %d %% hanging%n", layout.targets(), layout.hangingPercent());
            try {
                ScaleReport.print(run.run(layout), options, System.out);
            } catch (IllegalStateException | IOException e) {
                System.out.printf("  run FAILED: %s%n%n", e.getMessage());
                failedRuns++;
            }
        }
        System.exit(failedRuns == 0 ? 0 : 1);
    }

    /** The directory holding {@code controller/}: the working directory or one above it (exec:exec runs in examples/). */
    static Path sourceTree() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("controller")) && Files.isDirectory(dir.resolve("examples"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run the benchmark inside the dnsfailover source tree: no directory from " + here
                + " upwards holds controller/ and examples/");
    }
}
