package io.dnsfailover.examples;

import java.io.PrintStream;

/**
 * Prints one run's block: each measurement beside its budget from DESIGN §10 (10,000 targets at a 10 s
 * interval on 2 cores, also with 20 % hanging) and PASS or FAIL; lines without a budget are context.
 */
final class ScaleReport {

    private static final long MAX_P99_LATE_MS = 1000;
    private static final double MAX_CORES = 1.0;
    private static final long MAX_HEAP_MB = 256;
    private static final long MAX_RSS_MB = 512;
    /** Descriptors a process needs beside its sockets: jars, logs, the state directory, the JVM's own. */
    private static final long SPARE_FILES = 200;

    private final PrintStream out;
    private int passed;
    private int failed;

    private ScaleReport(PrintStream out) {
        this.out = out;
    }

    static final long MAX_ONE_SHOT_MS = 1500;

    static void print(ScaleRun.Result r, ScaleOptions options, PrintStream out) {
        new ScaleReport(out).block(r, options);
    }

    private void block(ScaleRun.Result r, ScaleOptions o) {
        ScaleLayout l = r.layout();
        ProbeStats p = r.probes();
        long intervalMs = o.interval().toMillis();
        out.printf("%,d targets (%,d hanging, %d %%) in %,d groups; interval %s, timeout %s, fall 3, rise 2; warm-up %s, window %s%n",
                l.targets(), l.hanging(), l.hangingPercent(), l.groups(), ScaleConfig.text(o.interval()), ScaleConfig.text(o.timeout()),
                ScaleConfig.text(o.warmup()), ScaleConfig.text(o.window()));
        out.printf("  %-36s %-26s %-16s%n", "", "measured", "budget");
        row("targets probed in the last " + ScaleConfig.text(o.interval().plusMillis(ProbeStats.LATE_ALLOWED_MS)), count(p.probedLastInterval(), l.targets()), "all",
                p.probedLastInterval() == l.targets());
        info("targets probed at least once", count(p.probedEver(), l.targets()));
        row("lateness p50 / p99 / max", "%s / %s / %s s".formatted(seconds(p.lateP50Ms()), seconds(p.lateP99Ms()), seconds(p.lateMaxMs())),
                "p99 < " + seconds(MAX_P99_LATE_MS) + " s", p.lateP99Ms() < MAX_P99_LATE_MS);
        row("longest gap between probes", seconds(p.longestGapMs()) + " s", "< " + seconds(intervalMs + 1000) + " s",
                p.longestGapMs() < intervalMs + 1000);
        row("skipped probes", "%,d".formatted(p.skipped()), "0", p.skipped() == 0);
        row("daemon CPU", "%.2f cores".formatted(r.daemonCores()), "< 1 core", r.daemonCores() < MAX_CORES);
        if (r.heapProblem() == null) {
            row("daemon heap after GC", mb(r.heapKb()) + " MB", "< " + MAX_HEAP_MB + " MB", r.heapKb() < MAX_HEAP_MB * 1024);
        } else {
            row("daemon heap after GC", "n/a: " + r.heapProblem(), "< " + MAX_HEAP_MB + " MB", false);
        }
        row("daemon RSS at end / max", mb(r.rssEndKb()) + " / " + mb(r.rssMaxKb()) + " MB", "< " + MAX_RSS_MB + " MB",
                r.rssMaxKb() < MAX_RSS_MB * 1024);
        info("daemon threads at end", String.valueOf(r.threads()));
        row("false transitions", String.valueOf(r.journal().falseTransitions()), "0", r.journal().falseTransitions() == 0);
        r.journal().examples().forEach(e -> out.println("      e.g. " + e));
        info("hanging targets DOWN", count(r.journal().hangingDown(), l.hanging()));
        info("daemon \"late\" journal events", String.valueOf(r.journal().late()));
        info("target server CPU", "%.2f cores".formatted(r.targetsCores()));
        openFiles("open files limit, daemon", r.daemonOpenFiles(), l.targets() + SPARE_FILES, "one socket per probe in flight");
        openFiles("open files limit, target server", r.targetsOpenFiles(), l.targets() + l.hanging() + SPARE_FILES,
                "a listener per target, a connection per hanging probe");
        for (OneShots.Timed t : r.oneShots()) {
            String name = t.command() + " (median of 3, exit " + t.exit() + ")";
            String took = "%.2f s".formatted(t.millis() / 1000.0);
            if (t.command().endsWith(OneShots.LOCAL)) {
                info(name, took); // computed in the command's JVM, beside the daemon that answers the same command otherwise
            } else {
                row(name, took, "< 1.50 s", t.exit() == 0 && t.millis() >= 0 && t.millis() < MAX_ONE_SHOT_MS);
            }
            if (!t.note().isEmpty()) {
                out.println("      " + t.note());
            }
        }
        r.journal().lateLines().forEach(e -> out.println("      late: " + e));
        out.printf("  budgets: %d PASS, %d FAIL%n%n", passed, failed);
    }

    private void row(String what, String measured, String budget, boolean pass) {
        out.printf("  %-36s %-26s %-16s %s%n", what, measured, budget, pass ? "PASS" : "FAIL");
        if (pass) {
            passed++;
        } else {
            failed++;
        }
    }

    private void info(String what, String measured) {
        out.printf("  %-36s %s%n", what, measured);
    }

    private void openFiles(String what, long limit, long needed, String why) {
        String shown = limit == Long.MAX_VALUE ? "unlimited" : String.valueOf(limit);
        String verdict = limit >= needed ? "" : "  TOO LOW: raise it with ulimit -n before starting the benchmark";
        info(what, "%s (needs about %,d: %s)%s".formatted(shown, needed, why, verdict));
    }

    private static String count(int n, int of) {
        return "%,d / %,d".formatted(n, of);
    }

    private static String seconds(long millis) {
        return "%.2f".formatted(millis / 1000.0);
    }

    private static long mb(long kb) {
        return Math.round(kb / 1024.0);
    }
}
