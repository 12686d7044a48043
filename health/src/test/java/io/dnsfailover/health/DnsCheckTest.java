package io.dnsfailover.health;

import static io.dnsfailover.health.Probes.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;

class DnsCheckTest {

    private static final Name ATLANTA = Name.fromConstantString("atlanta1.test.");
    private static final Name MANY = Name.fromConstantString("many.test.");
    private static final Name ALIAS = Name.fromConstantString("www.test.");

    private final Checker checker = Checker.builder().build();
    private FakeDnsServer dns;
    private final ProbeTarget target = ProbeTarget.of("127.0.0.1");

    @BeforeEach
    void startServer() throws IOException {
        dns = new FakeDnsServer()
                .add(new ARecord(ATLANTA, DClass.IN, 60, InetAddress.getByName("192.0.2.1")))
                .add(new CNAMERecord(ALIAS, DClass.IN, 60, Name.fromConstantString("Backup.Example.NET.")));
        for (int i = 1; i <= 60; i++) {
            dns.add(new ARecord(MANY, DClass.IN, 60, InetAddress.getByName("198.51.100." + i)));
        }
    }

    @AfterEach
    void stop() throws IOException {
        dns.close();
        checker.close();
    }

    private static DnsCheckSpec spec(int port, String query, String type, String rcode, String answer) {
        return new DnsCheckSpec(port, query, type, rcode, answer, Duration.ofSeconds(3));
    }

    @Test
    void passesWithTheExpectedAnswer() {
        CheckResult result = await(checker.probe(spec(dns.port(), "atlanta1.test", "A", "NOERROR", "192.0.2.1"), target));

        assertThat(result.state()).isEqualTo(Health.UP);
        assertThat(result.reason()).matches("DNS NOERROR from 127\\.0\\.0\\.1:" + dns.port() + " in \\d+ ms \\(1 answer\\)");
    }

    @Test
    void failsWhenTheAnswerLacksTheExpectedValueAndSaysWhatItGot() {
        CheckResult result = await(checker.probe(spec(dns.port(), "atlanta1.test", "A", "NOERROR", "192.0.2.9"), target));

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).isEqualTo("DNS answer from 127.0.0.1:" + dns.port() + " lacks 192.0.2.9 (got 192.0.2.1)");
    }

    @Test
    void comparesNamesIgnoringCaseAndTheFinalDot() {
        CheckResult result = await(checker.probe(spec(dns.port(), "www.test", "CNAME", "NOERROR", "backup.example.net"), target));

        assertThat(result.state()).isEqualTo(Health.UP);
    }

    @Test
    void failsOnNxdomainWhenNoerrorIsExpected() {
        CheckResult result = await(checker.probe(spec(dns.port(), "missing.test", "A", "NOERROR", null), target));

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).isEqualTo("DNS NXDOMAIN from 127.0.0.1:" + dns.port() + " (expected NOERROR)");
    }

    @Test
    void passesOnNxdomainWhenThatIsExpected() {
        CheckResult result = await(checker.probe(spec(dns.port(), "missing.test", "A", "NXDOMAIN", null), target));

        assertThat(result.state()).isEqualTo(Health.UP);
        assertThat(result.reason()).startsWith("DNS NXDOMAIN from 127.0.0.1:" + dns.port()).endsWith("(0 answers)");
    }

    @Test
    void failsOnServfail() {
        CheckResult result = await(checker.probe(spec(dns.port(), "servfail.test", "A", null, null), target));

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).isEqualTo("DNS SERVFAIL from 127.0.0.1:" + dns.port() + " (expected NOERROR)");
    }

    @Test
    void retriesOverTcpWhenTheUdpAnswerIsTruncated() {
        CheckResult result = await(checker.probe(spec(dns.port(), "many.test", "A", "NOERROR", "198.51.100.60"), target));

        assertThat(result.state()).isEqualTo(Health.UP);
        assertThat(result.reason()).endsWith("(60 answers)");
        assertThat(dns.tcpQueries()).isEqualTo(1);
    }

    @Test
    void timesOutWhenTheServerNeverAnswers() throws IOException {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(Loopback.v4(), 0))) {
            DnsCheckSpec spec = new DnsCheckSpec(silent.getLocalPort(), "atlanta1.test", "A", null, null, Duration.ofSeconds(1));

            CheckResult result = Probes.awaitWithin(checker.probe(spec, target), Duration.ofSeconds(3));

            assertThat(result.state()).isEqualTo(Health.DOWN);
            assertThat(result.reason()).isEqualTo("timeout after 1000 ms (no DNS response)");
        }
    }

    @Test
    void isUnknownForAQueryTypeThatDoesNotExist() {
        CheckResult result = await(checker.probe(spec(dns.port(), "atlanta1.test", "BOGUS", null, null), target));

        assertThat(result.state()).isEqualTo(Health.UNKNOWN);
        assertThat(result.reason()).contains("BOGUS").contains("not a DNS record type");
        assertThat(dns.udpQueries()).isZero();
    }
}
