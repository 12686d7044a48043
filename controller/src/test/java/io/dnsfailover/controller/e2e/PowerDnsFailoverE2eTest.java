package io.dnsfailover.controller.e2e;

import static io.dnsfailover.controller.e2e.Backends.BACKUP;
import static io.dnsfailover.controller.e2e.Backends.PRIMARY;
import static io.dnsfailover.controller.e2e.E2eConfig.GROUP;
import static io.dnsfailover.controller.e2e.E2eConfig.NAME;
import static io.dnsfailover.controller.e2e.E2eConfig.TTL;
import static io.dnsfailover.controller.e2e.E2eConfig.ZONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dnsfailover.controller.cli.ExitCodes;
import io.dnsfailover.providers.testkit.PowerDnsServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end (DESIGN §9 item 4): the daemon as a process of its own, real web servers on loopback as primary and
 * backup, a real PowerDNS serving the zone; every outcome is asserted with a real DNS query to PowerDNS.
 */
class PowerDnsFailoverE2eTest {

    static PowerDnsServer pdns;

    @TempDir
    Path dir;

    Backends web;
    Path config;
    StateDir state;
    Authoritative dns;
    final List<DaemonProcess> daemons = new ArrayList<>();

    @BeforeAll
    static void startPowerDns() {
        pdns = PowerDnsServer.start();
        pdns.createZone(ZONE);
    }

    @AfterAll
    static void stopPowerDns() {
        if (pdns != null) {
            pdns.close();
        }
    }

    @BeforeEach
    void startBackendsAndSeedTheRecord() throws Exception {
        web = Backends.start(NAME);
        config = E2eConfig.powerDns(dir, pdns, web.port());
        state = new StateDir(E2eConfig.stateDir(dir));
        dns = new Authoritative(pdns.dnsAddress(), this::context);
        seed(PRIMARY);
        assertThat(dns.values()).as("the record before the test").containsExactly(PRIMARY);
    }

    @AfterEach
    void stopEverything() {
        daemons.forEach(DaemonProcess::close);
        web.close();
    }

