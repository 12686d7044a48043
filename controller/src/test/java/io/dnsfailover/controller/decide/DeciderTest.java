package io.dnsfailover.controller.decide;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Health;
import io.dnsfailover.health.HealthTracker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeciderTest {

    static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    static final String P = "203.0.113.10";
    static final String B1 = "198.51.100.20";
    static final String B2 = "192.0.2.30";

    static GroupConfig group(String extra) {
        String yaml = """
                providers:
                  mem: { type: inmemory }
                groups:
                  atlanta1:
                    record: { zone: hosting.com, name: atlanta1.hosting.com, type: A, ttl: 60 }
                    providers: [mem]
                    targets:
                      - { name: primary, address: 203.0.113.10 }
                      - { name: backup1, address: 198.51.100.20 }
                      - { name: backup2, address: 192.0.2.30 }
                    check: { type: tcp, port: 80, interval: 1s, fall: 3, rise: 2 }
                """ + extra.indent(4);
        Config c = new ConfigLoader(Map.<String, String>of()::get).parse("t.yaml", yaml, Path.of("/tmp"));
        return c.groups().get("atlanta1");
    }

    static final GroupConfig AUTO = group("failbackAfter: 5m\nholdDown: 60s\n");

    static TargetStatus up(String name, String value, Instant since) {
        return new TargetStatus(name, value, Health.UP, since, "UP since " + since, true);
    }

    static TargetStatus down(String name, String value, String why) {
        return new TargetStatus(name, value, Health.DOWN, T0, why, true);
    }

    static TargetStatus unknown(String name, String value) {
        return new TargetStatus(name, value, Health.UNKNOWN, null, "not yet known", true);
    }

    static Decision decide(GroupConfig g, List<String> published, Instant now, TargetStatus... ts) {
        return Decider.decide(new DecisionInput(g, List.of(ts), published, null, false, null, now));
    }

    @Test
    void changesNothingBeforeEveryTargetWasChecked() {
        TargetStatus notYet = new TargetStatus("backup2", B2, Health.UNKNOWN, null, null, false);
        Decision d = decide(AUTO, List.of(P), T0, down("primary", P, "3 × connection refused"), up("backup1", B1, T0), notYet);
        assertThat(d.change()).isFalse();
        assertThat(d.reason()).contains("waiting for the first round of checks (2 of 3 targets checked)");
    }

    @Test
    void failsOverToTheFirstUpTargetWhenThePublishedOneIsDown() {
        Decision d = decide(AUTO, List.of(P), T0.plusSeconds(10),
                down("primary", P, "3 × connection refused (203.0.113.10:443) since 2026-11-21T12:00:03Z"),
                up("backup1", B1, T0), up("backup2", B2, T0));
        assertThat(d.change()).isTrue();
        assertThat(d.targets()).containsExactly("backup1");
        assertThat(d.values()).containsExactly(B1);
        assertThat(d.reason()).isEqualTo("primary DOWN: 3 × connection refused (203.0.113.10:443) since 2026-11-21T12:00:03Z; "
                + "backup1 is UP (UP since 2026-11-21T12:00:00Z)");
    }

    @Test
    void neverLeavesATargetThatIsOnlyUnknown() {
        Decision d = decide(AUTO, List.of(P), T0, unknown("primary", P), up("backup1", B1, T0), up("backup2", B2, T0));
        assertThat(d.change()).isFalse();
        assertThat(d.values()).containsExactly(P);
    }

    @Test
    void neverPublishesABackupThatIsNotUpNow() {
        Decision d = decide(AUTO, List.of(P), T0, down("primary", P, "timeout"), unknown("backup1", B1), up("backup2", B2, T0));
        assertThat(d.targets()).containsExactly("backup2");
        Decision none = decide(AUTO, List.of(P), T0, down("primary", P, "timeout"), unknown("backup1", B1), down("backup2", B2, "refused"));
        assertThat(none.change()).isFalse();
        assertThat(none.reason()).contains("no other target is UP", "keeping the record as it is (whenAllDown: keep)");
    }

    @Test
    void failsBackOnlyAfterThePrimaryWasUpForFailbackAfter() {
        Instant primaryUp = T0.plusSeconds(100);
        Decision early = decide(AUTO, List.of(B1), primaryUp.plus(Duration.ofMinutes(4)), up("primary", P, primaryUp),
                up("backup1", B1, T0), up("backup2", B2, T0));
        assertThat(early.change()).isFalse();
        assertThat(early.reason()).contains("primary is UP, but it must stay UP for 5m (UP for 4m");
        Decision due = decide(AUTO, List.of(B1), primaryUp.plus(Duration.ofMinutes(5)), up("primary", P, primaryUp),
                up("backup1", B1, T0), up("backup2", B2, T0));
        assertThat(due.change()).isTrue();
        assertThat(due.targets()).containsExactly("primary");
        assertThat(due.reason()).startsWith("failback to primary: UP since 2026-11-21T12:01:40Z");
    }

    @Test
    void holdDownDelaysAnAutomaticFailback() {
        Instant now = T0.plus(Duration.ofMinutes(10));
        Decision d = Decider.decide(new DecisionInput(AUTO, List.of(up("primary", P, T0), up("backup1", B1, T0), up("backup2", B2, T0)),
                List.of(B1), null, false, now.minusSeconds(30), now));
        assertThat(d.change()).isFalse();
        assertThat(d.reason()).contains("within the hold-down of 1m");
    }

    @Test
    void holdDownNeverDelaysLeavingADownTarget() {
        Instant now = T0.plusSeconds(5);
        Decision d = Decider.decide(new DecisionInput(AUTO, List.of(up("primary", P, T0), down("backup1", B1, "refused"), up("backup2", B2, T0)),
                List.of(B1), null, false, now.minusSeconds(1), now));
        assertThat(d.change()).isTrue();
    }

    @Test
    void manualFailbackWaitsForTheOperatorWhoseFailbackMovesUpAtOnce() {
        GroupConfig manual = group("failback: manual\n");
        Instant now = T0.plus(Duration.ofHours(1));
        List<TargetStatus> ts = List.of(up("primary", P, now.minusSeconds(5)), up("backup1", B1, T0), up("backup2", B2, T0));
        Decision auto = Decider.decide(new DecisionInput(manual, ts, List.of(B1), null, false, null, now));
        assertThat(auto.change()).isFalse();
        assertThat(auto.reason()).contains("failback is manual: run 'dnsfailover failback atlanta1'");
        Decision operator = Decider.decide(new DecisionInput(manual, ts, List.of(B1), null, true, now.minusSeconds(1), now));
        assertThat(operator.change()).isTrue();
        assertThat(operator.targets()).containsExactly("primary");
    }

    @Test
    void oneWayOnlyEverMovesDownTheList() {
        GroupConfig oneWay = group("failback: one-way\n");
        Instant now = T0.plus(Duration.ofHours(1));
        assertThat(decide(oneWay, List.of(B1), now, up("primary", P, T0), up("backup1", B1, T0), up("backup2", B2, T0)).change()).isFalse();
        Decision d = decide(oneWay, List.of(B1), now, up("primary", P, T0), down("backup1", B1, "refused"), down("backup2", B2, "refused"));
        assertThat(d.change()).as("primary is above: one-way never goes there").isFalse();
        Decision down = decide(oneWay, List.of(B1), now, up("primary", P, T0), down("backup1", B1, "refused"), up("backup2", B2, T0));
        assertThat(down.targets()).containsExactly("backup2");
    }

    @Test
    void aDownTargetIsLeftForAHigherOneWhenNothingBelowIsUp() {
        Instant now = T0.plusSeconds(30);
        Decision d = decide(AUTO, List.of(B1), now, up("primary", P, now.minusSeconds(10)), down("backup1", B1, "refused"),
                down("backup2", B2, "refused"));
        assertThat(d.targets()).containsExactly("primary");
    }

    @Test
    void prefersAHigherTargetThatMayBeFailedBackTo() {
        Instant now = T0.plus(Duration.ofHours(1));
        Decision d = decide(AUTO, List.of(B1), now, up("primary", P, T0), down("backup1", B1, "refused"), up("backup2", B2, T0));
        assertThat(d.targets()).containsExactly("primary");
    }

    @Test
    void whenAllDownCanPublishANamedTargetWhateverItsCheckSays() {
        GroupConfig sorry = group("whenAllDown: backup2\n");
        Decision d = decide(sorry, List.of(P), T0, down("primary", P, "refused"), down("backup1", B1, "refused"), down("backup2", B2, "refused"));
        assertThat(d.targets()).containsExactly("backup2");
        assertThat(d.reason()).contains("publishing backup2 (whenAllDown), whatever its own check says");
    }

    @Test
    void whenAllDownPublishesNothingWhileATargetIsOnlyUnknownAndTheRecordIsMissing() {
        GroupConfig sorry = group("whenAllDown: backup2\n");
        Decision d = decide(sorry, List.of(), T0, unknown("primary", P), unknown("backup1", B1), down("backup2", B2, "refused"));
        assertThat(d.change()).as("UNKNOWN is no evidence that everything is down").isFalse();
        assertThat(d.values()).isEmpty();
        assertThat(d.reason()).contains("no target is UP", "not every target is DOWN", "keeping the record as it is");
    }

    @Test
    void whenAllDownPublishesNothingWhenThePrimaryIsDownAndTheOthersOnlyUnknown() {
        GroupConfig sorry = group("whenAllDown: backup2\n");
        Decision d = decide(sorry, List.of(P), T0, down("primary", P, "3 × refused"), unknown("backup1", B1), unknown("backup2", B2));
        assertThat(d.change()).isFalse();
        assertThat(d.values()).containsExactly(P);
        assertThat(d.reason()).contains("not every target is DOWN (backup1 UNKNOWN, backup2 UNKNOWN)");
    }

    @Test
    void whenAllDownPublishesTheNamedTargetOnceEveryTargetIsDown() {
        GroupConfig sorry = group("whenAllDown: backup2\n");
        Decision d = decide(sorry, List.of(), T0, down("primary", P, "refused"), down("backup1", B1, "refused"), down("backup2", B2, "503"));
        assertThat(d.change()).isTrue();
        assertThat(d.values()).containsExactly(B2);
    }

    @Test
    void anOperatorPinWinsOverHealth() {
        Decision d = Decider.decide(new DecisionInput(AUTO, List.of(up("primary", P, T0), down("backup1", B1, "refused"), up("backup2", B2, T0)),
                List.of(P), "backup1", false, null, T0));
        assertThat(d.targets()).containsExactly("backup1");
        assertThat(d.reason()).startsWith("pinned to backup1 by an operator");
    }

    @Test
    void publishesTheFirstUpTargetWhenNothingIsPublished() {
        Decision d = decide(AUTO, List.of(), T0, unknown("primary", P), up("backup1", B1, T0), up("backup2", B2, T0));
        assertThat(d.targets()).containsExactly("backup1");
        assertThat(d.reason()).startsWith("nothing is published; backup1 is the first target UP");
    }

    @Test
    void allHealthyRemovesDownKeepsUnknownAndAddsAReturningTargetAfterFailbackAfter() {
        GroupConfig all = group("mode: all-healthy\nfailbackAfter: 2m\n");
        Instant now = T0.plus(Duration.ofMinutes(10));
        Decision d = decide(all, List.of(P, B1, B2), now, down("primary", P, "refused"), unknown("backup1", B1), up("backup2", B2, T0));
        assertThat(d.values()).containsExactly(B2, B1).hasSize(2);
        assertThat(d.reason()).contains("removing primary: DOWN, refused");
        Decision early = decide(all, List.of(B1, B2), now, up("primary", P, now.minusSeconds(60)), up("backup1", B1, T0), up("backup2", B2, T0));
        assertThat(early.change()).isFalse();
        Decision back = decide(all, List.of(B1, B2), now, up("primary", P, now.minusSeconds(121)), up("backup1", B1, T0), up("backup2", B2, T0));
        assertThat(back.values()).containsExactlyInAnyOrder(P, B1, B2);
        Decision allDown = decide(all, List.of(B1), now, down("primary", P, "x"), down("backup1", B1, "x"), down("backup2", B2, "x"));
        assertThat(allDown.change()).isFalse();
    }

    /**
     * A primary that goes up and down every 4 s for ten minutes (probed every second, fall 3, rise 2)
     * must not make the record flap: it fails over once and never fails back while flapping.
     */
    @Test
    void aFlappingPrimaryCausesABoundedSmallNumberOfWrites() {
        GroupConfig g = group("failbackAfter: 5m\nholdDown: 60s\n");
        HealthTracker primary = new HealthTracker(g.check().thresholds());
        HealthTracker backup = new HealthTracker(g.check().thresholds());
        List<String> published = List.of(P);
        Instant lastSwitch = null;
        List<String> writes = new ArrayList<>();
        for (int second = 0; second < 600; second++) {
            Instant now = T0.plusSeconds(second);
            boolean primaryOk = (second / 4) % 2 == 0;
            primary.record(primaryOk ? CheckResult.up(now, Duration.ofMillis(3), "ok") : CheckResult.down(now, Duration.ofMillis(3), "refused"));
            backup.record(CheckResult.up(now, Duration.ofMillis(3), "ok"));
            Decision d = Decider.decide(new DecisionInput(g, List.of(status("primary", P, primary), status("backup1", B1, backup),
                    new TargetStatus("backup2", B2, Health.UNKNOWN, null, null, true)), published, null, false, lastSwitch, now));
            if (d.change()) {
                writes.add(second + "s -> " + d.targets());
                published = d.values();
                lastSwitch = now;
            }
        }
        assertThat(writes).hasSizeLessThanOrEqualTo(2);
        assertThat(writes).hasSize(1).first().asString().endsWith("[backup1]");
    }

    static TargetStatus status(String name, String value, HealthTracker t) {
        return new TargetStatus(name, value, t.health(), t.since(), t.last() == null ? null : t.last().reason(), t.last() != null);
    }

    @Test
    void allHealthyPublishesTheNamedTargetWhenEveryTargetIsDown() {
        GroupConfig all = group("mode: all-healthy\nwhenAllDown: backup2\n");
        Decision d = decide(all, List.of(P, B1), T0, down("primary", P, "refused"), down("backup1", B1, "503"),
                down("backup2", B2, "timed out"));
        assertThat(d.change()).isTrue();
        assertThat(d.values()).containsExactly(B2);
        assertThat(d.reason()).isEqualTo("no target is UP (primary DOWN: refused; backup1 DOWN: 503; backup2 DOWN: timed out);"
                + " publishing backup2 (whenAllDown), whatever its own check says");
    }

    @Test
    void allHealthyPublishesEveryUpTargetAtOnceWhenNothingOfOursIsPublished() {
        GroupConfig all = group("mode: all-healthy\nfailbackAfter: 5m\n");
        Instant now = T0.plusSeconds(3);
        Decision d = decide(all, List.of(), now, up("primary", P, now), up("backup1", B1, now), down("backup2", B2, "refused"));
        assertThat(d.change()).as("failbackAfter only delays returning to a set that already serves").isTrue();
        assertThat(d.values()).containsExactly(B1, P);
        assertThat(d.targets()).containsExactly("primary", "backup1");
    }

    @Test
    void aForeignValueIsReplacedByTheFirstUpTargetNotTreatedAsTheFirstTarget() {
        Decision d = decide(AUTO, List.of("192.0.2.99"), T0, up("primary", P, T0), up("backup1", B1, T0), up("backup2", B2, T0));
        assertThat(d.change()).isTrue();
        assertThat(d.targets()).containsExactly("primary");
        assertThat(d.reason()).isEqualTo("the published [192.0.2.99] is none of the targets; primary is the first target UP"
                + " (UP since 2026-11-21T12:00:00Z)");
    }

    @Test
    void holdDownEndsExactlyWhenItsTimeIsUp() {
        Instant now = T0.plus(Duration.ofMinutes(10));
        List<TargetStatus> ts = List.of(up("primary", P, T0), up("backup1", B1, T0), up("backup2", B2, T0));
        Decision atEnd = Decider.decide(new DecisionInput(AUTO, ts, List.of(B1), null, false, now.minusSeconds(60), now));
        assertThat(atEnd.change()).isTrue();
        assertThat(atEnd.targets()).containsExactly("primary");
        assertThat(atEnd.reason()).isEqualTo("failback to primary: UP since 2026-11-21T12:00:00Z (5m or more); backup1 UP");
        Decision justBefore = Decider.decide(new DecisionInput(AUTO, ts, List.of(B1), null, false, now.minusSeconds(59), now));
        assertThat(justBefore.change()).isFalse();
        assertThat(justBefore.targets()).containsExactly("backup1");
    }

    @Test
    void anOperatorsFailbackSaysSo() {
        GroupConfig manual = group("failback: manual\n");
        Instant now = T0.plus(Duration.ofHours(1));
        Decision d = Decider.decide(new DecisionInput(manual, List.of(up("primary", P, now.minusSeconds(5)), up("backup1", B1, T0),
                up("backup2", B2, T0)), List.of(B1), null, true, null, now));
        assertThat(d.reason()).isEqualTo("failback to primary: UP since " + now.minusSeconds(5) + " (operator's failback); backup1 UP");
    }

    @Test
    void aSteadyRecordKeepsItsTargetAndSaysWhy() {
        Decision d = decide(AUTO, List.of(P), T0, up("primary", P, T0), up("backup1", B1, T0), down("backup2", B2, "refused"));
        assertThat(d.change()).isFalse();
        assertThat(d.targets()).containsExactly("primary");
        assertThat(d.values()).containsExactly(P);
        assertThat(d.reason()).isEqualTo("primary UP (UP since 2026-11-21T12:00:00Z)");
    }

    @Test
    void oneWaySaysWhyItStaysBelow() {
        GroupConfig oneWay = group("failback: one-way\n");
        Decision d = decide(oneWay, List.of(B1), T0.plus(Duration.ofHours(1)), up("primary", P, T0), up("backup1", B1, T0),
                up("backup2", B2, T0));
        assertThat(d.targets()).containsExactly("backup1");
        assertThat(d.reason()).isEqualTo("backup1 UP; primary is UP, but failback is one-way: traffic only moves down the list");
    }

    @Test
    void leavingADownTargetPrefersOneBelowOverAHigherOneNotYetDueForFailback() {
        Instant now = T0.plus(Duration.ofHours(1));
        Decision d = decide(AUTO, List.of(B1), now, up("primary", P, now.minusSeconds(30)), down("backup1", B1, "refused"),
                up("backup2", B2, T0));
        assertThat(d.targets()).containsExactly("backup2");
        assertThat(d.reason()).isEqualTo("backup1 DOWN: refused; backup2 is UP (UP since 2026-11-21T12:00:00Z)");
    }

    @Test
    void aDownTargetWithNoOtherUpSaysWhatTheOthersAre() {
        Decision d = decide(AUTO, List.of(P), T0, down("primary", P, "refused"), down("backup1", B1, "503"), unknown("backup2", B2));
        assertThat(d.change()).isFalse();
        assertThat(d.targets()).containsExactly("primary");
        assertThat(d.reason()).isEqualTo("primary DOWN: refused; no other target is UP (backup1 DOWN: 503; backup2 UNKNOWN: not"
                + " yet known); keeping the record as it is (whenAllDown: keep)");
    }

    @Test
    void allHealthySaysItPublishesEveryHealthyTargetWhenNothingChanges() {
        GroupConfig all = group("mode: all-healthy\n");
        Decision d = decide(all, List.of(P, B1, B2), T0, up("primary", P, T0), up("backup1", B1, T0), up("backup2", B2, T0));
        assertThat(d.change()).isFalse();
        assertThat(d.reason()).isEqualTo("publishing every healthy target (primary, backup1, backup2)");
    }
}
