package io.dnsfailover.controller.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook endpoint on 127.0.0.1 that keeps every notification POSTed to it, as the daemon's {@code webhook}
 * notifier sends them ({@code {"kind":...,"phase":...,"group":...,"summary":...}}), and answers 204, so that
 * nothing is sent twice by a retry. {@link #close()} stops it.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<String> unreadable = new CopyOnWriteArrayList<>();

    private WebhookReceiver(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static WebhookReceiver start() {
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
            WebhookReceiver receiver = new WebhookReceiver(server, threads);
            server.createContext("/", receiver::handle);
            server.setExecutor(threads);
            server.start();
            return receiver;
        } catch (IOException e) {
            threads.shutdownNow();
            throw new UncheckedIOException("cannot start the webhook receiver on 127.0.0.1", e);
        }
    }

    /** The URL to configure as the webhook. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/dnsfailover";
    }

    /** Every notification received, oldest first. */
    List<JsonNode> notifications() {
        return List.copyOf(received);
    }

    /** The notifications of one {@code kind} ({@code guard-refusal}, {@code state-lost}, ...). */
    List<JsonNode> notifications(String kind) {
        return received.stream().filter(n -> kind.equals(n.path("kind").asText())).toList();
    }

    /** Everything received, for assertion messages. */
    String describe() {
        StringBuilder b = new StringBuilder("--- webhook " + url() + ": " + received.size() + " notification(s)\n");
        received.forEach(n -> b.append(n).append('\n'));
        unreadable.forEach(u -> b.append("(not JSON) ").append(u).append('\n'));
        return b.toString();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if ("POST".equals(ex.getRequestMethod())) {
                try {
                    received.add(JSON.readTree(body));
                } catch (IOException e) {
                    unreadable.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            ex.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