    @Test
    void failsOverWhenThePrimaryStopsAndFailsBackAfterItHasBeenUpForFailbackAfter() {
        DaemonProcess daemon = startDaemon();
        awaitHealth(0, "primary", "UP");
        awaitHealth(0, "backup", "UP");

        web.stopPrimary();
        dns.awaitAnswer(BACKUP, "the primary stopped", daemon::assertAlive);
        web.startPrimary();
        dns.awaitAnswer(PRIMARY, "the primary is back", daemon::assertAlive);

        assertThat(daemon.stop()).as("exit code after SIGTERM; log:\n" + daemon.log()).isZero();
        assertThat(daemon.log()).contains("dnsfailover: stopped");
        List<JsonNode> events = state.events();
        assertThat(events).extracting(e -> e.path("type").asText()).as(state.describe())
                .contains("health", "decision", "plan", "apply", "verify");
        assertThat(events.get(events.size() - 1).toString()).as("the last journal line").contains("\"type\":\"daemon\"", "\"event\":\"stop\"");
        assertThat(state.events("apply")).as(state.describe()).hasSize(2).allSatisfy(e -> assertThat(e.path("ok").asBoolean()).isTrue());
        assertThat(state.events("verify")).as(state.describe()).hasSize(2)
                .allSatisfy(e -> assertThat(e.path("verified").asBoolean()).isTrue());
        assertThat(state.group(GROUP).path("published").toString()).isEqualTo("[\"" + PRIMARY + "\"]");

        // the policy, read from the journal's own clock: the failback waited failbackAfter after the primary came back UP
        JsonNode primaryBack = lastHealth("primary", "UP");
        JsonNode failback = state.events("apply").get(1);
        assertThat(failback.path("values").toString()).isEqualTo("[\"" + PRIMARY + "\"]");
        assertThat(Duration.between(Instant.parse(primaryBack.path("since").asText()), Instant.parse(failback.path("at").asText())))
                .as("from the primary UP again to the failback write").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void anOperatorsFailoverHoldsAgainstAHealthyPrimaryUntilFailback() {
        DaemonProcess daemon = startDaemon();
        awaitHealth(0, "primary", "UP");
        awaitHealth(0, "backup", "UP");

        Cli.Result failover = Cli.inJvm(dir, "failover", GROUP, "--to", "backup", "--config", config.toString());
        assertThat(failover.code()).as(failover.describe()).isZero();
        assertThat(failover.out()).contains("pinned to backup");
        dns.awaitAnswer(BACKUP, "failover --to backup", daemon::assertAlive);

        // the daemon keeps ticking with the primary UP; unpinned, it would fail back after failbackAfter (3 s)
        int before = state.events().size();
        dns.assertAnswerHolds(BACKUP, "pinned to backup while the primary is healthy", Duration.ofSeconds(7), daemon::assertAlive);
        assertThat(state.events("decision")).as("the daemon saw the pin\n" + context())
                .anySatisfy(e -> assertThat(e.path("reason").asText()).startsWith("pinned to backup by an operator"));
        assertThat(state.eventsAfter(before, "apply")).as("no write while pinned\n" + context()).isEmpty();

        Cli.Result failback = Cli.inJvm(dir, "failback", GROUP, "--config", config.toString());
        assertThat(failback.code()).as(failback.describe()).isZero();
        assertThat(failback.out()).contains("pin to backup cleared");
        dns.awaitAnswer(PRIMARY, "failback", daemon::assertAlive);
        assertThat(state.group(GROUP).path("override").isNull()).as(state.describe()).isTrue();
    }

    @Test
    void planWithThePrimaryDownExitsTwoPrintsTheChangeAndWritesNothing() {
        // a state directory with history, as a stopped daemon or earlier commands leave it
        Cli.Result pin = Cli.inProcess("failover", GROUP, "--to", "primary", "--config", config.toString());
        assertThat(pin.code()).as(pin.describe()).isZero();
        Cli.Result unpin = Cli.inProcess("failback", GROUP, "--config", config.toString());
        assertThat(unpin.code()).as(unpin.describe()).isZero();
        assertThat(state.snapshot()).containsKeys("state.json", "events.jsonl");

        web.stopPrimary();
        Map<String, String> before = state.snapshot();
        Cli.Result plan = Cli.inJvm(dir, "plan", "--detailed-exitcode", "--config", config.toString());

        assertThat(plan.code()).as(plan.describe()).isEqualTo(ExitCodes.CHANGES_PENDING);
        assertThat(plan.out()).as(plan.describe())
                .contains("~ " + NAME + " A " + TTL + " [" + PRIMARY + "] -> [" + BACKUP + "] (primary DOWN: ")
                .contains("1 group has pending changes.");
        assertThat(dns.values()).as("plan writes no DNS").containsExactly(PRIMARY);
        assertThat(state.snapshot()).as("plan writes nothing in the state directory").isEqualTo(before);
    }

    @Test
    void aDaemonKilledRightAfterAFailoverRestartsFromItsStateAndFailsBackLater() {
        DaemonProcess first = startDaemon();
        awaitHealth(0, "backup", "UP");
        web.stopPrimary();
        awaitEvent("verify", first);
        first.kill();
        assertThat(dns.values()).as("the failover was written before the kill").containsExactly(BACKUP);
        assertThat(state.group(GROUP).path("health").path("backup").path("health").asText())
                .as("state.json as the killed daemon left it\n" + state.describe()).isEqualTo("UP");

        int mark = state.events().size();
        DaemonProcess second = startDaemon();
        Cli.Result status = Cli.inProcess("status", "--config", config.toString());
        assertThat(status.code()).as("status reads the state the killed daemon left\n" + status.describe()).isZero();
        assertThat(status.out()).containsPattern(GROUP + " +pdns +" + TTL + " +" + BACKUP.replace(".", "\\.") + " +backup");
        // the new daemon has watched both targets: the primary DOWN, the backup UP; it keeps the backup
        awaitHealth(mark, "primary", "DOWN");
        awaitHealth(mark, "backup", "UP");
        dns.assertAnswerHolds(BACKUP, "the primary is still down after the restart", Duration.ofSeconds(2), second::assertAlive);

        web.startPrimary();
        dns.awaitAnswer(PRIMARY, "the primary is back after the restart", second::assertAlive);
        assertThat(second.stop()).as(second.log()).isZero();
    }

    @Test
    void aDaemonKilledAtARandomStepOfAFailoverRestartsAndCompletesIt() {
        long seed = Long.getLong("e2e.seed", System.nanoTime()); // -De2e.seed=N repeats a run
        String[] steps = {"health", "decision", "plan", "apply", "verify"};
        String step = steps[new Random(seed).nextInt(steps.length)];
        String why = "killed right after the first '" + step + "' journal line of the failover (seed " + seed + ")";
        System.out.println(why); // in the test report, to repeat a failing run with -De2e.seed

        DaemonProcess first = startDaemon();
        awaitHealth(0, "primary", "UP");
        awaitHealth(0, "backup", "UP");
        int mark = state.events().size();
        web.stopPrimary();
        awaitEventAfter(mark, step, first, Duration.ofMillis(10));
        first.kill();

        DaemonProcess second = startDaemon();
        dns.awaitAnswer(BACKUP, why + ": the restarted daemon completes the failover", second::assertAlive);
        Cli.Result status = Cli.inProcess("status", "--config", config.toString());
        assertThat(status.code()).as(why + "\n" + status.describe()).isZero();
        assertThat(status.out()).containsPattern(GROUP + " +pdns +" + TTL + " +" + BACKUP.replace(".", "\\.") + " +backup");

        web.startPrimary();
        dns.awaitAnswer(PRIMARY, why + ": the primary is back", second::assertAlive);
        assertThat(second.stop()).as(second.log()).isZero();
    }

    @Test
    void aSecondDaemonOnTheSameStateDirectoryRefusesToStartAndNamesTheRunningOne() {
        DaemonProcess first = startDaemon();
        DaemonProcess second = DaemonProcess.start(config, dir.resolve("second-daemon.log"));
        daemons.add(second);

        int code = second.awaitExit();
        assertThat(code).as(second.log()).isNotZero();
        assertThat(second.log()).contains("another dnsfailover daemon (pid " + first.pid() + ") is running on state directory");
        first.assertAlive();
        assertThat(state.events("daemon")).as("only the first daemon started\n" + state.describe()).hasSize(1);
        assertThat(first.stop()).as(first.log()).isZero();
    }

    @Test
    void failoverToABackupThatIsDownIsRefusedWithExitThreeUnlessForced() {
        web.stopBackup();
        Map<String, String> before = state.snapshot();

        Cli.Result refused = Cli.inJvm(dir, "failover", GROUP, "--to", "backup", "--config", config.toString());
        assertThat(refused.code()).as(refused.describe()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("refused: backup is DOWN").contains("--force");
        assertThat(dns.values()).as("nothing published").containsExactly(PRIMARY);
        assertThat(state.snapshot()).as("nothing recorded").isEqualTo(before);

        Cli.Result forced = Cli.inJvm(dir, "failover", GROUP, "--to", "backup", "--force", "--config", config.toString());
        assertThat(forced.code()).as(forced.describe()).isZero();
        assertThat(dns.values()).as("published by --force").containsExactly(BACKUP);
        assertThat(state.group(GROUP).path("override").asText()).as(state.describe()).isEqualTo("backup");
    }

    @Test
    void aPrimaryThatFailsAgainAfterAnOperatorsFailbackIsFailedOverAgain() {
        // failbackAfter 10m: only the operator's failback moves the group back during this test
        config = E2eConfig.powerDns(dir, pdns, web.port(), "10m");
        DaemonProcess daemon = startDaemon();
        awaitHealth(0, "backup", "UP");
        web.stopPrimary();
        dns.awaitAnswer(BACKUP, "the primary stopped", daemon::assertAlive);
        int mark = state.events().size();
        web.startPrimary();
        awaitHealth(mark, "primary", "UP");

        Cli.Result failback = Cli.inJvm(dir, "failback", GROUP, "--config", config.toString());
        assertThat(failback.code()).as(failback.describe()).isZero();
        dns.awaitAnswer(PRIMARY, "the operator's failback", daemon::assertAlive);

        web.stopPrimary();
        dns.awaitAnswer(BACKUP, "the primary stopped again after the operator's failback", daemon::assertAlive);
    }

    @Test
    void aDecisionThatDoesNotChangeIsJournalledOnceNotOnEveryTick() {
        DaemonProcess daemon = startDaemon();
        // probes are spread over the interval: before the first round completes, a "waiting" decision may come first
        awaitJournal("the first decision after the first round", Duration.ofMillis(100), () -> state.events("decision").stream()
                .anyMatch(e -> !e.path("reason").asText().startsWith("waiting for the first round")));
        int mark = state.events().size();

        // both targets UP and nothing else happening: the same decision, tick after tick
        dns.assertAnswerHolds(PRIMARY, "nothing changes", Duration.ofSeconds(5), daemon::assertAlive);
        assertThat(state.eventsAfter(mark, "decision")).as("journal lines for a decision identical to the previous one (same"
                + " targets and values, no change); DECISION means 'a decision that differs from the previous one'\n"
                + state.describe()).isEmpty();
    }

    // ---- helpers

    DaemonProcess startDaemon() {
        DaemonProcess d = DaemonProcess.start(config, dir.resolve("daemon-" + (daemons.size() + 1) + ".log"));
        daemons.add(d);
        return d.awaitRunning();
    }

    /** Waits for a health transition of {@code target} to {@code to} journalled after the first {@code skip} lines. */
    void awaitHealth(int skip, String target, String to) {
        awaitJournal("health of " + target + " becomes " + to, Duration.ofMillis(100),
                () -> state.eventsAfter(skip, "health").stream()
                        .anyMatch(e -> e.path("target").asText().equals(target) && e.path("to").asText().equals(to)));
    }

    JsonNode lastHealth(String target, String to) {
        List<JsonNode> found = state.events("health").stream()
                .filter(e -> e.path("target").asText().equals(target) && e.path("to").asText().equals(to)).toList();
        assertThat(found).as(state.describe()).isNotEmpty();
        return found.get(found.size() - 1);
    }

    void awaitEvent(String type, DaemonProcess daemon) {
        awaitEventAfter(0, type, daemon, Duration.ofMillis(10));
    }

    void awaitEventAfter(int skip, String type, DaemonProcess daemon, Duration poll) {
        awaitJournal("a '" + type + "' journal line", poll, () -> {
            daemon.assertAlive();
            return !state.eventsAfter(skip, type).isEmpty();
        });
    }

    void awaitJournal(String what, Duration poll, java.util.concurrent.Callable<Boolean> condition) {
        try {
            await(what).atMost(Authoritative.DEADLINE).pollDelay(Duration.ZERO).pollInterval(poll).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " within " + Authoritative.DEADLINE.toSeconds() + " s\n" + context(), e);
        }
    }

    /** Seeds the record through PowerDNS's own API (not through dnsfailover, which is under test). */
    static void seed(String address) throws IOException, InterruptedException {
        String body = "{\"rrsets\":[{\"name\":\"" + NAME + ".\",\"type\":\"A\",\"ttl\":" + TTL + ",\"changetype\":\"REPLACE\","
                + "\"records\":[{\"content\":\"" + address + "\",\"disabled\":false}]},"
                // each test's daemon is another install (its own state directory): the last one's ownership marker goes
                + "{\"name\":\"_dnsfailover." + NAME + ".\",\"type\":\"TXT\",\"changetype\":\"DELETE\"}]}";
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(pdns.apiUrl() + "/api/v1/servers/localhost/zones/" + ZONE + "."))
                        .header("X-API-Key", pdns.apiKey()).header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("seeding " + NAME + ": " + r.body()).isEqualTo(204);
    }

    String context() {
        return daemons.stream().map(d -> "--- daemon pid " + d.pid() + (d.isAlive() ? " (running)" : " (exited)") + "\n" + d.log())
                .collect(Collectors.joining()) + state.describe() + "--- pdns log tail\n" + pdns.logTail();
    }
}
