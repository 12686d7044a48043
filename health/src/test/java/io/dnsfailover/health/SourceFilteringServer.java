package io.dnsfailover.health;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on a loopback port that serves, refuses or drops each connection by the client's source address
 * ({@link #filter()}, settable while it runs, and remembering who connected): the test's web server for
 * vantage points made real on loopback, where each checker probes from its own source address, e.g.
 * {@link #vantage(int) 127.0.1.N}. HTTP/1.1 or raw TCP; JDK only.
 *
 * <ul>
 *   <li>{@link SourceFilter.Action#SERVE}: HTTP answers every request {@code 200} with body {@code ok} and
 *       closes the connection; raw TCP holds the connection open and silent until the client closes it.
 *   <li>{@link SourceFilter.Action#REFUSE}: accepts and resets at once (an http check is DOWN with
 *       "connection reset by ...").
 *   <li>{@link SourceFilter.Action#DROP}: accepts and never answers (an http check is DOWN with a timeout).
 * </ul>
 *
 * <p>A tcp check only connects, and the kernel completes the handshake before the server sees the source:
 * against REFUSE it passes or fails by a race (whether the reset arrives before {@code connect} returns),
 * against DROP it passes. Blind a vantage point with an http(s) or dns check.
 *
 * <p>Close it to stop its threads and close every connection.
 */
public final class SourceFilteringServer implements AutoCloseable {

    private static final AtomicInteger SERVER_NUMBER = new AtomicInteger();
    private static final int MAX_REQUEST_HEAD = 16 * 1024;

    private final ServerSocket server;
    private final boolean http;
    private final String threadName;
    private final SourceFilter filter = new SourceFilter();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService connections;
    private final Thread acceptor;

    private SourceFilteringServer(InetAddress address, int port, boolean http) throws IOException {
        this.server = new ServerSocket(port, 50, address);
        this.http = http;
        this.threadName = "source-filtering-server-" + SERVER_NUMBER.incrementAndGet();
        this.connections = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, threadName + "-connection");
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(this::acceptLoop, threadName);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** An HTTP/1.1 server on {@code address} (a loopback address), on a free port. */
    public static SourceFilteringServer http(InetAddress address) throws IOException {
        return new SourceFilteringServer(address, 0, true);
    }

    /**
     * An HTTP/1.1 server on {@code address} and {@code port} (0: a free one), for targets of one group, which all
     * share the check's port.
     */
    public static SourceFilteringServer http(InetAddress address, int port) throws IOException {
        return new SourceFilteringServer(address, port, true);
    }

    /**
     * HTTP servers on {@code first} and {@code second} sharing one free port (the targets of one group share its
     * check's port), trying another port when the first one is taken on {@code second}.
     */
    public static SourceFilteringServer[] httpPair(InetAddress first, InetAddress second) throws IOException {
        for (int attempt = 1; ; attempt++) {
            SourceFilteringServer a = http(first);
            try {
                return new SourceFilteringServer[] {a, http(second, a.port())};
            } catch (java.net.BindException e) {
                a.close();
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** A raw TCP server on {@code address} (a loopback address), on a free port. */
    public static SourceFilteringServer tcp(InetAddress address) throws IOException {
        return new SourceFilteringServer(address, 0, false);
    }

    /**
     * {@code 127.0.1.n}: a source address of its own for checker {@code n} (1 to 254). Linux routes all of
     * 127.0.0.0/8 to the loopback interface, so it can be bound without any setup.
     */
    public static InetAddress vantage(int n) {
        if (n < 1 || n > 254) {
            throw new IllegalArgumentException("a vantage point is numbered 1 to 254, but was " + n);
        }
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) n});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the server does per source address, and who connected. */
    public SourceFilter filter() {
        return filter;
    }

    public InetAddress address() {
        return server.getInetAddress();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The name of the server's accepting thread; its connections' threads add {@code -connection}. */
    String threadName() {
        return threadName;
    }

    private void acceptLoop() {
        while (true) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(socket);
            SourceFilter.Action action = filter.admit(socket.getInetAddress(), http ? "http" : "tcp");
            if (action == SourceFilter.Action.REFUSE) {
                SourceFilter.reset(socket);
                open.remove(socket);
                continue;
            }
            boolean answer = http && action == SourceFilter.Action.SERVE;
            try {
                connections.execute(() -> handle(socket, answer));
            } catch (RejectedExecutionException e) {
                closeQuietly(socket); // closing
            }
        }
    }

    private void handle(Socket socket, boolean answer) {
        try (socket; InputStream in = socket.getInputStream()) {
            if (answer) {
                respond(socket.getOutputStream(), readHead(in));
                return;
            }
            in.transferTo(OutputStream.nullOutputStream()); // silent until the client (or close()) ends it
        } catch (IOException ignored) {
            // the client went away
        } finally {
            open.remove(socket);
        }
    }

    /** The request line and headers, up to the blank line; the probes this serves send no body. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length && head.size() < MAX_REQUEST_HEAD) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static void respond(OutputStream out, String head) throws IOException {
        byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
        boolean withBody = !head.startsWith("HEAD ");
        String headers = "HTTP/1.1 200 OK\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        out.write(headers.getBytes(StandardCharsets.US_ASCII));
        if (withBody) {
            out.write(body);
        }
        out.flush();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Stops accepting, closes every connection and waits for the server's threads to end. */
    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.forEach(SourceFilteringServer::closeQuietly);
            connections.shutdownNow();
        }
        try {
            if (!connections.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the server's connection threads did not end within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return (http ? "http" : "tcp") + " server on " + new InetSocketAddress(address(), port());
    }
}
