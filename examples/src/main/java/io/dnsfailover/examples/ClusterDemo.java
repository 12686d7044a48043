package io.dnsfailover.examples;

import io.dnsfailover.health.SourceFilter;
import io.dnsfailover.health.SourceFilteringServer;
import io.dnsfailover.providers.testkit.PostgresServer;
import io.dnsfailover.providers.testkit.fakes.CloudflareFake;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Three checkers on loopback, one PostgreSQL (README "Running several checkers"): each node probes from its own
 * source address (127.0.1.1 to .3), and the web servers refuse connections by source address, so a node is
 * blinded for real. It blinds one node to the primary (nothing moves: outvoted), then a second (the record moves
 * to the backup), gives the primary back (failback), and then kills the node that wrote last with SIGKILL as the
 * primary dies (another node moves the record). The DNS account is a stateful fake of Cloudflare's API in this
 * process (testkit), the nodes are daemons started as a user starts them (the launcher); PostgreSQL is the
 * machine's ({@code postgresql}: initdb into a temporary directory, on a free loopback port).
 *
 * <p>Run: {@code mvn -q -pl examples -am install -DskipTests && mvn -q -pl examples exec:exec
 * -Dbenchmark.main=io.dnsfailover.examples.ClusterDemo}.
 */
public final class ClusterDemo {

    static final List<String> NODES = List.of("atlanta", "frankfurt", "singapore");
    static final String ZONE = "demo.test";
    static final String NAME = "www." + ZONE;
    static final String PRIMARY = "127.0.0.1";
    static final String BACKUP = "127.0.0.2";
    static final Duration DEADLINE = Duration.ofSeconds(60);

    private static final long START = System.nanoTime();

    private ClusterDemo() {}

