package io.dnsfailover.controller.e2e;

import io.dnsfailover.controller.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code dnsfailover} in a JVM of its own, exactly as an operator would run it: this JDK's {@code java},
 * the test's class path, {@link Main}, and the command's arguments. Output goes to files, never to a pipe
 * that nobody reads (a full pipe would block the child).
 */
final class ChildJvm {

    private ChildJvm() {}

    /**
     * Starts {@code dnsfailover ARGS...}.
     *
     * @param stdout where the child's standard output goes
     * @param stderr where its standard error goes; the same file as {@code stdout} merges the two
     */
    static Process start(Path stdout, Path stderr, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                // a small, quickly started JVM: the suite runs on two cores next to PowerDNS and BIND
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-Xshare:auto",
                Main.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.remove("DNSFAILOVER_CONFIG"); // every command here names its --config
        env.put("DNSFAILOVER_LOG_LEVEL", "INFO"); // the daemon's decisions in its log, for assertion messages
        if (stdout.equals(stderr)) {
            pb.redirectErrorStream(true).redirectOutput(stdout.toFile());
        } else {
            pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        }
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM: " + cmd, e);
        }
    }
}
