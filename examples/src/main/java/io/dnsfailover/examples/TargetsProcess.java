package io.dnsfailover.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The target server ({@link ScaleTargets}) in a JVM of its own, started with this JVM's {@code java} and class
 * path. Its errors go to this process's standard error; closing it closes its input, which stops it.
 */
final class TargetsProcess implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final int port;

    private TargetsProcess(Process process, BufferedReader out, Writer in, int port) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.port = port;
    }

    /** Starts the server and waits until every target listens. */
    static TargetsProcess start(ScaleLayout layout) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java binary runs this benchmark"));
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ScaleTargets.class.getName(),
                String.valueOf(layout.targets()), String.valueOf(layout.hangingPercent()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        String ready;
        try {
            ready = out.readLine();
        } catch (IOException e) {
            process.destroyForcibly();
            throw e;
        }
        if (ready == null || !ready.startsWith("ready ")) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the target server stopped before it listened (exit code " + process.exitValue()
                    + "; its error is above)");
        }
        return new TargetsProcess(process, out, in, Integer.parseInt(ready.substring("ready ".length())));
    }

    /** The port every target listens on. */
    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Every target's arrivals so far (epoch milliseconds), indexed by target. */
    long[][] arrivals(int targets) throws IOException {
        in.write("dump\n");
        in.flush();
        long[][] arrivals = new long[targets][];
        for (String line = out.readLine(); !"end".equals(line); line = out.readLine()) {
            if (line == null) {
                throw new IllegalStateException("the target server stopped while it listed its arrivals (its error is above)");
            }
            long[] numbers = Arrays.stream(line.split(" ")).mapToLong(Long::parseLong).toArray();
            arrivals[(int) numbers[0]] = Arrays.copyOfRange(numbers, 1, numbers.length);
        }
        return arrivals;
    }

    /** Closes its input (it stops at that), then kills it if it is still running 10 s later. */
    @Override
    public void close() throws InterruptedException {
        try {
            in.close();
        } catch (IOException alreadyGone) {
            // it has stopped reading: it is exiting or gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
