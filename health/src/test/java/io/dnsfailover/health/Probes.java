package io.dnsfailover.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Small conveniences shared by the check tests. */
final class Probes {

    /** Longer than any probe in these tests may take; a result later than this is a failure in itself. */
    static final Duration DEADLINE = Duration.ofSeconds(15);

    private Probes() {}

    static CheckResult await(CompletableFuture<CheckResult> future) {
        try {
            return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no result within " + DEADLINE, e);
        }
    }

    /** Fails unless the result arrives within {@code bound}: for the tests about hanging targets. */
    static CheckResult awaitWithin(CompletableFuture<CheckResult> future, Duration bound) {
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no result within " + bound, e);
        }
    }

    /** A spec with every field spelled out, so each test changes only what it is about. */
    static HttpCheckSpec http(int port, String path) {
        return new HttpCheckSpec(false, port, path, "GET", Map.of(), StatusRanges.DEFAULT, null, null, true, false, Duration.ofSeconds(5));
    }

    static HttpCheckSpec https(int port, String path) {
        return new HttpCheckSpec(true, port, path, "GET", Map.of(), StatusRanges.DEFAULT, null, null, true, false, Duration.ofSeconds(5));
    }

    static HttpCheckSpec withBody(HttpCheckSpec s, String expectBody) {
        return new HttpCheckSpec(s.tls(), s.port(), s.path(), s.method(), s.headers(), s.expectStatus(), BodyMatcher.parse(expectBody),
                s.maxLatency(), s.tlsVerify(), s.followRedirects(), s.timeout());
    }

    static HttpCheckSpec withStatus(HttpCheckSpec s, String expectStatus) {
        return new HttpCheckSpec(s.tls(), s.port(), s.path(), s.method(), s.headers(), StatusRanges.parse(expectStatus), s.expectBody(),
                s.maxLatency(), s.tlsVerify(), s.followRedirects(), s.timeout());
    }

    static HttpCheckSpec withMethod(HttpCheckSpec s, String method) {
        return new HttpCheckSpec(s.tls(), s.port(), s.path(), method, s.headers(), s.expectStatus(), s.expectBody(),
                s.maxLatency(), s.tlsVerify(), s.followRedirects(), s.timeout());
    }

    static HttpCheckSpec withHeaders(HttpCheckSpec s, Map<String, String> headers) {
        return new HttpCheckSpec(s.tls(), s.port(), s.path(), s.method(), headers, s.expectStatus(), s.expectBody(),
                s.maxLatency(), s.tlsVerify(), s.followRedirects(), s.timeout());
    }

    static HttpCheckSpec withMaxLatency(HttpCheckSpec s, Duration maxLatency) {
        return new HttpCheckSpec(s.tls(), s.port(), s.path(), s.method(), s.headers(), s.expectStatus(), s.expectBody(),
                maxLatency, s.tlsVerify(), s.followRedirects(), s.timeout());
    }

    static HttpCheckSpec followingRedirects(HttpCheckSpec s) {
        return new HttpCheckSpec(s.tls(), s.port(), s.path(), s.method(), s.headers(), s.expectStatus(), s.expectBody(),
                s.maxLatency(), s.tlsVerify(), true, s.timeout());
    }

    static HttpCheckSpec withoutTlsVerify(HttpCheckSpec s) {
        return new HttpCheckSpec(s.tls(), s.port(), s.path(), s.method(), s.headers(), s.expectStatus(), s.expectBody(),
                s.maxLatency(), false, s.followRedirects(), s.timeout());
    }

    static HttpCheckSpec withTimeout(HttpCheckSpec s, Duration timeout) {
        return new HttpCheckSpec(s.tls(), s.port(), s.path(), s.method(), s.headers(), s.expectStatus(), s.expectBody(),
                s.maxLatency(), s.tlsVerify(), s.followRedirects(), timeout);
    }
}
