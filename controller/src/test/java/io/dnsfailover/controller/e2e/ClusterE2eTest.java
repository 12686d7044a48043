package io.dnsfailover.controller.e2e;

import static io.dnsfailover.controller.e2e.E2eConfig.GROUP;
import static io.dnsfailover.controller.e2e.E2eConfig.NAME;
import static io.dnsfailover.controller.e2e.E2eConfig.TTL;
import static io.dnsfailover.controller.e2e.E2eConfig.ZONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dnsfailover.health.SourceFilter;
import io.dnsfailover.health.SourceFilteringServer;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.DnsQuery;
import io.dnsfailover.providers.testkit.FaultProxy;
import io.dnsfailover.providers.testkit.PostgresServer;
import io.dnsfailover.providers.testkit.PowerDnsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three checkers as processes, one PostgreSQL, one PowerDNS, all on loopback (issue "several checkers"): each node
 * probes from a source address of its own (127.0.1.N), and the web servers refuse connections by source address,
 * so a node blinded to a target is a network fact, not a mock. Quorum 2, interval 1 s, fall 3, check-in 1 s.
 * Every wait polls a condition with a deadline; measured times are printed ({@code ClusterE2eTest:} lines).
 */
class ClusterE2eTest {

    static final String PRIMARY = "127.0.0.1";
    static final String BACKUP = "127.0.0.2";
    static final List<String> NODES = List.of("atlanta", "frankfurt", "singapore");
    static final Duration DEADLINE = Duration.ofSeconds(40);

    static PowerDnsServer pdns;
    static PostgresServer postgres;

    @TempDir
    Path dir;

    String database;
    SourceFilteringServer primary;
    SourceFilteringServer backup;
    FaultProxy proxy;
    final List<DaemonProcess> daemons = new ArrayList<>();

    @BeforeAll
    static void startServers() {
        postgres = PostgresServer.create();
        pdns = PowerDnsServer.start();
        pdns.createZone(ZONE);
    }

