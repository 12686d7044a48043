package io.dnsfailover.providers.powerdns;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A tiny HTTP server on 127.0.0.1 that answers with canned replies and records every request, for the
 * error paths a real PowerDNS will not produce on demand (5xx, non-JSON, redirects, stalls).
 */
final class StubApi implements AutoCloseable {

    /** One request as it arrived on the wire. */
    record Seen(String method, String path, String query, String apiKey, String body) {}

    /** A canned answer; {@code stall} holds the answer back until the stub is closed. */
    record Reply(int status, String contentType, String body, Map<String, String> headers, boolean stall) {

        static Reply json(int status, String body) {
            return new Reply(status, "application/json", body, Map.of(), false);
        }

        static Reply text(int status, String body) {
            return new Reply(status, "text/plain; charset=utf-8", body, Map.of(), false);
        }

        static Reply stalled() {
            return new Reply(200, "application/json", "{}", Map.of(), true);
        }

        Reply with(String header, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(header, value);
            return new Reply(status, contentType, body, Map.copyOf(more), stall);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch released = new CountDownLatch(1);
    private final Map<String, List<Reply>> routes = new ConcurrentHashMap<>();
    private final Map<String, Integer> answered = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Reply fallback = Reply.text(404, "Not Found");

    StubApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Answers {@code METHOD path} (path without query) with {@code reply}, or with {@code reply} and then
     * each of {@code then} in turn, the last one for good.
     */
    StubApi on(String method, String path, Reply reply, Reply... then) {
        List<Reply> replies = new ArrayList<>(List.of(reply));
        replies.addAll(List.of(then));
        routes.put(method + " " + path, List.copyOf(replies));
        return this;
    }

    /** Answers every request that has no route of its own. */
    StubApi otherwise(Reply reply) {
        fallback = reply;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("X-API-Key"), body));
            Reply reply = next(exchange.getRequestMethod() + " " + path);
            if (reply.stall()) {
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        }
    }

    private Reply next(String route) {
        List<Reply> replies = routes.get(route);
        if (replies == null) {
            return fallback;
        }
        int turn = answered.merge(route, 1, Integer::sum) - 1;
        return replies.get(Math.min(turn, replies.size() - 1));
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
