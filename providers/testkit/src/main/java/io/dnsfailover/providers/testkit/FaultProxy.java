package io.dnsfailover.providers.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on 127.0.0.1 that stands in front of a provider's API (a real PowerDNS webserver, a fake)
 * and misbehaves on demand, for tests and benchmarks of how the controller lives through provider faults.
 *
 * <p>It forwards every request to {@code upstream + path?query} (method, headers and body) and passes the
 * answer back, until it is told to inject a {@link Fault}: answer every request with one status (503, or 429
 * with a {@code Retry-After}), or hang (read the request and never answer). A fault holds until another one
 * (or {@link Fault#PASS_THROUGH}) is injected, or for a given time ({@link #inject(Fault, Duration)}), after
 * which it passes through again. Requests hung when the fault ends are not forwarded late: their connections
 * are closed without an answer, as a server that died mid-request would. {@link #lastSwitchNanos()} says when
 * the fault last changed, on {@link System#nanoTime()}'s clock, so a measurement can start at the exact
 * moment the provider "recovered".
 *
 * <p>It counts the requests it sees, by method and by whether they were forwarded, and keeps the last few as
 * one-line descriptions for assertion messages ({@link #recent()}); the bodies and headers (API keys) are
 * never kept. Only loopback: it binds 127.0.0.1 and forwards wherever {@code upstream} says, which callers
 * keep on loopback too (DESIGN §9). Thread safe. {@link #close()} releases hung requests and stops it.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does with each request. */
    public enum Kind {
        /** forward it and pass the answer back */
        PASS_THROUGH,
        /** answer it with {@link Fault#status()} (and {@code Retry-After} when set), never forwarding it */
        STATUS,
        /** read it and never answer, until the fault changes */
        HANG
    }

    /**
     * One way of (mis)behaving.
     *
     * @param status the status answered for {@link Kind#STATUS}, else 0
     * @param retryAfter the {@code Retry-After} header sent with it (whole seconds), or {@code null} for none
     */
    public record Fault(Kind kind, int status, Duration retryAfter) {

        /** Forward everything. */
        public static final Fault PASS_THROUGH = new Fault(Kind.PASS_THROUGH, 0, null);

        /** Accept every request and never answer it. */
        public static final Fault HANG = new Fault(Kind.HANG, 0, null);

        public Fault {
            Objects.requireNonNull(kind, "kind");
            if (kind == Kind.STATUS && (status < 200 || status > 599)) {
                throw new IllegalArgumentException("status must be an HTTP status from 200 to 599, but was " + status);
            }
            if (kind != Kind.STATUS && (status != 0 || retryAfter != null)) {
                throw new IllegalArgumentException(kind + " takes no status and no retry-after");
            }
            if (retryAfter != null && (retryAfter.isNegative() || retryAfter.toMillis() % 1000 != 0)) {
                throw new IllegalArgumentException("retryAfter must be whole seconds, 0 or more, but was " + retryAfter);
            }
        }

        /** Answer every request with {@code status} (e.g. 503) and an error body. */
        public static Fault status(int status) {
            return new Fault(Kind.STATUS, status, null);
        }

        /** Answer every request with {@code status} and {@code Retry-After: SECONDS} (e.g. 429 and 1 s). */
        public static Fault status(int status, Duration retryAfter) {
            return new Fault(Kind.STATUS, status, Objects.requireNonNull(retryAfter, "retryAfter"));
        }

        @Override
        public String toString() {
            return switch (kind) {
                case PASS_THROUGH -> "pass through";
                case HANG -> "hang";
                case STATUS -> "answer " + status + (retryAfter == null ? "" : " with Retry-After: " + retryAfter.toSeconds());
            };
        }
    }

    private static final int RECENT = 50;
    private static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(30);
    /** Headers that belong to one connection, or that the JDK client sets itself and refuses to be given. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect");

    private final String upstream;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService timer;
    private final HttpClient client;
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> forwarded = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostInFlight = new ConcurrentHashMap<>();
    private final Deque<String> recent = new ArrayDeque<>();
    private final Object lock = new Object();

    // guarded by lock
    private Fault fault = Fault.PASS_THROUGH;
    private long generation;
    private long lastSwitchNanos = System.nanoTime();
    private ScheduledFuture<?> revert;
    private boolean closed;

    private FaultProxy(String upstream, HttpServer server, ExecutorService handlers) {
        this.upstream = upstream;
        this.server = server;
        this.handlers = handlers;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fault-proxy-timer"));
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Starts a proxy on an ephemeral port of 127.0.0.1, passing everything through to {@code upstream}.
     *
     * @param upstream the base URL requests go to, e.g. {@code http://127.0.0.1:8081} (the request's path and query
     *     are appended)
     */
    public static FaultProxy start(String upstream) {
        URI base = URI.create(Objects.requireNonNull(upstream, "upstream"));
        if (!"http".equals(base.getScheme()) || base.getHost() == null || base.getQuery() != null) {
            throw new IllegalArgumentException("upstream must be an http:// base URL without a query, but was " + upstream);
        }
        String trimmed = upstream.endsWith("/") ? upstream.substring(0, upstream.length() - 1) : upstream;
        ExecutorService handlers = Executors.newCachedThreadPool(r -> daemon(r, "fault-proxy"));
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            FaultProxy proxy = new FaultProxy(trimmed, server, handlers);
            server.createContext("/", proxy::handle);
            server.setExecutor(handlers);
            server.start();
            return proxy;
        } catch (IOException e) {
            handlers.shutdownNow();
            throw new UncheckedIOException("cannot start a fault proxy on 127.0.0.1", e);
        }
    }

    /** Where to point a client instead of the upstream, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The URL requests are forwarded to. */
    public String upstream() {
        return upstream;
    }

    /** Injects {@code f} until another fault is injected; a timed fault still pending is cancelled. */
    public void inject(Fault f) {
        switchTo(Objects.requireNonNull(f, "fault"), null);
    }

    /**
     * Injects {@code f} for {@code length}, then passes through again (at which moment {@link #lastSwitchNanos()}
     * is taken). Another {@link #inject} before then replaces both.
     */
    public void inject(Fault f, Duration length) {
        Objects.requireNonNull(f, "fault");
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("length must be greater than 0, but was " + length);
        }
        switchTo(f, length);
    }

    /** Shorthand for {@code inject(Fault.PASS_THROUGH)}. */
    public void passThrough() {
        inject(Fault.PASS_THROUGH);
    }

    /** The fault in force now. */
    public Fault fault() {
        synchronized (lock) {
            return fault;
        }
    }

    /** When the fault last changed (a timed fault's end included), as a {@link System#nanoTime()} value. */
    public long lastSwitchNanos() {
        synchronized (lock) {
            return lastSwitchNanos;
        }
    }

    /** Requests seen so far, whatever was done with them. */
    public int requests() {
        return total.get();
    }

    /** Requests seen so far with {@code method} ({@code GET}, {@code PATCH}, ...). */
    public int requests(String method) {
        AtomicInteger n = seen.get(method.toUpperCase(Locale.ROOT));
        return n == null ? 0 : n.get();
    }

    /**
     * The most requests with {@code method} that were at the upstream at once (forwarded and not yet answered):
     * 1 when they never overlapped, 0 when there were none.
     */
    public int mostInFlight(String method) {
        AtomicInteger n = mostInFlight.get(method.toUpperCase(Locale.ROOT));
        return n == null ? 0 : n.get();
    }

    /** Requests with {@code method} that were forwarded to the upstream (an answer came back or not). */
    public int forwarded(String method) {
        AtomicInteger n = forwarded.get(method.toUpperCase(Locale.ROOT));
        return n == null ? 0 : n.get();
    }

    /** The last requests, oldest first, one line each: time, method, path, what was done; for assertion messages. */
    public List<String> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    private void switchTo(Fault f, Duration length) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the fault proxy is closed");
            }
            if (revert != null) {
                revert.cancel(false);
                revert = null;
            }
            set(f);
            if (length != null) {
                long mine = generation;
                revert = timer.schedule(() -> {
                    synchronized (lock) {
                        if (generation == mine && !closed) {
                            set(Fault.PASS_THROUGH);
                            revert = null;
                        }
                    }
                }, length.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Caller holds lock. Wakes the hung requests: they look at the new fault and give up. */
    private void set(Fault f) {
        fault = f;
        generation++;
        lastSwitchNanos = System.nanoTime();
        lock.notifyAll();
        note("-- now: " + f);
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String target = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
        total.incrementAndGet();
        seen.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
        byte[] body = ex.getRequestBody().readAllBytes();
        Fault f;
        long mine;
        synchronized (lock) {
            f = fault;
            mine = generation;
        }
        try {
            switch (f.kind()) {
                case STATUS -> {
                    note(method + " " + target + " -> " + f.status() + " (injected)");
                    if (f.retryAfter() != null) {
                        ex.getResponseHeaders().set("Retry-After", String.valueOf(f.retryAfter().toSeconds()));
                    }
                    send(ex, f.status(), "{\"error\": \"injected by FaultProxy: HTTP " + f.status() + "\"}");
                }
                case HANG -> {
                    note(method + " " + target + " -> hung");
                    awaitChange(mine);
                    note(method + " " + target + " -> closed unanswered (the hang ended)");
                    // no answer at all: closing an exchange whose headers were never sent closes its connection
                }
                case PASS_THROUGH -> forward(ex, method, target, body);
            }
        } finally {
            ex.close();
        }
    }

    /** Blocks while the fault is the one this request met. */
    private void awaitChange(long mine) {
        synchronized (lock) {
            while (generation == mine && !closed) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void forward(HttpExchange ex, String method, String target, byte[] body) throws IOException {
        forwarded.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
        HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(upstream + target)).timeout(UPSTREAM_TIMEOUT)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> out.header(name, v));
            }
        });
        HttpResponse<byte[]> answer;
        AtomicInteger now = inFlight.computeIfAbsent(method, k -> new AtomicInteger());
        int at = now.incrementAndGet();
        mostInFlight.computeIfAbsent(method, k -> new AtomicInteger()).accumulateAndGet(at, Math::max);
        try {
            answer = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            note(method + " " + target + " -> 502 (upstream: " + e + ")");
            send(ex, 502, "{\"error\": \"FaultProxy: the upstream failed: " + e.getClass().getSimpleName() + "\"}");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // closing: the exchange is closed unanswered
        } finally {
            now.decrementAndGet();
        }
        note(method + " " + target + " -> " + answer.statusCode() + " (forwarded)");
        answer.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                ex.getResponseHeaders().put(name, values);
            }
        });
        byte[] bytes = answer.body();
        boolean noBody = bytes.length == 0 || answer.statusCode() == 204 || answer.statusCode() == 304 || "HEAD".equals(method);
        ex.sendResponseHeaders(answer.statusCode(), noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(bytes);
            }
        }
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(bytes);
        }
    }

    private void note(String line) {
        synchronized (recent) {
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.addLast(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Releases hung requests (closed unanswered) and stops listening. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (revert != null) {
                revert.cancel(false);
            }
            lock.notifyAll();
        }
        timer.shutdownNow();
        server.stop(0);
        handlers.shutdownNow();
    }

    @Override
    public String toString() {
        return "FaultProxy[" + url() + " -> " + upstream + ", " + fault() + "]";
    }
}
