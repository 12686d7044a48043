package io.dnsfailover.health;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An HTTP or HTTPS request to the target's address, carrying the target's host name in the {@code Host}
 * header and in TLS SNI; the certificate is verified against that name unless {@code tlsVerify} is false.
 *
 * @param tls HTTPS when true
 * @param path request path, starting with {@code /}
 * @param method {@code GET} or {@code HEAD}
 * @param headers extra request headers (values may be secrets: never printed)
 * @param expectStatus the status codes that pass
 * @param expectBody what the first 64 KiB of the body must contain, or {@code null} for anything
 * @param maxLatency a slower answer fails, or {@code null} for no limit below the timeout
 * @param followRedirects follow redirects (off by default: a redirect is an answer, judged by its status)
 */
public record HttpCheckSpec(
        boolean tls,
        int port,
        String path,
        String method,
        Map<String, String> headers,
        StatusRanges expectStatus,
        BodyMatcher expectBody,
        Duration maxLatency,
        boolean tlsVerify,
        boolean followRedirects,
        Duration timeout)
        implements CheckSpec {

    public HttpCheckSpec {
        CheckSpec.requirePort(port);
        CheckSpec.requireTimeout(timeout);
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', but was '" + path + "'");
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            throw new IllegalArgumentException("method must be GET or HEAD, but was '" + method + "'");
        }
        headers = headers == null ? Map.of() : Map.copyOf(new TreeMap<>(headers));
        expectStatus = expectStatus == null ? StatusRanges.DEFAULT : expectStatus;
        if (maxLatency != null && (maxLatency.isZero() || maxLatency.isNegative())) {
            throw new IllegalArgumentException("maxLatency must be greater than 0, but was " + maxLatency);
        }
    }

    /** A GET of {@code path} expecting 200-399, verifying TLS, not following redirects. */
    public static HttpCheckSpec get(boolean tls, int port, String path, Duration timeout) {
        return new HttpCheckSpec(tls, port, path, "GET", Map.of(), StatusRanges.DEFAULT, null, null, true, false, timeout);
    }
}