    public static void main(String[] args) throws Exception {
        Path root = ScaleBenchmark.sourceTree();
        Path dir = Files.createTempDirectory("dnsfailover-cluster-demo-");
        PostgresServer postgres;
        try {
            postgres = PostgresServer.create();
        } catch (RuntimeException e) {
            // the test rule's skip says what to install
            System.out.println("the cluster demo needs PostgreSQL: " + e.getMessage());
            System.exit(1);
            return;
        }
        List<DaemonProcess> daemons = new ArrayList<>();
        try (postgres; CloudflareFake cloudflare = CloudflareFake.start("demo-token")) {
            cloudflare.addZone(ZONE);
            cloudflare.addRecord(ZONE, "A", NAME, PRIMARY, 60, false);
            String zone = ZONE;
            String database = postgres.createDatabase();
            Files.writeString(dir.resolve("pgpass"), postgres.password());
            SourceFilteringServer[] web = SourceFilteringServer.httpPair(InetAddress.getByName(PRIMARY), InetAddress.getByName(BACKUP));
            SourceFilteringServer primary = web[0];
            try (primary; SourceFilteringServer backup = web[1]) {
                for (int i = 0; i < NODES.size(); i++) {
                    Path config = dir.resolve(NODES.get(i) + ".yaml");
                    Files.writeString(config, """
                            owner: cluster-demo
                            providers:
                              cf: { type: cloudflare, endpoint: "%s", apiToken: demo-token }
                            groups:
                              www:
                                record: { zone: %s, name: %s, type: A, ttl: 60 }
                                providers: [cf]
                                targets: [ { name: primary, address: %s }, { name: backup, address: %s } ]
                                check: { type: http, port: %d, path: /healthz, expectBody: ok, interval: 1s, timeout: 500ms, fall: 3, rise: 1 }
                                failbackAfter: 3s
                                holdDown: 0s
                            cluster:
                              database: %s
                              user: %s
                              password: ${file:pgpass}
                              node: %s
                              quorum: 2
                              sourceAddress: 127.0.1.%d
                              checkIn: 1s
                            """.formatted(cloudflare.endpoint(), ZONE, NAME, PRIMARY, BACKUP, primary.port(), postgres.jdbcUrl(database),
                            PostgresServer.USER, NODES.get(i), i + 1));
                    daemons.add(DaemonProcess.start(root, config, dir.resolve(NODES.get(i) + ".log")));
                }
                say("started three nodes (atlanta 127.0.1.1, frankfurt 127.0.1.2, singapore 127.0.1.3), quorum 2, "
                        + "checks every 1s, DOWN after 3 failures; PostgreSQL on 127.0.0.1:" + postgres.port());
                waitFor("every node to check in and see both targets UP",
                        () -> count(postgres, database, "SELECT count(*) FROM dnsfailover_observations WHERE health = 'UP'") == 6);
                say("the record: " + served(cloudflare, zone));

                say("blinding atlanta to the primary (its connections from 127.0.1.1 are refused)");
                primary.filter().set(SourceFilteringServer.vantage(1), SourceFilter.Action.REFUSE);
                pause(Duration.ofSeconds(6));
                say("after 6 s the record is still " + served(cloudflare, zone) + ": " + lastDecision(postgres, database));

                say("blinding frankfurt to the primary too");
                long blinded = System.nanoTime();
                primary.filter().set(SourceFilteringServer.vantage(2), SourceFilter.Action.REFUSE);
                waitFor("the backup to be published", () -> served(cloudflare, zone).equals(List.of(BACKUP)));
                say(String.format("the record moved to %s %.2f s later: %s", served(cloudflare, zone), seconds(blinded),
                        lastDecision(postgres, database)));

                say("the primary answers every node again");
                primary.filter().otherwise(SourceFilter.Action.SERVE).set(SourceFilteringServer.vantage(1), SourceFilter.Action.SERVE)
                        .set(SourceFilteringServer.vantage(2), SourceFilter.Action.SERVE);
                waitFor("the failback", () -> served(cloudflare, zone).equals(List.of(PRIMARY)));
                // the write's end saved (its lease let go): a node killed in the middle of a write would hold the
                // group until that write's budget ran out
                waitFor("the failback's write to end", () -> count(postgres, database,
                        "SELECT count(*) FROM dnsfailover_leases WHERE expires_at > now()") == 0);
                int writes = count(postgres, database, "SELECT count(*) FROM dnsfailover_journal WHERE type = 'verify'");
                String writer = lastWriter(postgres, database);
                say("failed back to " + served(cloudflare, zone) + ", written by " + writer);

                say("killing " + writer + " (SIGKILL) and stopping the primary for everyone");
                long killed = System.nanoTime();
                daemons.get(NODES.indexOf(writer)).kill();
                for (int i = 1; i <= NODES.size(); i++) {
                    primary.filter().set(SourceFilteringServer.vantage(i), SourceFilter.Action.REFUSE);
                }
                waitFor("another node to fail over", () -> served(cloudflare, zone).equals(List.of(BACKUP)));
                double moved = seconds(killed);
                waitFor("the failover's write journalled", () -> count(postgres, database,
                        "SELECT count(*) FROM dnsfailover_journal WHERE type = 'verify'") > writes);
                say(String.format("the record moved to %s %.2f s later, written by %s", served(cloudflare, zone), moved,
                        lastWriter(postgres, database)));
            } finally {
                // the nodes first, while their database and their DNS account still answer
                for (DaemonProcess d : daemons) {
                    d.close();
                }
            }
        } finally {
            FailoverBenchmark.deleteTree(dir);
        }
    }

    static List<String> served(CloudflareFake cloudflare, String zone) {
        return cloudflare.records(zone).stream().filter(r -> r.type().equals("A") && r.name().equals(NAME))
                .map(CloudflareFake.Record::content).sorted().toList();
    }

    static String lastDecision(PostgresServer postgres, String database) {
        return text(postgres, database, "SELECT node || ' decided: ' || (line::jsonb ->> 'reason') FROM dnsfailover_journal"
                + " WHERE type = 'decision' ORDER BY id DESC LIMIT 1");
    }

    static String lastWriter(PostgresServer postgres, String database) {
        return text(postgres, database, "SELECT node FROM dnsfailover_journal WHERE type = 'apply' ORDER BY id DESC LIMIT 1");
    }

    static String text(PostgresServer postgres, String database, String sql) {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : "(none)";
        } catch (java.sql.SQLException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    static int count(PostgresServer postgres, String database, String sql) {
        String n = text(postgres, database, sql);
        return n.matches("\\d+") ? Integer.parseInt(n) : 0;
    }

    static void waitFor(String what, BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("gave up waiting " + DEADLINE.toSeconds() + " s for " + what);
            }
            Thread.sleep(50);
        }
    }

    static void pause(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static void say(String line) {
        System.out.printf("[%6.2fs] %s%n", seconds(START), line);
    }
}
