package io.dnsfailover.health;

import static io.dnsfailover.health.Probes.await;
import static io.dnsfailover.health.Probes.https;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpsCheckTest {

    private final TestCertificates certificates = new TestCertificates();
    private Checker trustingTestCa;
    private LocalHttpServer server;

    @BeforeEach
    void start() throws IOException {
        trustingTestCa = Checker.builder().trustManager(certificates.trustManager()).build();
        server = LocalHttpServer.https(certificates.serverFor("atlanta1.test"), exchange -> LocalHttpServer.respond(exchange, 200, "ok"));
    }

    @AfterEach
    void stop() {
        server.close();
        trustingTestCa.close();
    }

    @Test
    void passesWithACertificateForTheHostNameFromATrustedAuthority() {
        CheckResult result = await(trustingTestCa.probe(https(server.port(), "/healthz"), new ProbeTarget("127.0.0.1", "atlanta1.test")));

        assertThat(result.state()).isEqualTo(Health.UP);
        assertThat(result.reason()).matches("HTTP 200 from 127\\.0\\.0\\.1:" + server.port() + " in \\d+ ms");
    }

    @Test
    void presentsTheHostNameInSniAndTheHostHeader() {
        await(trustingTestCa.probe(https(server.port(), "/healthz"), new ProbeTarget("127.0.0.1", "atlanta1.test")));

        assertThat(server.sniNames()).containsExactly("atlanta1.test");
        assertThat(server.requests()).singleElement()
                .satisfies(seen -> assertThat(seen.headers().getFirst("Host")).isEqualTo("atlanta1.test:" + server.port()));
    }

    @Test
    void failsWhenTheCertificateIsForAnotherName() {
        CheckResult result = await(trustingTestCa.probe(https(server.port(), "/healthz"), new ProbeTarget("127.0.0.1", "dallas2.test")));

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).isEqualTo("TLS: certificate does not match dallas2.test (it is for atlanta1.test)");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void failsWhenTheCertificateAuthorityIsNotTrusted() {
        try (Checker jvmTrustStore = Checker.builder().build()) {
            CheckResult result = await(jvmTrustStore.probe(https(server.port(), "/healthz"), new ProbeTarget("127.0.0.1", "atlanta1.test")));

            assertThat(result.state()).isEqualTo(Health.DOWN);
            assertThat(result.reason()).startsWith("TLS: certificate not trusted (").contains("certification path");
        }
    }

    @Test
    void failsWhenTheCertificateExpired() throws IOException {
        try (LocalHttpServer expired = LocalHttpServer.https(certificates.expiredServerFor("atlanta1.test"),
                exchange -> LocalHttpServer.respond(exchange, 200, "ok"))) {
            CheckResult result = await(trustingTestCa.probe(https(expired.port(), "/healthz"), new ProbeTarget("127.0.0.1", "atlanta1.test")));

            assertThat(result.state()).isEqualTo(Health.DOWN);
            assertThat(result.reason()).startsWith("TLS: certificate expired (NotAfter");
        }
    }

    @Test
    void acceptsAnyCertificateAndNameWithoutTlsVerify() {
        try (Checker jvmTrustStore = Checker.builder().build()) {
            HttpCheckSpec spec = Probes.withoutTlsVerify(https(server.port(), "/healthz"));

            CheckResult result = await(jvmTrustStore.probe(spec, new ProbeTarget("127.0.0.1", "dallas2.test")));

            assertThat(result.state()).isEqualTo(Health.UP);
            assertThat(server.sniNames()).containsExactly("dallas2.test");
        }
    }

    @Test
    void failsWithAHandshakeErrorWhenThePortSpeaksPlainHttp() throws Exception {
        // Like a web server answering garbage with a plain-text 400, as nginx does to a TLS hello.
        try (ServerSocket plain = new ServerSocket(0, 10, Loopback.v4())) {
            Thread responder = new Thread(() -> {
                try (Socket socket = plain.accept()) {
                    socket.getInputStream().read(new byte[1024]);
                    socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the test is over
                }
            });
            responder.setDaemon(true);
            responder.start();

            CheckResult result = await(trustingTestCa.probe(https(plain.getLocalPort(), "/healthz"), new ProbeTarget("127.0.0.1", "atlanta1.test")));

            assertThat(result.state()).isEqualTo(Health.DOWN);
            assertThat(result.reason()).startsWith("TLS: handshake with 127.0.0.1:" + plain.getLocalPort() + " failed (");
        }
    }

    @Test
    void timesOutInTheHandshakeWhenTheServerNeverAnswersIt() throws IOException {
        try (HangingServer hanging = new HangingServer(Loopback.v4())) {
            HttpCheckSpec spec = Probes.withTimeout(https(hanging.port(), "/healthz"), Duration.ofSeconds(1));

            CheckResult result = Probes.awaitWithin(trustingTestCa.probe(spec, new ProbeTarget("127.0.0.1", "atlanta1.test")), Duration.ofSeconds(3));

            assertThat(result.state()).isEqualTo(Health.DOWN);
            assertThat(result.reason()).isEqualTo("timeout after 1000 ms (connected, TLS handshake not finished)");
        }
    }
}
