package io.dnsfailover.health;

import static io.dnsfailover.health.Probes.await;
import static io.dnsfailover.health.Probes.http;
import static io.dnsfailover.health.SourceFilter.Action.DROP;
import static io.dnsfailover.health.SourceFilter.Action.REFUSE;
import static io.dnsfailover.health.SourceFilter.Action.SERVE;
import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.health.SourceFilter.Visit;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;

/**
 * Checkers with a source address each, against servers that serve, refuse or drop by source address: one
 * machine, several vantage points, and a blinded one is a network fact.
 */
class VantagePointTest {

    private static final InetAddress NODE_2 = SourceFilteringServer.vantage(2);
    private static final InetAddress NODE_3 = SourceFilteringServer.vantage(3);
    private static final ProbeTarget TARGET = new ProbeTarget("127.0.0.1", "atlanta1.test");
    private static final Duration SHORT = Duration.ofSeconds(1);

    private final Checker fromNode2 = Checker.builder().sourceAddress(NODE_2).build();
    private final Checker fromNode3 = Checker.builder().sourceAddress(NODE_3).build();

    @AfterEach
    void close() {
        fromNode2.close();
        fromNode3.close();
    }

    @Test
    void anHttpCheckIsUpFromOneSourceWhileTheServerResetsAnother() throws IOException {
        try (SourceFilteringServer web = SourceFilteringServer.http(Loopback.v4())) {
            web.filter().set(NODE_3, REFUSE);

            CheckResult fromServed = await(fromNode2.probe(http(web.port(), "/healthz"), TARGET));
            CheckResult fromRefused = await(fromNode3.probe(http(web.port(), "/healthz"), TARGET));

            assertThat(fromServed.state()).isEqualTo(Health.UP);
            assertThat(fromServed.reason()).matches("HTTP 200 from 127\\.0\\.0\\.1:" + web.port() + " in \\d+ ms");
            assertThat(fromRefused.state()).isEqualTo(Health.DOWN);
            assertThat(fromRefused.reason()).isEqualTo("connection reset by 127.0.0.1:" + web.port());
            assertThat(web.filter().visits()).containsExactly(new Visit(NODE_2, "http", SERVE), new Visit(NODE_3, "http", REFUSE));
        }
    }

    @Test
    void anHttpCheckTimesOutFromASourceTheServerDrops() throws IOException {
        try (SourceFilteringServer web = SourceFilteringServer.http(Loopback.v4())) {
            web.filter().set(NODE_3, DROP);
            HttpCheckSpec spec = Probes.withTimeout(http(web.port(), "/healthz"), SHORT);

            CheckResult fromDropped = await(fromNode3.probe(spec, TARGET));
            CheckResult fromServed = await(fromNode2.probe(spec, TARGET));

            assertThat(fromDropped.state()).isEqualTo(Health.DOWN);
            assertThat(fromDropped.reason()).isEqualTo("timeout after 1000 ms (connected, no response)");
            assertThat(fromServed.state()).isEqualTo(Health.UP);
            assertThat(web.filter().visits()).containsExactly(new Visit(NODE_3, "http", DROP), new Visit(NODE_2, "http", SERVE));
        }
    }

    @Test
    void aSourceTheServerStopsRefusingIsUpAgain() throws IOException {
        try (SourceFilteringServer web = SourceFilteringServer.http(Loopback.v4())) {
            web.filter().otherwise(REFUSE);
            assertThat(await(fromNode2.probe(http(web.port(), "/healthz"), TARGET)).state()).isEqualTo(Health.DOWN);

            web.filter().set(NODE_2, SERVE);

            assertThat(await(fromNode2.probe(http(web.port(), "/healthz"), TARGET)).state()).isEqualTo(Health.UP);
            assertThat(await(fromNode3.probe(http(web.port(), "/healthz"), TARGET)).state()).isEqualTo(Health.DOWN);
        }
    }

    @Test
    void anHttpsCheckFromASourceStillPresentsAndVerifiesTheHostName() throws IOException {
        TestCertificates certificates = new TestCertificates();
        try (Checker checker = Checker.builder().sourceAddress(NODE_2).trustManager(certificates.trustManager()).build();
                LocalHttpServer server = LocalHttpServer.https(certificates.serverFor("atlanta1.test"),
                        exchange -> LocalHttpServer.respond(exchange, 200, "ok"))) {
            CheckResult matching = await(checker.probe(Probes.https(server.port(), "/healthz"), TARGET));
            CheckResult otherName = await(checker.probe(Probes.https(server.port(), "/healthz"), new ProbeTarget("127.0.0.1", "dallas2.test")));

            assertThat(matching.state()).isEqualTo(Health.UP);
            assertThat(server.sniNames()).startsWith("atlanta1.test");
            assertThat(server.requests()).singleElement().satisfies(seen -> {
                assertThat(seen.clientAddress()).isEqualTo(NODE_2);
                assertThat(seen.headers().getFirst("Host")).isEqualTo("atlanta1.test:" + server.port());
            });
            assertThat(otherName.state()).isEqualTo(Health.DOWN);
            assertThat(otherName.reason()).isEqualTo("TLS: certificate does not match dallas2.test (it is for atlanta1.test)");
        }
    }

