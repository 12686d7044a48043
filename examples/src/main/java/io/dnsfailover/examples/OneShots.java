package io.dnsfailover.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times the one-shot commands a user runs beside the daemon ({@code validate}, {@code status}, {@code plan}), each
 * started as a user starts it (the launcher, with this process's environment), wall clock from start to exit.
 */
final class OneShots {

    /**
     * One command's run.
     *
     * @param note the line of its stderr that says where plan's health came from, or its first stderr line
     */
    record Timed(String command, int exit, long millis, String note) {}

    /** The option that has {@code status} and {@code plan} computed by the command, not answered by the daemon. */
    static final String LOCAL = " --local";

    /** What the benchmark times: as users run them (the daemon answers status and plan), and status and plan computed here. */
    static final List<String> COMMANDS = List.of("validate", "status", "plan", "status" + LOCAL, "plan" + LOCAL);

    private OneShots() {}

    /** Runs each command three times and keeps the median run. */
    static List<Timed> time(Path root, Path config, Path dir, List<String> commands) throws IOException, InterruptedException {
        List<Timed> out = new ArrayList<>();
        for (String command : commands) {
            List<Timed> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(once(root, config, dir, command));
            }
            runs.sort((a, b) -> Long.compare(a.millis(), b.millis()));
            out.add(runs.get(1));
        }
        return out;
    }

    private static Timed once(Path root, Path config, Path dir, String command) throws IOException, InterruptedException {
        Path err = dir.resolve(command.replace(' ', '_') + ".err");
        List<String> args = new ArrayList<>(List.of(root.resolve("controller/dnsfailover").toString()));
        args.addAll(List.of(command.split(" ")));
        args.addAll(List.of("--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(args)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            return new Timed(command, -1, -1, "did not end within 2 minutes");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        String note = lines.stream().filter(l -> l.startsWith("health:")).findFirst().orElse(lines.isEmpty() ? "" : lines.get(0));
        return new Timed(command, p.exitValue(), millis, note);
    }
}
