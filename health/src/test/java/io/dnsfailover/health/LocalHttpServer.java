package io.dnsfailover.health;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;

/**
 * The JDK's HTTP(S) server on a loopback port, recording what each request carried (method, path,
 * headers, and for HTTPS the SNI name) so tests can assert what went over the wire.
 */
final class LocalHttpServer implements AutoCloseable {

    /** What one request carried. */
    record Seen(String method, String path, Headers headers, InetAddress clientAddress, int clientPort) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-http-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Seen> requests = new CopyOnWriteArrayList<>();
    private final List<String> sniNames = new CopyOnWriteArrayList<>();
    /** Handlers that hang wait on this; closing the server releases them. */
    final CountDownLatch released = new CountDownLatch(1);

    private LocalHttpServer(HttpServer server, HttpHandler handler) {
        this.server = server;
        server.createContext("/", exchange -> {
            requests.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), exchange.getRequestHeaders(),
                    exchange.getRemoteAddress().getAddress(), exchange.getRemoteAddress().getPort()));
            try (exchange) {
                handler.handle(exchange);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    static LocalHttpServer http(InetAddress address, HttpHandler handler) throws IOException {
        return new LocalHttpServer(HttpServer.create(new InetSocketAddress(address, 0), 50), handler);
    }

    static LocalHttpServer https(SSLContext context, HttpHandler handler) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(Loopback.v4(), 0), 50);
        LocalHttpServer[] self = new LocalHttpServer[1];
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = context.getDefaultSSLParameters();
                parameters.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                    @Override
                    public boolean matches(SNIServerName name) {
                        self[0].sniNames.add(new String(name.getEncoded(), StandardCharsets.US_ASCII));
                        return true;
                    }
                }));
                params.setSSLParameters(parameters);
            }
        });
        self[0] = new LocalHttpServer(server, handler);
        return self[0];
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Seen> requests() {
        return requests;
    }

    /** The SNI host names clients asked for, in order. */
    List<String> sniNames() {
        return sniNames;
    }

    static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
