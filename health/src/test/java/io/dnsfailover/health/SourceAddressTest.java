package io.dnsfailover.health;

import static io.dnsfailover.health.Probes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A source address probes cannot leave from is the checker's problem: every kind of check says so as
 * UNKNOWN, naming the address, and never blames the target.
 */
class SourceAddressTest {

    /** TEST-NET-1: never an address of this machine, so binding it fails before anything is sent. */
    private static final InetAddress NOT_OURS = address("192.0.2.9");
    private static final InetAddress NODE_2 = SourceFilteringServer.vantage(2);
    private static final String NOT_OURS_REASON = "cannot send from source address 192.0.2.9: not an address of this machine (check cluster.sourceAddress)";

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One spec of each kind to {@code port}; the probes under test never reach it. */
    private static CheckSpec spec(String kind, int port) {
        Duration timeout = Duration.ofSeconds(2);
        return switch (kind) {
            case "tcp" -> new TcpCheckSpec(port, timeout);
            case "http" -> Probes.withTimeout(Probes.http(port, "/healthz"), timeout);
            case "https" -> Probes.withTimeout(Probes.https(port, "/healthz"), timeout);
            case "dns" -> new DnsCheckSpec(port, "atlanta1.test", "A", null, null, timeout);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http", "https", "dns"})
    void aProbeFromAnAddressNotOfThisMachineIsUnknownAndSaysWhatToCheck(String kind) throws IOException {
        try (Checker checker = Checker.builder().sourceAddress(NOT_OURS).build();
                SourceFilteringServer server = SourceFilteringServer.tcp(Loopback.v4())) {
            CheckResult result = await(checker.probe(spec(kind, server.port()), ProbeTarget.of("127.0.0.1")));

            assertThat(result.state()).isEqualTo(Health.UNKNOWN);
            assertThat(result.reason()).isEqualTo(NOT_OURS_REASON);
            assertThat(result.latency()).isNull();
            assertThat(server.filter().visits()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http", "https", "dns"})
    void aProbeFromAnIpv4SourceToAnIpv6TargetIsUnknownAndSaysWhy(String kind) {
        Loopback.assumeIpv6();
        int port = Loopback.closedPort(Loopback.v6());
        try (Checker checker = Checker.builder().sourceAddress(NODE_2).build()) {
            CheckResult result = await(checker.probe(spec(kind, port), ProbeTarget.of("::1")));

            assertThat(result.state()).isEqualTo(Health.UNKNOWN);
            assertThat(result.reason()).isEqualTo("cannot reach [::1]:" + port
                    + " from source address 127.0.1.2: an IPv4 source reaches IPv4 targets only (check cluster.sourceAddress)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "http", "https", "dns"})
    void aProbeFromAnIpv6SourceToAnIpv4TargetIsUnknownAndSaysWhy(String kind) {
        Loopback.assumeIpv6();
        int port = Loopback.closedPort(Loopback.v4());
        try (Checker checker = Checker.builder().sourceAddress(Loopback.v6()).build()) {
            CheckResult result = await(checker.probe(spec(kind, port), ProbeTarget.of("127.0.0.1")));

            assertThat(result.state()).isEqualTo(Health.UNKNOWN);
            assertThat(result.reason()).isEqualTo("cannot reach 127.0.0.1:" + port
                    + " from source address ::1: an IPv6 source reaches IPv6 targets only (check cluster.sourceAddress)");
        }
    }

    @Test
    void checkSourceAddressAcceptsNoneAndAnAddressOfThisMachine() {
        assertThat(Checker.checkSourceAddress(null)).isNull();
        assertThat(Checker.checkSourceAddress(NODE_2)).isNull();
        assertThat(Checker.checkSourceAddress(Loopback.v4())).isNull();
    }

    @Test
    void checkSourceAddressSaysWhenTheAddressIsNotOfThisMachine() {
        assertThat(Checker.checkSourceAddress(NOT_OURS)).isEqualTo(NOT_OURS_REASON);
    }

    @Test
    void checkSourceAddressRefusesTheWildcardAndMulticast() {
        assertThat(Checker.checkSourceAddress(address("0.0.0.0"))).isEqualTo(
                "source address 0.0.0.0 is the wildcard, not one address of this machine: leave it out to let the OS choose (check cluster.sourceAddress)");
        assertThat(Checker.checkSourceAddress(address("::"))).startsWith("source address :: is the wildcard");
        assertThat(Checker.checkSourceAddress(address("224.0.0.1"))).isEqualTo(
                "source address 224.0.0.1 is a multicast group, not an address of this machine (check cluster.sourceAddress)");
    }

    @Test
    void theBuilderRefusesTheWildcardButTakesAnAddressThatMayComeUpLater() {
        assertThatThrownBy(() -> Checker.builder().sourceAddress(address("0.0.0.0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("source address 0.0.0.0 is the wildcard");
        assertThatThrownBy(() -> Checker.builder().sourceAddress(address("ff02::1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("source address ff02::1 is a multicast group");

        Checker.builder().sourceAddress(NOT_OURS).sourceAddress(null).build().close();
    }

    @Test
    void aNamesAddressesOfTheSourcesFamilyComeFirstAndAloneWhenThereAreAny() {
        List<InetAddress> both = List.of(Loopback.v6(), Loopback.v4());

        assertThat(SourceAddress.of(NODE_2).reachable(both)).containsExactly(Loopback.v4());
        assertThat(SourceAddress.of(Loopback.v6()).reachable(both)).containsExactly(Loopback.v6());
        assertThat(SourceAddress.of(NODE_2).reachable(List.of(Loopback.v6()))).containsExactly(Loopback.v6());
        assertThat(SourceAddress.ANY.reachable(both)).isEqualTo(both);
        assertThat(SourceAddress.of(null)).isSameAs(SourceAddress.ANY);
    }

    @Test
    void socketsAreBoundToTheSourceAddressAndConnectedByTheirUser() throws IOException {
        SocketFactory factory = SourceAddress.of(NODE_2).socketFactory();
        try (Socket socket = factory.createSocket()) {
            assertThat(socket.isBound()).isTrue();
            assertThat(socket.isConnected()).isFalse();
            assertThat(((InetSocketAddress) socket.getLocalSocketAddress()).getAddress()).isEqualTo(NODE_2);
            // Bound before connect, each socket owns its port: without reuse, TIME_WAIT would exhaust them at scale.
            assertThat(socket.getReuseAddress()).isTrue();
        }
        assertThatThrownBy(() -> factory.createSocket("127.0.0.1", 80)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("probe sockets are created unconnected, bound to source address 127.0.1.2");
        assertThatThrownBy(() -> factory.createSocket(Loopback.v4(), 80)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> factory.createSocket("127.0.0.1", 80, NODE_2, 0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> factory.createSocket(Loopback.v4(), 80, NODE_2, 0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withoutASourceAddressSocketsAreLeftForTheOsToBind() throws IOException {
        try (Socket socket = SourceAddress.ANY.socket()) {
            assertThat(socket.isBound()).isFalse();
        }
        assertThat(SourceAddress.ANY.address()).isNull();
        assertThat(SourceAddress.ANY).hasToString("any");
    }
}
