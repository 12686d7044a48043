package io.dnsfailover.controller.e2e;

import static io.dnsfailover.controller.e2e.Backends.BACKUP;
import static io.dnsfailover.controller.e2e.Backends.PRIMARY;
import static io.dnsfailover.controller.e2e.E2eConfig.NAME;
import static io.dnsfailover.controller.e2e.E2eConfig.TTL;
import static io.dnsfailover.controller.e2e.E2eConfig.ZONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.BindServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end against BIND: the daemon as a process of its own publishes through signed RFC 2136 UPDATEs (TSIG),
 * and the outcome is asserted with a real DNS query to BIND.
 */
class BindFailoverE2eTest {

    @TempDir
    Path dir;

    BindServer bind;
    Backends web;
    DaemonProcess daemon;

    @BeforeEach
    void startBindAndBackends() {
        bind = BindServer.start(ZONE);
        web = Backends.start(NAME);
        // the record as an operator created it before installing dnsfailover
        Map<String, String> settings = Map.of("server", "127.0.0.1", "port", String.valueOf(bind.dnsAddress().getPort()),
                "tsigKeyName", bind.keyName(), "tsigSecret", bind.keySecret());
        try (DnsProvider p = ProviderRegistry.load().factory("rfc2136").orElseThrow().create(new ProviderSettings("seed", settings))) {
            p.apply(List.of(Change.create(RecordSet.of(new RecordKey(ZONE, NAME, RecordType.A), TTL, PRIMARY))));
        }
    }

    @AfterEach
    void stopEverything() {
        if (daemon != null) {
            daemon.close();
        }
        if (web != null) {
            web.close();
        }
        if (bind != null) {
            bind.close();
        }
    }

    @Test
    void failsOverThroughSignedDynamicUpdatesWhenThePrimaryStops() {
        Path config = E2eConfig.rfc2136(dir, bind, web.port());
        StateDir state = new StateDir(E2eConfig.stateDir(dir));
        Authoritative dns = new Authoritative(bind.dnsAddress(),
                () -> "--- daemon\n" + daemon.log() + state.describe() + "--- named log tail\n" + bind.logTail());
        assertThat(dns.values()).as("the record before the test").containsExactly(PRIMARY);

        daemon = DaemonProcess.start(config, dir.resolve("daemon.log")).awaitRunning();
        try {
            await("the daemon sees the backup UP").atMost(Authoritative.DEADLINE).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        daemon.assertAlive();
                        return state.events("health").stream().anyMatch(e -> e.path("target").asText().equals("backup")
                                && e.path("to").asText().equals("UP"));
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the daemon never saw the backup UP\n" + daemon.log() + state.describe(), e);
        }
        web.stopPrimary();

        dns.awaitAnswer(BACKUP, "the primary stopped", daemon::assertAlive);
        assertThat(daemon.stop()).as(daemon.log()).isZero();
        assertThat(state.events("verify")).as(state.describe()).singleElement()
                .satisfies(e -> assertThat(e.path("verified").asBoolean()).isTrue());
    }
}
