package io.dnsfailover.controller.state;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Starts child JVMs ({@link StateChild} unless told otherwise) for a test and kills whatever is still running when the test ends. */
final class ChildJvms implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final Path logs;
    private final List<Child> started = new ArrayList<>();

    ChildJvms(Path logs) {
        this.logs = logs;
    }

    /** A running child; its stdout and stderr go to {@link #log}. */
    record Child(Process process, Path log) {

        long pid() {
            return process.pid();
        }

        String output() {
            try {
                return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits until the child prints one of {@code texts}; fails at once if it exits without printing any. */
        void awaitOutput(String... texts) {
            String wanted = String.join("' or '", texts);
            try {
                await("child " + pid() + " to print '" + wanted + "'").atMost(DEADLINE).until(() -> {
                    String out = output();
                    boolean printed = java.util.Arrays.stream(texts).anyMatch(out::contains);
                    if (!printed && !process.isAlive()) {
                        throw new AssertionError("child exited with " + process.exitValue() + " before printing '" + wanted
                                + "'; its output:\n" + output());
                    }
                    return printed;
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(e.getMessage() + "; its output so far:\n" + output(), e);
            }
        }

        void sendLine() {
            try {
                OutputStream in = process.getOutputStream();
                in.write('\n');
                in.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                throw new AssertionError("child " + pid() + " did not exit within " + DEADLINE + "; its output:\n" + output());
            }
            return process.exitValue();
        }

        /** SIGKILL on Unix: the child gets no chance to finish a write or run a shutdown hook. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            awaitExit();
        }
    }

    Child start(String... args) {
        return start(StateChild.class, args);
    }

    /** Starts {@code main}'s {@code main} method in a new JVM with the test's class path. */
    Child start(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                // start fast: these children run for milliseconds to seconds
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                main.getName()));
        cmd.addAll(List.of(args));
        Path log = logs.resolve("child-" + started.size() + ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Child child = new Child(p, log);
            started.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM: " + cmd, e);
        }
    }

    @Override
    public void close() {
        for (Child c : started) {
            if (c.process().isAlive()) {
                c.process().destroyForcibly();
                try {
                    c.process().waitFor(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
