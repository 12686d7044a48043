package io.dnsfailover.controller.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dnsfailover.controller.state.DatabaseStateStore.Fence;
import io.dnsfailover.providers.testkit.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only the database store does: the lease that fences each group's writers, and its schema. */
class DatabaseStateStoreTest {

    static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    static PostgresServer postgres;

    @BeforeAll
    static void start() {
        postgres = PostgresServer.shared(); // skipped, or failed under CI=true, where PostgreSQL is missing
    }
    String database;

    @BeforeEach
    void database() {
        database = postgres.createDatabase();
    }

    DatabaseStateStore open(String node, Fence fence, Duration tickHold, Duration writeHold) {
        DatabaseStateStore s = DatabaseStateStore.open(postgres.jdbcUrl(database), PostgresServer.USER, postgres.password(),
                node, Clock.systemUTC());
        s.fence(fence, tickHold, writeHold);
        return s;
    }

    @Test
    void aSecondDaemonNodeCannotSaveAGroupWhileTheFirstHoldsItsLeaseAndCanOnceItLapses() {
        try (DatabaseStateStore a = open("atlanta", Fence.DAEMON, Duration.ofMillis(800), Duration.ofMinutes(1));
             DatabaseStateStore b = open("frankfurt", Fence.DAEMON, Duration.ofMillis(800), Duration.ofMinutes(1))) {
            a.update("www", g -> g.withDecision("primary UP", T0));
            assertThat(a.lease("www")).hasValueSatisfying(l -> assertThat(l.holder()).isEqualTo("atlanta"));

            assertThatThrownBy(() -> b.update("www", g -> g.withOverride("backup", T0))).isInstanceOf(FencedException.class)
                    .hasMessageContaining("atlanta holds the group's lease until");
            assertThat(b.read("www").state().override()).as("nothing saved").isNull();

            await().atMost(Duration.ofSeconds(10)).until(() -> !a.lease("www").orElseThrow().live());
            b.update("www", g -> g.withOverride("backup", T0));
            assertThat(a.lease("www")).hasValueSatisfying(l -> {
                assertThat(l.holder()).isEqualTo("frankfurt");
                assertThat(l.epoch()).as("it changed hands once").isEqualTo(2);
            });
            assertThatThrownBy(() -> a.update("www", g -> g.withDecision("x", T0))).isInstanceOf(FencedException.class);
        }
    }

    @Test
    void aSaveThatStartsAWriteHoldsTheLeaseForTheWritesWholeBudgetAndTheSaveThatEndsItLetsGo() {
        try (DatabaseStateStore a = open("atlanta", Fence.DAEMON, Duration.ofMillis(100), Duration.ofMinutes(1));
             DatabaseStateStore b = open("frankfurt", Fence.DAEMON, Duration.ofMillis(100), Duration.ofMinutes(1))) {
            a.update("www", g -> g.withWriting(List.of("198.51.100.20"), T0));
            Instant until = a.lease("www").orElseThrow().expiresAt();
            assertThat(until).isAfter(Instant.now().plusSeconds(50));
            assertThatThrownBy(() -> b.update("www", g -> g.withDecision("x", T0))).isInstanceOf(FencedException.class)
                    .hasMessageContaining("(it is writing [198.51.100.20])");
            // the save that ends the write hands the lease back to the tick's short hold
            a.update("www", g -> g.withWriting(List.of(), T0));
            assertThat(a.lease("www").orElseThrow().expiresAt()).isBefore(until);
            await().atMost(Duration.ofSeconds(10)).until(() -> !a.lease("www").orElseThrow().live());
            b.update("www", g -> g.withDecision("taken over", T0));
        }
    }

    @Test
    void aCommandTakesTheLeaseFromADaemonBetweenWritesButNeverDuringOneAndGivesItBack() {
        try (DatabaseStateStore daemon = open("atlanta", Fence.DAEMON, Duration.ofMinutes(1), Duration.ofMinutes(1))) {
            daemon.update("www", g -> g.withWriting(List.of("198.51.100.20"), T0));
            try (DatabaseStateStore command = open("atlanta", Fence.COMMAND, Duration.ofMinutes(1), Duration.ofMinutes(1))) {
                assertThatThrownBy(() -> command.update("www", g -> g.withOverride("backup", T0)))
                        .isInstanceOf(FencedException.class).hasMessageContaining("it is writing");
            }
            daemon.update("www", g -> g.withWriting(List.of(), T0)); // the write ended
            try (DatabaseStateStore command = open("atlanta", Fence.COMMAND, Duration.ofMinutes(1), Duration.ofMinutes(1))) {
                command.update("www", g -> g.withOverride("backup", T0));
                assertThat(command.lease("www").orElseThrow().holder()).isEqualTo(command.holder()).startsWith("atlanta/command-");
                assertThatThrownBy(() -> daemon.update("www", g -> g.withDecision("pinned", T0)))
                        .as("the daemon waits while the command holds it").isInstanceOf(FencedException.class);
            }
            daemon.update("www", g -> g.withDecision("pinned", T0));
            assertThat(daemon.read("www").state().override()).isEqualTo("backup");
            assertThat(daemon.lease("www").orElseThrow().holder()).isEqualTo("atlanta");
        }
    }

    @Test
    void aRestoreIsFencedToo() {
        try (DatabaseStateStore a = open("atlanta", Fence.DAEMON, Duration.ofMinutes(1), Duration.ofMinutes(1));
             DatabaseStateStore b = open("frankfurt", Fence.DAEMON, Duration.ofMinutes(1), Duration.ofMinutes(1))) {
            a.update("www", g -> g.withOverride("backup", T0));
            assertThatThrownBy(() -> b.restore("www", GroupState.EMPTY)).isInstanceOf(FencedException.class);
            assertThat(a.read("www").state().override()).isEqualTo("backup");
        }
    }

    @Test
    void theSchemaHoldsQuartzsTablesAndAFreshStoreOpensOnAMigratedDatabase() throws Exception {
        open("atlanta", Fence.NONE, Duration.ZERO, Duration.ZERO).close();
        open("frankfurt", Fence.NONE, Duration.ZERO, Duration.ZERO).close();
        try (Connection c = postgres.connect(database); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'qrtz_%'")) {
            r.next();
            assertThat(r.getInt(1)).as("Quartz's eleven tables").isEqualTo(11);
        }
        assertThat(QuartzSchema.statements()).noneMatch(sql -> sql.toUpperCase(java.util.Locale.ROOT).startsWith("DROP"));
    }

    @Test
    void anUnreachableDatabaseSaysWhichAndWhatToCheckWithoutThePassword() {
        assertThatThrownBy(() -> DatabaseStateStore.open("jdbc:postgresql://127.0.0.1:9/nowhere", "u", "pg-s3cr3t", "atlanta",
                Clock.systemUTC())).isInstanceOf(StoreUnreachableException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:9/nowhere")
                .hasMessageContaining("check that PostgreSQL is running")
                .hasMessageNotContaining("pg-s3cr3t");
    }
}
