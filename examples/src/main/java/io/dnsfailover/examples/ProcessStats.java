package io.dnsfailover.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Linux ({@code /proc}) and the JDK's {@code jcmd} tell about one running process. */
final class ProcessStats {

    /** A generational heap's line in {@code GC.heap_info}, e.g. {@code garbage-first heap total 262144K, used 81234K}. */
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private final long pid;

    ProcessStats(long pid) {
        this.pid = pid;
    }

    /** The kernel's clock ticks per second, the unit of {@link #cpuTicks} ({@code getconf CLK_TCK}). */
    static long clockTicksPerSecond() throws IOException, InterruptedException {
        return Long.parseLong(output(List.of("getconf", "CLK_TCK")).trim());
    }

    /** CPU time used so far, user and system ({@code utime + stime} of {@code /proc/PID/stat}), in clock ticks. */
    long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // the command name in parentheses may hold spaces; the fields after it start with the state (field 3)
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    /** Resident memory ({@code VmRSS}), in KiB. */
    long rssKb() throws IOException {
        return Long.parseLong(status("VmRSS:").replace("kB", "").trim());
    }

    long threads() throws IOException {
        return Long.parseLong(status("Threads:").trim());
    }

    /** The soft limit on open files ({@code ulimit -n} as the process sees it), or {@link Long#MAX_VALUE} when unlimited. */
    long openFilesLimit() throws IOException {
        String prefix = "Max open files";
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "limits"))) {
            if (line.startsWith(prefix)) {
                String soft = line.substring(prefix.length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        throw new IllegalStateException("/proc/" + pid + "/limits has no '" + prefix + "' line");
    }

    /**
     * The Java heap in use right after a full collection, in KiB: {@code jcmd PID GC.run}, then the sum of
     * the used parts in {@code jcmd PID GC.heap_info} (G1, Parallel and Serial print them alike). Uses the
     * {@code jcmd} beside the process's own {@code java}.
     *
     * @throws IllegalStateException when jcmd fails or prints no heap it knows
     */
    long heapAfterGcKb() throws IOException, InterruptedException {
        String java = ProcessHandle.of(pid).flatMap(p -> p.info().command())
                .orElseThrow(() -> new IllegalStateException("process " + pid + " is gone"));
        String jcmd = Path.of(java).resolveSibling("jcmd").toString();
        output(List.of(jcmd, String.valueOf(pid), "GC.run"));
        String info = output(List.of(jcmd, String.valueOf(pid), "GC.heap_info"));
        Matcher m = HEAP_USED.matcher(info);
        long used = 0;
        boolean found = false;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("jcmd GC.heap_info printed no heap it knows (another collector?): " + info.strip());
        }
        return used;
    }

    private String status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(field)) {
                return line.substring(field.length());
            }
        }
        throw new IllegalStateException("/proc/" + pid + "/status has no '" + field + "' line");
    }

    /** Runs a short command and returns its output (and errors); it is killed after 60 s. */
    private static String output(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("dnsfailover-scale-", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + text.strip());
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
