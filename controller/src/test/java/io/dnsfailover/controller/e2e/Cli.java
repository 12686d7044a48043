package io.dnsfailover.controller.e2e;

import io.dnsfailover.controller.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;

/**
 * Runs one-shot {@code dnsfailover} commands ({@code plan}, {@code failover}, {@code failback}, {@code status}) and
 * captures what a user would see: the exit code, stdout and stderr.
 *
 * <p>{@link #inProcess} runs the command line in this JVM (quick; the same exit codes, since {@link Main#main}
 * only passes them to {@code System.exit}). {@link #inJvm} runs it as a process of its own, which is what a
 * command racing a running daemon for the state directory must be.
 */
final class Cli {

    /** How long a one-shot command in its own JVM may take; generous, because the suite shares two cores. */
    static final long DEADLINE_SECONDS = 60;

    private static final AtomicInteger RUNS = new AtomicInteger();

    /** What a command did. */
    record Result(int code, String out, String err) {

        /** Everything, for assertion messages. */
        String describe() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {}

    /** Runs {@code dnsfailover ARGS...} in this JVM. */
    static Result inProcess(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Runs {@code dnsfailover ARGS...} in a JVM of its own and waits for it.
     *
     * @param dir where its stdout and stderr files are kept
     */
    static Result inJvm(Path dir, String... args) {
        int n = RUNS.incrementAndGet();
        Path out = dir.resolve("cli-" + n + ".out");
        Path err = dir.resolve("cli-" + n + ".err");
        Process p = ChildJvm.start(out, err, List.of(args));
        try {
            if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
                throw new AssertionError("dnsfailover " + String.join(" ", args) + " did not finish within " + DEADLINE_SECONDS
                        + " s and was killed; stdout:\n" + read(out) + "\nstderr:\n" + read(err));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running dnsfailover " + String.join(" ", args), e);
        }
        return new Result(p.exitValue(), read(out), read(err));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
