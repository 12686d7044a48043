package io.dnsfailover.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.config.ClusterConfig;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.config.Secret;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.engine.HealthSource;
import io.dnsfailover.controller.state.DatabaseStateStore;
import io.dnsfailover.controller.state.Observations;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Health;
import io.dnsfailover.health.HealthStreak;
import io.dnsfailover.providers.testkit.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's health of a group's targets, from this node's probes and the other nodes' views in a real PostgreSQL. */
class ClusterHealthTest {

    static PostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.shared(); // skipped, or failed under CI=true, where PostgreSQL is missing
    }

    @TempDir
    Path dir;

    String database;
    final List<DatabaseStateStore> stores = new ArrayList<>();
    GroupConfig group;

    @BeforeEach
    void setUp() {
        database = postgres.createDatabase();
        group = new ConfigLoader(n -> null).parse("cluster.yaml", """
                providers:
                  mem: { type: inmemory }
                groups:
                  www:
                    record: { zone: cluster.test, name: www.cluster.test, type: A, ttl: 5 }
                    providers: [mem]
                    targets: [ { name: primary, address: 127.0.0.1 }, { name: backup, address: 127.0.0.2 } ]
                    check: { type: tcp, port: 9, interval: 1s, timeout: 300ms, fall: 1, rise: 1 }
                """, dir).groups().get("www");
    }

    @AfterEach
    void close() {
        stores.forEach(DatabaseStateStore::close);
    }

    ClusterConfig cluster(String node, Integer quorum) {
        return new ClusterConfig(postgres.jdbcUrl(database), Secret.of(PostgresServer.USER), Secret.of(postgres.password()), node,
                quorum, null, Duration.ofSeconds(1));
    }

    DatabaseStateStore store(String node) {
        DatabaseStateStore s = DatabaseStateStore.open(cluster(node, null), Clock.systemUTC());
        stores.add(s);
        return s;
    }

    /** A node that says it is alive and saved these healths of primary and backup, probed {@code age} ago. */
    void node(String name, Health primary, Health backup, Duration age) {
        Instant now = Instant.now();
        Map<String, Observations.Target> targets = new LinkedHashMap<>();
        targets.put("primary", target(primary, now.minus(age)));
        targets.put("backup", target(backup, now.minus(age)));
        DatabaseStateStore s = store(name);
        s.saveObservations(new Observations(now, 100, Map.of("www", targets)));
    }

    static Observations.Target target(Health h, Instant probed) {
        return new Observations.Target(h, probed.minusSeconds(30), probed, h, h == Health.UP ? "connected" : "connection refused",
                null);
    }

    /** This node's own streaks: each target after one probe of that result (fall 1, rise 1). */
    List<HealthStreak> local(Health primary, Health backup) {
        Instant now = Instant.now();
        List<HealthStreak> out = new ArrayList<>();
        for (Health h : List.of(primary, backup)) {
            CheckResult r = h == Health.UP ? CheckResult.up(now, Duration.ofMillis(1), "connected")
                    : CheckResult.down(now, Duration.ofMillis(1), "connection refused");
            out.add(HealthStreak.initial(group.check().thresholds()).next(r).next());
        }
        return out;
    }

    HealthSource.Seen see(ClusterHealth health, Health primary, Health backup) {
        return health.see(group, local(primary, backup), false, Instant.now());
    }

    static TargetStatus primary(HealthSource.Seen seen) {
        return seen.statuses().get(0);
    }

    @Test
    void aTargetNoNodeHasProbedYetIsUncheckedAndNotSaved() {
        ClusterHealth alone = new ClusterHealth(store("atlanta"), cluster("atlanta", null), Clock.systemUTC());
        List<HealthStreak> local = new ArrayList<>(local(Health.UP, Health.UP));
        local.set(1, HealthStreak.initial(group.check().thresholds()));
        HealthSource.Seen seen = alone.see(group, local, false, Instant.now());
        assertThat(seen.statuses().get(0).checked()).isTrue();
        assertThat(seen.statuses().get(1).checked()).as("the backup: never probed by any node").isFalse();
        assertThat(seen.toSave()).containsOnlyKeys("primary");
    }

    @Test
    void aNodeAloneIsItsOwnQuorum() {
        ClusterHealth alone = new ClusterHealth(store("atlanta"), cluster("atlanta", null), Clock.systemUTC());
        HealthSource.Seen seen = see(alone, Health.DOWN, Health.UP);
        assertThat(primary(seen).health()).isEqualTo(Health.DOWN);
        assertThat(primary(seen).evidence()).isEqualTo("from atlanta (1 of 1): connection refused");
        assertThat(seen.toSave()).containsKeys("primary", "backup");
    }

    @Test
    void oneNodeBlindedToThePrimaryIsOutvotedAndASecondTipsIt() {
        ClusterHealth atlanta = new ClusterHealth(store("atlanta"), cluster("atlanta", 2), Clock.systemUTC());
        node("frankfurt", Health.UP, Health.UP, Duration.ZERO);
        node("singapore", Health.UP, Health.UP, Duration.ZERO);
        HealthSource.Seen seen = see(atlanta, Health.DOWN, Health.UP);
        assertThat(primary(seen).health()).isEqualTo(Health.UP);
        assertThat(primary(seen).evidence()).isEqualTo("from frankfurt, singapore (2 of 3): connected; DOWN from atlanta");
        assertThat(seen.conditions()).as("it sees the backup UP: not blinded").isEmpty();

        node("frankfurt", Health.DOWN, Health.UP, Duration.ZERO);
        seen = see(atlanta, Health.DOWN, Health.UP);
        assertThat(primary(seen).health()).isEqualTo(Health.DOWN);
        assertThat(primary(seen).evidence()).isEqualTo("from atlanta, frankfurt (2 of 3): connection refused; UP from singapore");
        assertThat(seen.changed()).as("the verdict changed though this node's own view did not").isTrue();
        assertThat(see(atlanta, Health.DOWN, Health.UP).changed()).isFalse();
    }

    @Test
    void aViewWhoseProbeIsOlderThanTwoIntervalsAndASaveIsNoEvidence() {
        ClusterHealth atlanta = new ClusterHealth(store("atlanta"), cluster("atlanta", 2), Clock.systemUTC());
        node("frankfurt", Health.DOWN, Health.UP, Duration.ofSeconds(10));
        node("singapore", Health.UP, Health.UP, Duration.ZERO);
        TargetStatus p = primary(see(atlanta, Health.DOWN, Health.UP));
        assertThat(p.health()).isEqualTo(Health.UNKNOWN);
        assertThat(p.evidence()).contains("no quorum (2 of 3 needed)").contains("no fresh observation from frankfurt");
    }

    @Test
    void aNodeNotHeardOfForThreeCheckInsIsNotCounted() throws Exception {
        ClusterHealth atlanta = new ClusterHealth(store("atlanta"), cluster("atlanta", null), Clock.systemUTC());
        node("frankfurt", Health.UP, Health.UP, Duration.ZERO);
        node("singapore", Health.UP, Health.UP, Duration.ZERO);
        try (Connection c = postgres.connect(database); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE dnsfailover_nodes SET seen_at = now() - interval '1 hour' WHERE node <> 'atlanta'");
        }
        TargetStatus p = primary(see(atlanta, Health.DOWN, Health.UP));
        assertThat(p.health()).as("a majority of the one node alive").isEqualTo(Health.DOWN);
        assertThat(p.evidence()).isEqualTo("from atlanta (1 of 1): connection refused");
    }

    @Test
    void aNodeThatSeesEveryTargetDownWhileOthersSeeThemUpIsFlaggedBlinded() {
        ClusterHealth atlanta = new ClusterHealth(store("atlanta"), cluster("atlanta", 2), Clock.systemUTC());
        node("frankfurt", Health.UP, Health.UP, Duration.ZERO);
        node("singapore", Health.UP, Health.UP, Duration.ZERO);
        node("tokyo", Health.DOWN, Health.DOWN, Duration.ofSeconds(30)); // alive, but its views are stale: no evidence
        HealthSource.Seen seen = see(atlanta, Health.DOWN, Health.DOWN);
        assertThat(seen.statuses()).extracting(TargetStatus::health).containsExactly(Health.UP, Health.UP);
        assertThat(seen.conditions()).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo("blinded:atlanta");
            assertThat(c.summary()).isEqualTo("www: node atlanta sees every target DOWN while other nodes see them UP (its own network?)");
            assertThat(c.evidence()).containsExactly("primary: DOWN from atlanta, UP from frankfurt, UP from singapore",
                    "backup: DOWN from atlanta, UP from frankfurt, UP from singapore");
        });
    }
}
