package io.dnsfailover.controller.state;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The other process in the cross-process tests: a separate JVM using the same state directory. Started by
 * {@link ChildJvms}; says what it does on stdout, one line per step, so that the test can wait for it.
 *
 * <ul>
 *   <li>{@code append-updates DIR GROUP WRITER N}: prints {@code ready}, waits for a line on stdin, then makes N
 *       updates of GROUP, each appending {@code WRITER-i} (i from 0) to its {@code published} list;</li>
 *   <li>{@code churn DIR}: forever, increments a counter in state (group {@code churn}) and then journals
 *       an event carrying the new value;</li>
 *   <li>{@code daemon DIR}: takes the daemon lock, prints {@code locked}, holds it until a line arrives on
 *       stdin, releases it; when refused, prints {@code refused: MESSAGE} and exits with 3.</li>
 * </ul>
 */
public final class StateChild {

    static final String CHURN = "churn";
    /** Enough targets that writing the group's file takes a while, so that kills land inside writes too. */
    static final int CHURN_TARGETS = 200;

    private StateChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (FileStateStore store = FileStateStore.open(dir)) {
            switch (args[0]) {
                case "append-updates" -> appendUpdates(store, args[2], args[3], Integer.parseInt(args[4]), stdin);
                case "churn" -> churn(store);
                case "daemon" -> daemon(store, stdin);
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        }
    }

    private static void appendUpdates(FileStateStore store, String group, String writer, int n, BufferedReader stdin)
            throws Exception {
        System.out.println("ready");
        System.out.flush();
        stdin.readLine();
        for (int i = 0; i < n; i++) {
            String value = writer + "-" + i;
            store.update(group, g -> append(g, value));
        }
        System.out.println("done");
    }

    static GroupState append(GroupState g, String value) {
        List<String> values = new ArrayList<>(g.published());
        values.add(value);
        return g.withPublished(values, Instant.now(), Instant.now());
    }

    private static void churn(FileStateStore store) {
        String pad = "x".repeat(300);
        while (true) {
            Instant now = Instant.now();
            GroupState saved = store.update(CHURN, g -> {
                int next = counter(g) + 1;
                Map<String, TargetHealth> health = new LinkedHashMap<>();
                for (int t = 0; t < CHURN_TARGETS; t++) {
                    health.put("target" + t, new TargetHealth(io.dnsfailover.health.Health.UP, now, now, "probe " + next));
                }
                return g.withDecision(Integer.toString(next), now).withHealth(health);
            });
            store.journal().append(Event.of(now, CHURN, Event.Type.DECISION, Map.of("n", counter(saved), "pad", pad)));
        }
    }

    /** The churn counter kept in the group's state; 0 before the first update. */
    static int counter(GroupState g) {
        String n = g.lastDecision();
        return n == null ? 0 : Integer.parseInt(n);
    }

    private static void daemon(FileStateStore store, BufferedReader stdin) throws Exception {
        AutoCloseable lock;
        try {
            lock = store.lockForDaemon();
        } catch (IllegalStateException e) {
            System.out.println("refused: " + e.getMessage());
            System.out.flush();
            System.exit(3);
            return;
        }
        System.out.println("locked");
        System.out.flush();
        stdin.readLine();
        lock.close();
        System.out.println("released");
    }
}
