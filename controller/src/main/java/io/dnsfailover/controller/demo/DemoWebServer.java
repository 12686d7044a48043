package io.dnsfailover.controller.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A small web server on a loopback address for the demo: {@code /healthz} answers {@code 200 ok} for
 * the demo's host name and 404 for any other Host, so the demo shows that checks carry the group's name.
 */
public final class DemoWebServer implements AutoCloseable {

    private final HttpServer server;

    private DemoWebServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param address a loopback address, e.g. {@code 127.0.0.2}
     * @param port 0 for any free port
     */
    public static DemoWebServer start(String address, int port, String hostName, String label) throws IOException {
        InetAddress bind = InetAddress.getByName(address);
        if (!bind.isLoopbackAddress()) {
            throw new IllegalArgumentException("the demo serves on loopback only, not " + address);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        server.createContext("/", exchange -> {
            String host = exchange.getRequestHeaders().getFirst("Host");
            boolean ours = host != null && host.replaceFirst(":\\d+$", "").equalsIgnoreCase(hostName);
            boolean health = exchange.getRequestURI().getPath().equals("/healthz");
            byte[] body = (ours ? (health ? "ok\n" : "hello from " + label + "\n") : "unknown site\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ours ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new DemoWebServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once: the port refuses connections from now on. */
    @Override
    public void close() {
        server.stop(0);
    }
}
