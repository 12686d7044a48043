package io.dnsfailover.examples;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The scale benchmark's target server, in a process of its own so that the daemon is measured from outside:
 * {@code ScaleTargets TARGETS HANGING_PERCENT} listens on every target of that {@link ScaleLayout} (only on
 * loopback addresses), prints {@code ready PORT}, and then obeys its standard input:
 *
 * <ul>
 *   <li>{@code dump}: prints one line per target, {@code INDEX MILLIS MILLIS ...} (each connection's arrival,
 *       epoch milliseconds), then {@code end};
 *   <li>the end of the input (the benchmark closed it, or died): stops and exits.
 * </ul>
 *
 * <p>The benchmark ({@link ScaleBenchmark}) starts it; it is not meant to be run by hand.
 */
public final class ScaleTargets {

    private ScaleTargets() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ScaleTargets TARGETS HANGING_PERCENT");
            System.exit(64);
        }
        try {
            serve(new ScaleLayout(Integer.parseInt(args[0]), Integer.parseInt(args[1])));
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("scale targets: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void serve(ScaleLayout layout) throws IOException {
        Arrivals arrivals = new Arrivals(layout.targets());
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.US_ASCII), 1 << 16);
        try (TargetResponder responder = TargetResponder.start(layout, arrivals)) {
            out.write("ready " + responder.port() + "\n");
            out.flush();
            obey(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)), out, arrivals);
        }
    }

    private static void obey(BufferedReader in, Writer out, Arrivals arrivals) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("dump")) {
                dump(arrivals.snapshot(), out);
            } else {
                System.err.println("scale targets: unknown command '" + line + "' (known: dump)");
            }
        }
    }

    private static void dump(long[][] arrivals, Writer out) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int target = 0; target < arrivals.length; target++) {
            line.setLength(0);
            line.append(target);
            for (long millis : arrivals[target]) {
                line.append(' ').append(millis);
            }
            out.write(line.append('\n').toString());
        }
        out.write("end\n");
        out.flush();
    }
}
