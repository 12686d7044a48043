package io.dnsfailover.controller.state;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The other process in the journal's cross-process tests, started by {@link ChildJvms#start(Class, String...)}
 * with the state directory first. Says what it does on stdout so that the test can wait for it.
 *
 * <ul>
 *   <li>{@code append DIR WRITER N MAX_BYTES KEEP}: prints {@code ready}, waits for a line on stdin, appends
 *       events 0..N-1 of group WRITER to a journal rotated at MAX_BYTES, prints {@code done};</li>
 *   <li>{@code append-forever DIR WRITER MAX_BYTES KEEP}: appends events 0, 1, 2, ... until killed;</li>
 *   <li>{@code hold-lock DIR shared|exclusive}: takes that OS lock on {@code events.lock}, prints
 *       {@code locked}, holds it until a line arrives on stdin, prints {@code released}.</li>
 * </ul>
 */
public final class JournalChild {

    /** Makes each line about 150 bytes, so that a few KiB hold a few dozen lines. */
    static final String PAD = "p".repeat(60);

    private JournalChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        switch (args[0]) {
            case "append" -> {
                try (FileJournal journal = journal(dir, args[4], args[5])) {
                    System.out.println("ready");
                    System.out.flush();
                    stdin.readLine();
                    for (int i = 0, n = Integer.parseInt(args[3]); i < n; i++) {
                        journal.append(event(args[2], i));
                    }
                }
                System.out.println("done");
            }
            case "append-forever" -> {
                try (FileJournal journal = journal(dir, args[3], args[4])) {
                    for (int i = 0; ; i++) {
                        journal.append(event(args[2], i));
                    }
                }
            }
            case "hold-lock" -> {
                try (FileChannel ch = FileChannel.open(dir.resolve("events.lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    ch.lock(0, Long.MAX_VALUE, args[2].equals("shared"));
                    System.out.println("locked");
                    System.out.flush();
                    stdin.readLine();
                }
                System.out.println("released");
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static FileJournal journal(Path dir, String maxBytes, String keep) {
        return new FileJournal(dir.resolve("events.jsonl"), new StateJson(), Long.parseLong(maxBytes), Integer.parseInt(keep));
    }

    /** Event {@code n} of {@code writer}: group writer, data {@code {"n": n, "pad": ...}}. */
    static Event event(String writer, int n) {
        // in a fixed order: Map.of's differs from one JVM to the next, and tests compare lines across processes
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("n", n);
        data.put("pad", PAD);
        return Event.of(Instant.parse("2026-11-21T12:00:00Z").plusMillis(n), writer, Event.Type.HEALTH, data);
    }
}