    @Test
    void aTcpCheckConnectsFromItsSourceAddress() throws IOException {
        try (SourceFilteringServer listener = SourceFilteringServer.tcp(Loopback.v4())) {
            TcpCheckSpec spec = new TcpCheckSpec(listener.port(), SHORT);

            CheckResult result = await(fromNode2.probe(spec, TARGET));

            assertThat(result.state()).isEqualTo(Health.UP);
            assertThat(result.reason()).matches("TCP connect to 127\\.0\\.0\\.1:" + listener.port() + " in \\d+ ms");
            // connect() returns once the kernel completes the handshake, maybe before the server accepts.
            Awaitility.await().atMost(Probes.DEADLINE).until(() -> !listener.filter().visits().isEmpty());
            assertThat(listener.filter().visits()).containsExactly(new Visit(NODE_2, "tcp", SERVE));
        }
    }

    @Test
    void aTargetNameIsProbedAtItsAddressOfTheSourcesFamily() throws IOException {
        Loopback.assumeIpv6();
        try (Checker fromIpv6 = Checker.builder().sourceAddress(Loopback.v6()).build();
                SourceFilteringServer v4 = SourceFilteringServer.tcp(Loopback.v4());
                SourceFilteringServer v6 = SourceFilteringServer.tcp(Loopback.v6())) {
            ProbeTarget dual = ProbeTarget.of("dual.loopback.test");

            CheckResult overIpv4 = await(fromNode2.probe(new TcpCheckSpec(v4.port(), SHORT), dual));
            CheckResult overIpv6 = await(fromIpv6.probe(new TcpCheckSpec(v6.port(), SHORT), dual));

            assertThat(overIpv4.reason()).startsWith("TCP connect to 127.0.0.1:" + v4.port() + " in ");
            assertThat(overIpv6.reason()).startsWith("TCP connect to [::1]:" + v6.port() + " in ");
        }
    }

    @Test
    void aDnsCheckIsUpFromOneSourceWhileTheServerRefusesAnother() throws IOException {
        try (FakeDnsServer dns = atlantaZone()) {
            dns.filter().set(NODE_3, REFUSE);
            DnsCheckSpec spec = new DnsCheckSpec(dns.port(), "atlanta1.test", "A", null, "192.0.2.1", SHORT);

            CheckResult fromServed = await(fromNode2.probe(spec, TARGET));
            CheckResult fromRefused = await(fromNode3.probe(spec, TARGET));

            assertThat(fromServed.state()).isEqualTo(Health.UP);
            assertThat(fromRefused.state()).isEqualTo(Health.DOWN);
            assertThat(fromRefused.reason()).isEqualTo("DNS REFUSED from 127.0.0.1:" + dns.port() + " (expected NOERROR)");
            assertThat(dns.filter().visits()).containsExactly(new Visit(NODE_2, "udp", SERVE), new Visit(NODE_3, "udp", REFUSE));
        }
    }

    @Test
    void aDnsCheckTimesOutFromASourceTheServerDrops() throws IOException {
        try (FakeDnsServer dns = atlantaZone()) {
            dns.filter().set(NODE_3, DROP);
            DnsCheckSpec spec = new DnsCheckSpec(dns.port(), "atlanta1.test", "A", null, null, SHORT);

            CheckResult fromDropped = await(fromNode3.probe(spec, TARGET));
            CheckResult fromServed = await(fromNode2.probe(spec, TARGET));

            assertThat(fromDropped.state()).isEqualTo(Health.DOWN);
            assertThat(fromDropped.reason()).isEqualTo("timeout after 1000 ms (no DNS response)");
            assertThat(fromServed.state()).isEqualTo(Health.UP);
            assertThat(dns.filter().sources()).startsWith(NODE_3).endsWith(NODE_2).containsOnly(NODE_3, NODE_2);
        }
    }

    @Test
    void aDnsCheckRetriesOverTcpFromItsSourceAddress() throws IOException {
        try (FakeDnsServer dns = atlantaZone()) {
            Name many = Name.fromConstantString("many.test.");
            for (int i = 1; i <= 60; i++) {
                dns.add(new ARecord(many, DClass.IN, 60, InetAddress.getByName("198.51.100." + i)));
            }

            CheckResult result = await(fromNode2.probe(new DnsCheckSpec(dns.port(), "many.test", "A", null, "198.51.100.60", SHORT), TARGET));

            assertThat(result.state()).isEqualTo(Health.UP);
            assertThat(dns.filter().visits()).containsExactly(new Visit(NODE_2, "udp", SERVE), new Visit(NODE_2, "tcp", SERVE));
        }
    }

    private static FakeDnsServer atlantaZone() throws IOException {
        return new FakeDnsServer().add(new ARecord(Name.fromConstantString("atlanta1.test."), DClass.IN, 60, InetAddress.getByName("192.0.2.1")));
    }
}