    @AfterAll
    static void stopServers() {
        if (pdns != null) {
            pdns.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void startBackends() throws IOException {
        database = postgres.createDatabase();
        SourceFilteringServer[] web = SourceFilteringServer.httpPair(InetAddress.getByName(PRIMARY), InetAddress.getByName(BACKUP));
        primary = web[0];
        backup = web[1];
        proxy = FaultProxy.start(pdns.apiUrl());
        FaultE2eTest.seed(pdns, PRIMARY);
    }

    @AfterEach
    void stopEverything() {
        daemons.forEach(DaemonProcess::close);
        if (proxy != null) {
            proxy.close();
        }
        if (primary != null) {
            primary.close();
        }
        if (backup != null) {
            backup.close();
        }
        postgres.start(); // a test that stopped it leaves it running for the next
    }

    /** Node {@code i} (0, 1, 2): its name, its config file and its source address 127.0.1.(i+1). */
    Path config(int i) {
        Path home = dir.resolve(NODES.get(i));
        try {
            Files.createDirectories(home);
            Files.writeString(home.resolve("pgpass"), postgres.password());
            Path file = home.resolve("dnsfailover.yaml");
            Files.writeString(file, """
                    owner: cluster-e2e
                    providers:
                      pdns: { type: powerdns, endpoint: "%s", apiKey: "%s" }
                    groups:
                      %s:
                        record: { zone: %s, name: %s, type: A, ttl: %d }
                        providers: [pdns]
                        targets:
                          - { name: primary, address: %s }
                          - { name: backup, address: %s }
                        check: { type: http, port: %d, path: /healthz, expectBody: ok, interval: 1s, timeout: 500ms, fall: 3, rise: 1 }
                        failback: auto
                        failbackAfter: 3s
                        holdDown: 0s
                    cluster:
                      database: %s
                      user: %s
                      password: ${file:pgpass}
                      node: %s
                      quorum: 2
                      sourceAddress: %s
                      checkIn: 1s
                    """.formatted(proxy.url(), pdns.apiKey(), GROUP, ZONE, NAME, TTL, PRIMARY, BACKUP, primary.port(),
                    postgres.jdbcUrl(database), PostgresServer.USER, NODES.get(i), vantage(i).getHostAddress()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InetAddress vantage(int i) {
        return SourceFilteringServer.vantage(i + 1);
    }

    DaemonProcess start(int i) {
        DaemonProcess d = DaemonProcess.start(config(i), dir.resolve(NODES.get(i) + ".log"));
        daemons.add(d);
        return d;
    }

    void startAll() {
        for (int i = 0; i < NODES.size(); i++) {
            start(i);
        }
        daemons.forEach(DaemonProcess::awaitRunning);
        await("three nodes alive").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> query("SELECT count(*) FROM dnsfailover_nodes WHERE seen_at > now() - interval '3 seconds'")
                        .equals(List.of("3")));
        // every node has seen both targets UP (rise 1): the record stays on the primary
        await("every node sees both targets UP").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> query("SELECT count(*) FROM dnsfailover_observations WHERE health = 'UP'").equals(List.of("6")));
    }

    /** Refuses (or serves again) connections from node {@code i} to {@code server}. */
    static void blind(SourceFilteringServer server, int i, boolean blinded) {
        server.filter().set(vantage(i), blinded ? SourceFilter.Action.REFUSE : SourceFilter.Action.SERVE);
    }

    static List<String> answer() {
        return DnsQuery.ask(pdns.dnsAddress(), NAME, RecordType.A).values();
    }

    long awaitServed(String address, String why) {
        long[] at = new long[1];
        try {
            await(why).atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).ignoreExceptionsInstanceOf(UncheckedIOException.class)
                    .until(() -> {
                        if (answer().equals(List.of(address))) {
                            at[0] = System.nanoTime();
                            return true;
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(why + ": PowerDNS does not answer [" + address + "] after " + DEADLINE.toSeconds() + " s\n"
                    + context(), e);
        }
        return at[0];
    }

    void awaitOrSay(String why, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await(why).atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(why + ": not within " + DEADLINE.toSeconds() + " s\n" + context(), e);
        }
    }

    void assertHolds(String address, String why, Duration during) {
        new Authoritative(pdns.dnsAddress(), this::context).assertAnswerHolds(address, why, during,
                () -> { });
    }

    /** One column of every row, as text. */
    List<String> query(String sql) {
        try (Connection c = postgres.connect(database); PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (r.next()) {
                out.add(r.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The journal's lines of {@code type}, oldest first. */
    List<String> journal(String type) {
        return query("SELECT node || ' ' || line FROM dnsfailover_journal WHERE type = '" + type + "' ORDER BY id");
    }

    String context() {
        StringBuilder out = new StringBuilder("PowerDNS answers " + safeAnswer() + "; proxy: " + proxy.recent() + "\n");
        try {
            out.append("journal:\n").append(String.join("\n", query(
                    "SELECT node || ' ' || line FROM dnsfailover_journal ORDER BY id DESC LIMIT 25"))).append('\n');
        } catch (IllegalStateException e) {
            out.append("journal unreadable: ").append(e.getMessage()).append('\n');
        }
        for (int i = 0; i < daemons.size(); i++) {
            String log = daemons.get(i).log();
            out.append("--- ").append(NODES.get(i)).append(" log (tail):\n")
                    .append(log.lines().skip(Math.max(0, log.lines().count() - 25)).collect(Collectors.joining("\n"))).append('\n');
        }
        return out.toString();
    }

    private String safeAnswer() {
        try {
            return answer().toString();
        } catch (UncheckedIOException e) {
            return "(no answer: " + e.getMessage() + ")";
        }
    }

    @Test
    void oneBlindedNodeMovesNothingTwoFailOverAndEveryNodeHonoursAnOperatorsPin() {
        startAll();

        blind(primary, 0, true);
        assertHolds(PRIMARY, "the primary refused to atlanta alone (quorum 2)", Duration.ofSeconds(5));
        assertThat(proxy.forwarded("PATCH")).as("nothing written while one node alone sees the primary DOWN").isZero();

        long blinded = System.nanoTime();
        blind(primary, 1, true);
        long moved = awaitServed(BACKUP, "the primary refused to atlanta and frankfurt");
        System.out.printf("ClusterE2eTest: failed over %.2f s after the second node was blinded to the primary%n",
                (moved - blinded) / 1e9);
        assertThat(journal("decision")).as("the decision names the evidence per node\n" + context())
                .anyMatch(l -> l.contains("primary DOWN") && l.contains("from atlanta, frankfurt (2 of 3)")
                        && l.contains("UP from singapore"));

        blind(primary, 0, false);
        blind(primary, 1, false);
        awaitServed(PRIMARY, "the primary serves every node again: failback after 3 s");

        // singapore sees nothing at all while the others see both targets: blinded, and outvoted
        blind(primary, 2, true);
        blind(backup, 2, true);
        awaitOrSay("singapore flagged blinded in the journal", () -> journal("blinded").stream()
                .anyMatch(l -> l.contains("\"phase\":\"started\"") && l.contains("\"node\":\"singapore\"")
                        && l.contains("DOWN from singapore")));
        Cli.Result status = Cli.inJvm(dir, "status", "--local", "--config", config(0).toString());
        assertThat(status.out()).as(status.describe()).contains("cluster: quorum 2 of 3 nodes alive")
                .contains("blinded: singapore in " + GROUP);
        assertHolds(PRIMARY, "one blinded node moves nothing", Duration.ofSeconds(3));

        // an operator's pin from one node holds on every node's ticks
        Cli.Result pin = Cli.inJvm(dir, "failover", GROUP, "--to", "backup", "--config", config(0).toString());
        assertThat(pin.code()).as(pin.describe()).isZero();
        awaitServed(BACKUP, "failover --to backup on atlanta");
        assertHolds(BACKUP, "pinned: whichever node ticks keeps the backup", Duration.ofSeconds(5));
        Cli.Result unpin = Cli.inJvm(dir, "failback", GROUP, "--config", config(2).toString());
        assertThat(unpin.code()).as(unpin.describe()).isZero();
        awaitServed(PRIMARY, "failback on singapore");

        assertThat(proxy.mostInFlight("PATCH")).as("two writers never at once\n" + context()).isEqualTo(1);
        daemons.forEach(d -> assertThat(d.stop()).as(d.log()).isZero());
    }

    @Test
    void whenTheNodeThatWroteLastIsKilledAnotherFailsOverAndNoNodeWritesWithoutTheDatabase() {
        startAll();
        // a first failover and failback, so that some node is the one that wrote last
        primary.filter().otherwise(SourceFilter.Action.REFUSE);
        awaitServed(BACKUP, "the primary refused to every node");
        primary.filter().otherwise(SourceFilter.Action.SERVE);
        awaitServed(PRIMARY, "the primary back: failback after 3 s");
        await("the failback's write journalled").atMost(DEADLINE).until(() -> journal("apply").size() >= 2);
        List<String> applies = journal("apply");
        String writer = applies.get(applies.size() - 1).split(" ", 2)[0];
        int killed = NODES.indexOf(writer);

        // it dies (SIGKILL) just as the primary does: another node must fail over
        long start = System.nanoTime();
        primary.filter().otherwise(SourceFilter.Action.REFUSE);
        daemons.get(killed).kill();
        long moved = awaitServed(BACKUP, "the primary refused after " + writer + " was killed");
        System.out.printf("ClusterE2eTest: %s killed with the primary; the backup published %.2f s later by another node%n",
                writer, (moved - start) / 1e9);
        await("the failover's write journalled").atMost(DEADLINE).until(() -> journal("apply").size() > applies.size());
        List<String> after = journal("apply");
        assertThat(after.get(after.size() - 1)).as("written by a node alive\n" + context()).doesNotStartWith(writer + " ");

        // the database stops: the primary comes back, and nothing is written until the database does
        postgres.stop();
        primary.filter().otherwise(SourceFilter.Action.SERVE);
        for (int i = 0; i < NODES.size(); i++) {
            if (i != killed) {
                DaemonProcess d = daemons.get(i);
                awaitOrSay(NODES.get(i) + " says it lost the database", () -> d.log().contains("lost the cluster's database"));
            }
        }
        assertHolds(BACKUP, "no node writes without the database", Duration.ofSeconds(5));
        postgres.start();
        awaitServed(PRIMARY, "the database back: failback");
        assertThat(proxy.mostInFlight("PATCH")).as("two writers never at once\n" + context()).isEqualTo(1);
        for (int i = 0; i < NODES.size(); i++) {
            if (i != killed) {
                assertThat(daemons.get(i).stop()).as(daemons.get(i).log()).isZero();
            }
        }
    }

    @Test
    void aNodeWhoseDatabaseIsGoneStillStopsOnSigterm() {
        DaemonProcess node = start(0).awaitRunning();
        // its first observations are saved once its scheduler runs: it is past its start-up
        await("the node saved its observations").atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> !query("SELECT count(*) FROM dnsfailover_observations").equals(List.of("0")));
        postgres.stop();
        awaitOrSay("the node says it lost the database", () -> node.log().contains("lost the cluster's database"));
        long start = System.nanoTime();
        int code = node.stop();
        System.out.printf("ClusterE2eTest: a node without its database stopped %.2f s after SIGTERM%n", (System.nanoTime() - start) / 1e9);
        assertThat(code).as(node.log()).isZero();
    }
}
