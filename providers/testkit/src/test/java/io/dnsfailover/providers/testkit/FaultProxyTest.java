package io.dnsfailover.providers.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.dnsfailover.providers.testkit.FaultProxy.Fault;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {

    HttpServer upstream;
    FaultProxy proxy;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        upstream.createContext("/", ex -> {
            byte[] in = ex.getRequestBody().readAllBytes();
            String body = ex.getRequestMethod() + " " + ex.getRequestURI() + " key=" + ex.getRequestHeaders().getFirst("X-API-Key")
                    + " body=" + new String(in, StandardCharsets.UTF_8);
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("X-Upstream", "yes");
            ex.sendResponseHeaders(ex.getRequestMethod().equals("PATCH") ? 204 : 200, ex.getRequestMethod().equals("PATCH") ? -1 : out.length);
            if (!ex.getRequestMethod().equals("PATCH")) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(out);
                }
            }
            ex.close();
        });
        upstream.start();
        proxy = FaultProxy.start("http://127.0.0.1:" + upstream.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    HttpResponse<String> send(String method, String path, String body, Duration timeout) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(proxy.url() + path)).header("X-API-Key", "k1").timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void passesRequestsAndAnswersThroughWithMethodPathQueryHeadersAndBody() throws Exception {
        HttpResponse<String> get = send("GET", "/api/v1/zones?rrset_name=a.test.", null, Duration.ofSeconds(5));
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("GET /api/v1/zones?rrset_name=a.test. key=k1 body=");
        assertThat(get.headers().firstValue("X-Upstream")).hasValue("yes");
        HttpResponse<String> patch = send("PATCH", "/api/v1/zones/a.test.", "{\"rrsets\":[]}", Duration.ofSeconds(5));
        assertThat(patch.statusCode()).isEqualTo(204);
        assertThat(proxy.requests()).isEqualTo(2);
        assertThat(proxy.requests("PATCH")).isEqualTo(1);
        assertThat(proxy.forwarded("GET")).isEqualTo(1);
    }

    @Test
    void answersEveryRequestWithTheInjectedStatusAndRetryAfterWithoutForwardingIt() throws Exception {
        proxy.inject(Fault.status(503));
        assertThat(send("GET", "/x", null, Duration.ofSeconds(5)).statusCode()).isEqualTo(503);
        proxy.inject(Fault.status(429, Duration.ofSeconds(1)));
        HttpResponse<String> limited = send("PATCH", "/x", "{}", Duration.ofSeconds(5));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(proxy.requests()).isEqualTo(2);
        assertThat(proxy.forwarded("GET") + proxy.forwarded("PATCH")).isZero();
    }

    @Test
    void aHangNeverAnswersUntilSwitchedBackAndThenClosesTheHungRequestUnanswered() throws Exception {
        proxy.inject(Fault.HANG);
        assertThatThrownBy(() -> send("GET", "/x", null, Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
        // a POST: the JDK client sends a GET again by itself when its connection closes without an answer
        CompletableFuture<HttpResponse<String>> hung = client.sendAsync(HttpRequest.newBuilder(URI.create(proxy.url() + "/y"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        awaitRequests(2);
        assertThat(hung).isNotCompleted();
        proxy.passThrough();
        assertThatThrownBy(() -> hung.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        assertThat(send("GET", "/z", null, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
        assertThat(proxy.forwarded("GET") + proxy.forwarded("POST")).as("only the request sent after the hang").isEqualTo(1);
    }

    /** Polls until the proxy has seen {@code n} requests, with a deadline. */
    void awaitRequests(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (proxy.requests() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(proxy.requests()).isEqualTo(n);
    }

    @Test
    void aTimedFaultPassesThroughAgainAfterItsLengthAndSaysWhen() throws Exception {
        long before = System.nanoTime();
        proxy.inject(Fault.status(503), Duration.ofMillis(300));
        assertThat(proxy.fault()).isEqualTo(Fault.status(503));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (proxy.fault().kind() != FaultProxy.Kind.PASS_THROUGH && System.nanoTime() < deadline) {
            Thread.sleep(10); // polling the switch, with a deadline
        }
        assertThat(proxy.fault()).isEqualTo(Fault.PASS_THROUGH);
        assertThat(proxy.lastSwitchNanos() - before).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(send("GET", "/x", null, Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesFaultsThatMakeNoSense() {
        assertThatThrownBy(() -> Fault.status(42)).hasMessageContaining("but was 42");
        assertThatThrownBy(() -> Fault.status(429, Duration.ofMillis(500))).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> FaultProxy.start("ftp://127.0.0.1:1")).hasMessageContaining("http://");
    }
}
