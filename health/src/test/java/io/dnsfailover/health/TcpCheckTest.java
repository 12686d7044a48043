package io.dnsfailover.health;

import static io.dnsfailover.health.Probes.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpCheckTest {

    private final Checker checker = Checker.builder().build();

    @AfterEach
    void close() {
        checker.close();
    }

    private static TcpCheckSpec tcp(int port) {
        return new TcpCheckSpec(port, Duration.ofSeconds(3));
    }

    @Test
    void passesWhenTheListenerAcceptsAndSaysHowFast() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 10, Loopback.v4())) {
            CheckResult result = await(checker.probe(tcp(listener.getLocalPort()), ProbeTarget.of("127.0.0.1")));

            assertThat(result.state()).isEqualTo(Health.UP);
            assertThat(result.reason()).matches("TCP connect to 127\\.0\\.0\\.1:" + listener.getLocalPort() + " in \\d+ ms");
        }
    }

    @Test
    void failsWithConnectionRefusedOnAClosedPort() {
        int port = Loopback.closedPort(Loopback.v4());

        CheckResult result = await(checker.probe(tcp(port), ProbeTarget.of("127.0.0.1")));

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).isEqualTo("connection refused (127.0.0.1:" + port + ")");
        assertThat(result.latency()).isNotNull();
    }

    @Test
    void passesAgainstAServerThatAcceptsButNeverAnswers() throws IOException {
        try (HangingServer hanging = new HangingServer(Loopback.v4())) {
            CheckResult result = await(checker.probe(tcp(hanging.port()), ProbeTarget.of("127.0.0.1")));

            assertThat(result.state()).isEqualTo(Health.UP);
        }
    }

    @Test
    void resolvesATargetGivenByName() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 10, Loopback.v4())) {
            CheckResult result = await(checker.probe(tcp(listener.getLocalPort()), ProbeTarget.of("backup.loopback.test")));

            assertThat(result.state()).isEqualTo(Health.UP);
            assertThat(result.reason()).startsWith("TCP connect to 127.0.0.1:" + listener.getLocalPort());
        }
    }

    @Test
    void isUnknownWhenTheTargetNameDoesNotResolveFromTheChecker() {
        CheckResult result = await(checker.probe(tcp(443), ProbeTarget.of("gone.loopback.test")));

        assertThat(result.state()).isEqualTo(Health.UNKNOWN);
        assertThat(result.reason()).isEqualTo("could not resolve gone.loopback.test from the checker");
        assertThat(result.latency()).isNull();
    }

    @Test
    void reachesAnIpv6Target() throws IOException {
        Loopback.assumeIpv6();
        try (ServerSocket listener = new ServerSocket(0, 10, Loopback.v6())) {
            CheckResult result = await(checker.probe(tcp(listener.getLocalPort()), ProbeTarget.of("::1")));

            assertThat(result.state()).isEqualTo(Health.UP);
            assertThat(result.reason()).startsWith("TCP connect to [::1]:" + listener.getLocalPort() + " in ");
        }
    }

    @Test
    void printsAnIpv6ClosedPortInBrackets() {
        Loopback.assumeIpv6();
        int port = Loopback.closedPort(Loopback.v6());

        CheckResult result = await(checker.probe(tcp(port), ProbeTarget.of("::1")));

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).isEqualTo("connection refused ([::1]:" + port + ")");
    }
}
