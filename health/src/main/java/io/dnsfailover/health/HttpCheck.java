package io.dnsfailover.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * An HTTP(S) probe sent to the target's address while presenting the target's host name.
 *
 * <p>The URL carries the host name, so OkHttp puts it in the Host header and in TLS SNI and verifies the
 * certificate against it; a per-probe {@code Dns} pins that name to the target's address, so the request
 * goes to the target and not wherever the name points today (during a failover it points elsewhere).
 */
final class HttpCheck implements Check {

    /** The body is read this far at most: enough for a health page, bounded against a huge download. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpCheckSpec spec;
    private final HttpClients clients;
    private final SourceAddress source;
    private final Clock clock;

    /** @param source the source address the clients' sockets are bound to, to choose among a name's addresses */
    HttpCheck(HttpCheckSpec spec, HttpClients clients, SourceAddress source, Clock clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CheckResult probe(ProbeTarget target) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        List<InetAddress> addresses;
        try {
            addresses = source.reachable(Addresses.resolve(target.address()));
        } catch (UnknownHostException e) {
            return CheckResult.unknown(startedAt, "could not resolve " + target.address() + " from the checker");
        }
        String name = target.effectiveHostName();
        // OkHttp never resolves an IP literal in a URL, so a literal host name cannot be pinned: send the
        // request to the address and present the literal only in the Host header.
        boolean pinName = !Addresses.isLiteral(name);
        String urlHost = pinName ? name : target.address();
        String hostHeader = pinName || name.equals(urlHost) ? null : name;
        CallPhases phases = new CallPhases();
        OkHttpClient client = clients.base(spec.tlsVerify())
                .newBuilder()
                // Only the target's own name is pinned: a followed redirect to another host goes where that host is.
                .dns(hostname -> hostname.equalsIgnoreCase(urlHost) ? addresses : source.reachable(Dns.SYSTEM.lookup(hostname)))
                .callTimeout(spec.timeout())
                .connectTimeout(spec.timeout())
                .readTimeout(spec.timeout())
                .writeTimeout(spec.timeout())
                .followRedirects(spec.followRedirects())
                .followSslRedirects(spec.followRedirects())
                .eventListener(phases)
                .build();
        String fallbackEndpoint = Addresses.format(addresses.get(0), spec.port());
        try {
            Request request = request(url(urlHost), hostHeader);
            try (Response response = client.newCall(request).execute()) {
                String body = spec.expectBody() != null && "GET".equals(spec.method()) ? readBody(response.body()) : null;
                Duration latency = Duration.ofNanos(System.nanoTime() - start);
                return judge(response, body, endpoint(phases, fallbackEndpoint), startedAt, latency);
            }
        } catch (IOException | RuntimeException e) {
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            String endpoint = endpoint(phases, fallbackEndpoint);
            Failures.Where where = new Failures.Where(endpoint, name, spec.timeout(), phases.phase().waitingFor());
            return Failures.classify(e, where).toResult(startedAt, latency);
        }
    }

    private CheckResult judge(Response response, String body, String endpoint, Instant startedAt, Duration latency) {
        int code = response.code();
        long ms = latency.toMillis();
        String answer = "HTTP " + code + " from " + endpoint;
        if (!spec.expectStatus().contains(code)) {
            String location = response.isRedirect() ? response.header("Location") : null;
            String redirect = location == null ? "" : ", redirect to " + abbreviate(location, 100) + " not followed";
            return CheckResult.down(startedAt, latency, answer + " in " + ms + " ms (expected " + spec.expectStatus() + redirect + ")");
        }
        BodyMatcher expect = spec.expectBody();
        if (expect != null) {
            if (body == null) {
                return CheckResult.down(startedAt, latency, answer + " but body lacks \"" + expect + "\" (a HEAD response has no body: use GET)");
            }
            if (!expect.matches(body)) {
                String lacks = expect.isRegex() ? "does not match " + expect : "lacks \"" + expect + "\"";
                String got = body.isBlank() ? "it is empty" : "it starts with \"" + abbreviate(body, 60) + "\"";
                return CheckResult.down(startedAt, latency, answer + " but body " + lacks + " (" + got + ")");
            }
        }
        Duration max = spec.maxLatency();
        if (max != null && latency.compareTo(max) > 0) {
            return CheckResult.down(startedAt, latency, answer + " in " + ms + " ms, slower than maxLatency " + max.toMillis() + " ms");
        }
        return CheckResult.up(startedAt, latency, answer + " in " + ms + " ms");
    }

    private HttpUrl url(String host) {
        String bracketed = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return HttpUrl.get((spec.tls() ? "https" : "http") + "://" + bracketed + ":" + spec.port() + spec.path());
    }

    private Request request(HttpUrl url, String hostHeader) {
        Request.Builder builder = new Request.Builder()
                .url(url)
                .header("User-Agent", "dnsfailover-health-check")
                // Tells the server, too, that this connection is for one request only.
                .header("Connection", "close");
        if ("HEAD".equals(spec.method())) {
            builder.head();
        }
        if (hostHeader != null) {
            builder.header("Host", hostHeader);
        }
        for (Map.Entry<String, String> header : spec.headers().entrySet()) {
            builder.header(header.getKey(), header.getValue());
        }
        return builder.build();
    }

    /** The first {@link #MAX_BODY_BYTES} of the body, decoded with its declared charset (UTF-8 by default). */
    private static String readBody(ResponseBody body) throws IOException {
        BufferedSource source = body.source();
        source.request(MAX_BODY_BYTES);
        long size = Math.min(source.getBuffer().size(), MAX_BODY_BYTES);
        MediaType type = body.contentType();
        Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
        return source.getBuffer().readString(size, charset);
    }

    private static String endpoint(CallPhases phases, String fallback) {
        InetSocketAddress remote = phases.remote();
        return remote == null ? fallback : Addresses.format(remote);
    }

    /** Shortened to one printable line: bodies and Location headers are the server's text, not ours. */
    private static String abbreviate(String text, int max) {
        String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max) + "…";
    }
}
