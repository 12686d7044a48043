package io.dnsfailover.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.state.FileStateStore;
import io.dnsfailover.controller.state.Observations;
import io.dnsfailover.health.Health;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code status}, {@code plan} and {@code check} take from a running daemon's saved observations. */
class DaemonViewTest {

    static final AtomicInteger RUN = new AtomicInteger();

    @TempDir
    Path dir;

    /** Two targets on ports where nothing listens: a probe of either would say "connection refused". */
    Path config() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            closed = s.getLocalPort();
        }
        String provider = "view-" + RUN.incrementAndGet();
        return Files.writeString(dir.resolve("c.yaml"), """
                providers:
                  %s: { type: inmemory }
                groups:
                  www:
                    record: { zone: view.test, name: www.view.test, type: A, ttl: 60 }
                    providers: [%s]
                    targets: [ { name: primary, address: 127.0.0.1 }, { name: backup, address: 127.0.0.2 } ]
                    check: { type: tcp, port: %d, interval: 10s, timeout: 1s, fall: 3, rise: 2 }
                state: { dir: "%s" }
                """.formatted(provider, provider, closed, dir.resolve("state")));
    }

    void daemonSaw(Instant primaryProbe, Instant backupProbe, Instant fastSince) {
        Map<String, Observations.Target> targets = new LinkedHashMap<>();
        targets.put("primary", new Observations.Target(Health.UP, primaryProbe.minusSeconds(600), primaryProbe, Health.DOWN,
                "connection refused (127.0.0.1)", fastSince));
        targets.put("backup", new Observations.Target(Health.UP, backupProbe.minusSeconds(600), backupProbe, Health.UP, "TCP connect in 1 ms",
                null));
        try (FileStateStore store = FileStateStore.open(dir.resolve("state"))) {
            store.saveObservations(new Observations(Instant.now(), 4242, Map.of("www", targets)));
        }
    }

    @Test
    void statusShowsEachTargetsHealthAndTheAgeOfItsLastProbeAndUnknownPastTwoIntervals() throws IOException {
        Path c = config();
        Instant now = Instant.now();
        daemonSaw(now.minusSeconds(3), now.minusSeconds(25), now.minusSeconds(3));
        CliTest.Run r = CliTest.run("status", "--config", c.toString());
        assertThat(r.out()).containsPattern("  primary: UP since \\S+; last probe 3\\.\\d s ago: connection refused \\(127\\.0\\.0\\.1\\);"
                + " probed every 2500ms since \\S+");
        assertThat(r.out()).containsPattern("  backup: UNKNOWN: last probe 25\\.\\d s ago: TCP connect in 1 ms \\(more than two intervals:"
                + " the daemon is not probing it; it last saw UP\\)");
        CliTest.Run json = CliTest.run("status", "--config", c.toString(), "-o", "json");
        assertThat(json.out()).contains("\"name\":\"backup\",\"health\":\"UNKNOWN\"").contains("\"lastProbeAgeSeconds\":25.");
    }

    @Test
    void statusReadsTheStateBesideTheProvidersAndStillRefusesOneItCannotUse() throws IOException {
        Path c = config();
        Instant now = Instant.now();
        daemonSaw(now.minusSeconds(3), now.minusSeconds(3), null);
        try (FileStateStore store = FileStateStore.open(dir.resolve("state"))) {
            store.update("www", g -> g.withOverride("backup", now));
        }
        assertThat(CliTest.run("status", "--config", c.toString()).out()).contains("PINNED to backup");
        Files.writeString(dir.resolve("state/groups/www.json"), "{ \"version\": 2, \"state\": ");
        CliTest.Run r = CliTest.run("status", "--config", c.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("www.json");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void statusSaysWhenNoDaemonSavedItsObservations() throws IOException {
        Path c = config();
        Files.createDirectories(dir.resolve("state"));
        assertThat(CliTest.run("status", "--config", c.toString()).out())
                .contains("target health: none saved (no daemon has saved its observations in ");
    }

    @Test
    void planUsesTheDaemonsFreshViewWithoutProbingAndSaysSo() throws IOException {
        Path c = config();
        Instant now = Instant.now();
        daemonSaw(now.minusSeconds(1), now.minusSeconds(2), null);
        CliTest.Run r = CliTest.run("plan", "--config", c.toString());
        assertThat(r.err()).contains("health: the daemon's view of all 2 targets (probes younger than two intervals; nothing probed)");
        // a probe now would have refused the connection: the plan shows the daemon's thresholded view instead
        assertThat(r.out()).doesNotContain("one probe:");
    }

    @Test
    void planProbesWhatTheDaemonSawTooLongAgoAndSaysWhy() throws IOException {
        Path c = config();
        Instant now = Instant.now();
        daemonSaw(now.minusSeconds(1), now.minusSeconds(21), null);
        CliTest.Run r = CliTest.run("plan", "--config", c.toString());
        assertThat(r.err()).contains("health: the daemon's view of 1 targets; 1 targets probed now (the daemon's latest probe of each is"
                + " older than two intervals, or it does not watch them)");
    }

    @Test
    void checkSaysWhichTargetsTheDaemonProbesFast() throws IOException {
        Path c = config();
        Instant now = Instant.now();
        daemonSaw(now.minusSeconds(1), now.minusSeconds(1), Instant.parse("2026-12-03T12:00:02.5Z"));
        assertThat(CliTest.run("check", "--config", c.toString()).out())
                .contains("the daemon probes www/primary every 2500ms since 2026-12-03T12:00:02Z: its streak turned against UP");
    }
}
