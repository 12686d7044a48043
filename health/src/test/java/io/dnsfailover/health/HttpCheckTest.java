package io.dnsfailover.health;

import static io.dnsfailover.health.Probes.await;
import static io.dnsfailover.health.Probes.http;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpCheckTest {

    private Checker checker;
    private LocalHttpServer server;
    private final ProbeTarget target = new ProbeTarget("127.0.0.1", "atlanta1.test");

    @BeforeEach
    void startServer() throws IOException {
        checker = Checker.builder().build();
        server = LocalHttpServer.http(Loopback.v4(), this::handle);
    }

    @AfterEach
    void stop() {
        server.close();
        checker.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String host = exchange.getRequestHeaders().getFirst("Host");
        switch (exchange.getRequestURI().getPath()) {
            case "/healthz" -> LocalHttpServer.respond(exchange, 200, "status: ok");
            case "/maintenance" -> LocalHttpServer.respond(exchange, 503, "down for maintenance");
            case "/moved" -> {
                exchange.getResponseHeaders().add("Location", "/healthz");
                LocalHttpServer.respond(exchange, 301, "");
            }
            case "/slow" -> {
                pause(server.released, 400);
                LocalHttpServer.respond(exchange, 200, "ok");
            }
            case "/big" -> LocalHttpServer.respond(exchange, 200, "x".repeat(70 * 1024) + "ok");
            case "/vhost" -> LocalHttpServer.respond(exchange, host != null && host.startsWith("atlanta1.test") ? 200 : 404, "vhost");
            case "/stalled-body" -> {
                exchange.sendResponseHeaders(200, 1000);
                OutputStream out = exchange.getResponseBody();
                out.write("status: ".getBytes(StandardCharsets.UTF_8));
                out.flush();
                pause(server.released, 30_000);
            }
            default -> LocalHttpServer.respond(exchange, 404, "no such page");
        }
    }

    /** Server-side delay: the server is slow on purpose; released early when the test ends. */
    private static void pause(java.util.concurrent.CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CheckResult probe(HttpCheckSpec spec) {
        return await(checker.probe(spec, target));
    }

    @Test
    void passesWhenStatusAndBodyMatch() {
        CheckResult result = probe(Probes.withBody(http(server.port(), "/healthz"), "ok"));

        assertThat(result.state()).isEqualTo(Health.UP);
        assertThat(result.reason()).matches("HTTP 200 from 127\\.0\\.0\\.1:" + server.port() + " in \\d+ ms");
        assertThat(result.latency()).isNotNull();
    }

    @Test
    void sendsTheHostNameInTheHostHeaderToTheTargetAddress() {
        probe(http(server.port(), "/healthz"));

        assertThat(server.requests()).singleElement()
                .satisfies(seen -> assertThat(seen.headers().getFirst("Host")).isEqualTo("atlanta1.test:" + server.port()));
    }

    @Test
    void failsOnAnUnexpectedStatusAndSaysWhichWasExpected() {
        CheckResult result = probe(http(server.port(), "/maintenance"));

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).matches("HTTP 503 from 127\\.0\\.0\\.1:\\d+ in \\d+ ms \\(expected 200-399\\)");
    }

    @Test
    void failsWhenTheBodyLacksTheExpectedText() {
        CheckResult result = probe(Probes.withBody(http(server.port(), "/healthz"), "healthy"));

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).startsWith("HTTP 200 from 127.0.0.1:" + server.port() + " but body lacks \"healthy\"")
                .contains("status: ok");
    }

    @Test
    void passesWhenTheBodyMatchesARegex() {
        CheckResult result = probe(Probes.withBody(http(server.port(), "/healthz"), "/status: (ok|healthy)/"));

        assertThat(result.state()).isEqualTo(Health.UP);
    }

    @Test
    void failsWhenTheBodyDoesNotMatchARegex() {
        CheckResult result = probe(Probes.withBody(http(server.port(), "/healthz"), "/^healthy$/"));

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).contains("body does not match /^healthy$/");
    }

    @Test
    void readsOnlyTheFirst64KibOfTheBody() {
        CheckResult result = probe(Probes.withBody(http(server.port(), "/big"), "ok"));

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).contains("body lacks \"ok\"");
    }

    @Test
    void sendsHeadWhenAskedAndPassesOnStatus() {
        CheckResult result = probe(Probes.withMethod(http(server.port(), "/healthz"), "HEAD"));

        assertThat(result.state()).isEqualTo(Health.UP);
        assertThat(server.requests()).singleElement().extracting(LocalHttpServer.Seen::method).isEqualTo("HEAD");
    }

    @Test
    void failsWhenSlowerThanMaxLatency() {
        CheckResult result = probe(Probes.withMaxLatency(http(server.port(), "/slow"), Duration.ofMillis(50)));

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).matches("HTTP 200 from 127\\.0\\.0\\.1:\\d+ in \\d+ ms, slower than maxLatency 50 ms");
    }

    @Test
    void doesNotFollowRedirectsByDefault() {
        CheckResult result = probe(Probes.withStatus(http(server.port(), "/moved"), "200"));

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).startsWith("HTTP 301 from").contains("expected 200").contains("redirect to /healthz not followed");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void followsRedirectsWhenAsked() {
        CheckResult result = probe(Probes.followingRedirects(Probes.withStatus(http(server.port(), "/moved"), "200")));

        assertThat(result.state()).isEqualTo(Health.UP);
        assertThat(server.requests()).extracting(LocalHttpServer.Seen::path).containsExactly("/moved", "/healthz");
    }

    @Test
    void sendsExtraHeadersButNeverPrintsTheirValues() {
        HttpCheckSpec spec = Probes.withHeaders(http(server.port(), "/maintenance"), Map.of("X-Health-Token", "s3cret-value"));

        CheckResult result = probe(spec);

        assertThat(server.requests()).singleElement()
                .satisfies(seen -> assertThat(seen.headers().getFirst("X-Health-Token")).isEqualTo("s3cret-value"));
        assertThat(result.reason()).doesNotContain("s3cret-value");
    }

    @Test
    void passesOnlyForTheHostNameTheServerServes() {
        HttpCheckSpec spec = http(server.port(), "/vhost");

        CheckResult right = await(checker.probe(spec, new ProbeTarget("127.0.0.1", "atlanta1.test")));
        CheckResult wrong = await(checker.probe(spec, new ProbeTarget("127.0.0.1", "dallas2.test")));

        assertThat(right.state()).isEqualTo(Health.UP);
        assertThat(wrong.state()).isEqualTo(Health.DOWN);
        assertThat(wrong.reason()).startsWith("HTTP 404 from 127.0.0.1:" + server.port());
    }

    @Test
    void opensAFreshConnectionForEveryProbe() {
        HttpCheckSpec spec = http(server.port(), "/healthz");

        probe(spec);
        probe(spec);

        // Each probe must prove the server still accepts connections: no keep-alive reuse between probes.
        assertThat(server.requests()).extracting(LocalHttpServer.Seen::clientPort).doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void timesOutWhileTheBodyIsStillComing() {
        HttpCheckSpec spec = Probes.withTimeout(Probes.withBody(http(server.port(), "/stalled-body"), "ok"), Duration.ofSeconds(1));

        CheckResult result = probe(spec);

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).isEqualTo("timeout after 1000 ms (response headers received, body not finished)");
    }

    @Test
    void failsWithConnectionRefusedOnAClosedPort() {
        int port = Loopback.closedPort(Loopback.v4());

        CheckResult result = probe(http(port, "/healthz"));

        assertThat(result.state()).isEqualTo(Health.DOWN);
        assertThat(result.reason()).isEqualTo("connection refused (127.0.0.1:" + port + ")");
    }

    @Test
    void failsWithNoResponseWhenTheServerAcceptsButNeverAnswers() throws IOException {
        try (HangingServer hanging = new HangingServer(Loopback.v4())) {
            HttpCheckSpec spec = Probes.withTimeout(http(hanging.port(), "/healthz"), Duration.ofSeconds(1));

            CompletableFuture<CheckResult> future = checker.probe(spec, target);

            // Bounded by the timeout plus a generous margin, never by the server.
            CheckResult result = Probes.awaitWithin(future, Duration.ofSeconds(3));
            assertThat(result.state()).isEqualTo(Health.DOWN);
            assertThat(result.reason()).isEqualTo("timeout after 1000 ms (connected, no response)");
        }
    }

    @Test
    void resolvesATargetGivenByNameWithTheCheckersResolver() {
        CheckResult result = await(checker.probe(http(server.port(), "/healthz"), new ProbeTarget("backup.loopback.test", "atlanta1.test")));

        assertThat(result.state()).isEqualTo(Health.UP);
        assertThat(result.reason()).startsWith("HTTP 200 from 127.0.0.1:" + server.port());
    }

    @Test
    void isUnknownWhenTheTargetNameDoesNotResolveFromTheChecker() {
        CheckResult result = await(checker.probe(http(server.port(), "/healthz"), new ProbeTarget("gone.loopback.test", "atlanta1.test")));

        assertThat(result.state()).isEqualTo(Health.UNKNOWN);
        assertThat(result.reason()).isEqualTo("could not resolve gone.loopback.test from the checker");
    }

    @Test
    void reachesAnIpv6Target() throws IOException {
        Loopback.assumeIpv6();
        try (LocalHttpServer v6 = LocalHttpServer.http(Loopback.v6(), exchange -> LocalHttpServer.respond(exchange, 200, "ok"))) {
            CheckResult result = await(checker.probe(http(v6.port(), "/healthz"), ProbeTarget.of("::1")));

            assertThat(result.state()).isEqualTo(Health.UP);
            assertThat(result.reason()).startsWith("HTTP 200 from [::1]:" + v6.port() + " in ");
            assertThat(v6.requests()).singleElement()
                    .satisfies(seen -> assertThat(seen.headers().getFirst("Host")).isEqualTo("[::1]:" + v6.port()));
        }
    }
}
