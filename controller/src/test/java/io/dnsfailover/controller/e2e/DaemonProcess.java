package io.dnsfailover.controller.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The daemon ({@code dnsfailover run --config FILE}) as a separate JVM, for end-to-end tests (DESIGN §9 item 4).
 *
 * <p>Its standard output and error go to one log file ({@link #log()}, for assertion messages). {@link #stop()}
 * sends SIGTERM, as a service manager would, and returns the exit code; {@link #kill()} sends SIGKILL, which
 * gives the daemon no chance to finish anything. The process is only ever signalled through its own
 * {@link Process} handle, never looked up by name. {@link #close()} kills it if it is still running, so a
 * failing test leaves no daemon behind; a shutdown hook does the same if the test JVM exits without closing it.
 *
 * <p>Not thread safe: one test thread drives it.
 */
final class DaemonProcess implements AutoCloseable {

    /** How long the daemon may take to start or to stop; generous, because the suite shares two cores. */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    /** What {@code run} prints once it holds the state directory and has scheduled its groups. */
    static final String RUNNING = "dnsfailover running";

    private final Process process;
    private final Path log;
    private final Thread killOnExit;

    private DaemonProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, "kill-daemon-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code dnsfailover run --config CONFIG EXTRA...}; returns at once, see {@link #awaitRunning()}.
     *
     * @param log the file that receives the daemon's stdout and stderr (created or replaced)
     */
    static DaemonProcess start(Path config, Path log, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--config", config.toString()));
        args.addAll(List.of(extra));
        return new DaemonProcess(ChildJvm.start(log, log, args), log);
    }

    /**
     * Waits until the daemon says it is running (it then holds the daemon lock and ticks).
     *
     * @throws AssertionError with the log when it exits first or does not say so within {@link #DEADLINE}
     */
    DaemonProcess awaitRunning() {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!log().contains(RUNNING)) {
            if (!process.isAlive()) {
                throw new AssertionError("the daemon (pid " + pid() + ") exited with " + process.exitValue()
                        + " before it was running; its log:\n" + log());
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("the daemon (pid " + pid() + ") did not say '" + RUNNING + "' within " + DEADLINE
                        + "; its log:\n" + log());
            }
            waitForExit(Duration.ofMillis(50)); // the poll interval; returns early if it exits
        }
        return this;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Fails with the log when the daemon is no longer running; for use inside polled conditions. */
    void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("the daemon (pid " + pid() + ") exited with " + process.exitValue() + "; its log:\n" + log());
        }
    }

    /** Everything the daemon printed so far (stdout and stderr, interleaved). */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SIGTERM, then waits for the exit.
     *
     * @return the exit code
     * @throws AssertionError (after SIGKILL) when it did not exit within {@link #DEADLINE}
     */
    int stop() {
        process.destroy();
        return awaitExit();
    }

    /** SIGKILL, then waits for the exit; returns the exit code (137 on Linux). */
    int kill() {
        process.destroyForcibly();
        return awaitExit();
    }

    /**
     * Waits for the daemon to exit by itself.
     *
     * @throws AssertionError (after SIGKILL) when it did not exit within {@link #DEADLINE}
     */
    int awaitExit() {
        if (!waitForExit(DEADLINE)) {
            process.destroyForcibly();
            waitForExit(DEADLINE);
            throw new AssertionError("the daemon (pid " + pid() + ") did not exit within " + DEADLINE + " and was killed; its log:\n"
                    + log());
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the JVM is shutting down, or the hook is already gone: nothing to forget
        }
        return process.exitValue();
    }

    private boolean waitForExit(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the daemon", e);
        }
    }

    /** Kills the daemon if it still runs; idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return "DaemonProcess[pid " + pid() + ", log " + log + "]";
    }
}
