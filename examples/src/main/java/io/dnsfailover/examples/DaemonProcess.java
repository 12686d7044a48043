package io.dnsfailover.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The daemon, started as a user starts it: {@code controller/dnsfailover run --config FILE} (the launcher, which
 * builds the jar first when it is missing or older than the sources, then {@code exec}s java), or {@code java
 * -jar controller/target/dnsfailover.jar run --config FILE} when there is no launcher. It inherits this
 * process's environment unchanged ({@code JAVA_OPTS}, {@code JDK_JAVA_OPTIONS}); its output goes to a log file.
 */
final class DaemonProcess implements AutoCloseable {

    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);

    private final Process process;
    private final List<String> command;
    private final Path log;

    private DaemonProcess(Process process, List<String> command, Path log) {
        this.process = process;
        this.command = command;
        this.log = log;
    }

    /** @param root the source tree: the directory holding {@code controller/} */
    static DaemonProcess start(Path root, Path config, Path log) throws IOException {
        Path launcher = root.resolve("controller/dnsfailover");
        Path jar = root.resolve("controller/target/dnsfailover.jar");
        List<String> command;
        if (Files.isExecutable(launcher)) {
            command = List.of(launcher.toString(), "run", "--config", config.toString());
        } else if (Files.isRegularFile(jar)) {
            String java = ProcessHandle.current().info().command().orElse("java");
            command = List.of(java, "-jar", jar.toString(), "run", "--config", config.toString());
        } else {
            throw new IllegalStateException("found neither the launcher " + launcher + " nor the jar " + jar);
        }
        Process process = new ProcessBuilder(command)
                .directory(config.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new DaemonProcess(process, command, log);
    }

    /** Waits until the daemon has journalled its start (after the launcher's build, if any). */
    void awaitStart(DaemonJournal journal, Duration deadline) throws IOException, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!journal.started()) {
            checkRunning();
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the daemon did not journal its start within " + deadline.toSeconds()
                        + " s; the end of its log:\n" + tail());
            }
            Thread.sleep(200);
        }
    }

    /** The command line it was started with. */
    String command() {
        return String.join(" ", command);
    }

    /** The java process that runs the daemon: this process itself once the launcher has exec'd java. */
    long javaPid() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst()
                .map(ProcessHandle::pid)
                .orElseThrow(() -> new IllegalStateException("the daemon (pid " + process.pid() + ") runs no java process"));
    }

    /** @throws IllegalStateException with the end of its log when the daemon has exited */
    void checkRunning() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("the daemon exited with code " + process.exitValue() + "; the end of its log:\n" + tail());
        }
    }

    /** Kills it with SIGKILL, as a machine that dies would stop it, and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Stops it with SIGTERM, its own and its children's (a launcher still building has a Maven), and kills
     * whatever still runs 30 s later.
     */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            System.out.println("  the daemon did not stop within " + STOP_DEADLINE.toSeconds() + " s of SIGTERM: killing it");
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
