package io.dnsfailover.examples;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Serves every target of a {@link ScaleLayout} from one thread: one non-blocking listener per target, bound to
 * that target's loopback address only (all on one port, as the daemon probes a group's targets on one port),
 * and one selector. Each accepted connection is one arrival.
 *
 * <p>A healthy target reads the request head and answers {@code 200 ok} with {@code Connection: close}. A
 * hanging one accepts, reads and forgets, and never answers: the connection stays open, costing a descriptor
 * and no thread, until the prober gives up and closes it.
 */
final class TargetResponder implements Closeable {

    private static final byte[] OK = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
            + "Connection: close\r\n\r\nok").getBytes(StandardCharsets.US_ASCII);
    private static final int BACKLOG = 64;

    private final ScaleLayout layout;
    private final Arrivals arrivals;
    private final Selector selector;
    private final int port;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(4096);
    private final Thread loop = new Thread(this::serve, "scale-targets");
    private volatile boolean stopping;

    private TargetResponder(ScaleLayout layout, Arrivals arrivals, Selector selector, int port) {
        this.layout = layout;
        this.arrivals = arrivals;
        this.selector = selector;
        this.port = port;
    }

    /**
     * Listens on every target's address, on a port the system chooses for the first one, and starts serving.
     *
     * @throws IOException naming the address that cannot be listened on
     */
    static TargetResponder start(ScaleLayout layout, Arrivals arrivals) throws IOException {
        Selector selector = Selector.open();
        try {
            int port = 0;
            for (int target = 0; target < layout.targets(); target++) {
                port = listen(selector, layout.address(target), port, target);
            }
            TargetResponder responder = new TargetResponder(layout, arrivals, selector, port);
            responder.loop.start();
            return responder;
        } catch (IOException | RuntimeException e) {
            closeAll(selector);
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** Stops serving and closes every listener and connection. */
    @Override
    public void close() {
        stopping = true;
        selector.wakeup();
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int listen(Selector selector, String address, int port, int target) throws IOException {
        // IPv4 only: a dual-stack socket would work too, but shows up as ::ffff:127.1.x.y
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
        try {
            listener.bind(new InetSocketAddress(InetAddress.getByName(address), port), BACKLOG);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT, target);
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private void serve() {
        try {
            while (!stopping) {
                selector.select(this::handle);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the target server's selector failed", e);
        } finally {
            closeAll(selector);
        }
    }

    private void handle(SelectionKey key) {
        try {
            if (key.isAcceptable()) {
                accept(key);
            } else if (key.isReadable()) {
                read(key);
            }
        } catch (IOException e) {
            // a listener that cannot accept (e.g. out of descriptors) stays, and is worth a line; a connection
            // that failed (reset by the prober) is just closed
            if (key.channel() instanceof ServerSocketChannel) {
                System.err.println("scale targets: cannot accept on " + layout.address((Integer) key.attachment()) + ": " + e.getMessage());
            } else {
                closeQuietly(key);
            }
        }
    }

    private void accept(SelectionKey key) throws IOException {
        int target = (Integer) key.attachment();
        SocketChannel connection;
        while ((connection = ((ServerSocketChannel) key.channel()).accept()) != null) {
            arrivals.record(target, System.currentTimeMillis());
            connection.configureBlocking(false);
            // a hanging target's connection has no request head to wait for: it is read and forgotten
            connection.register(selector, SelectionKey.OP_READ, layout.hangs(target) ? null : new RequestHead());
        }
    }

    private void read(SelectionKey key) throws IOException {
        SocketChannel connection = (SocketChannel) key.channel();
        readBuffer.clear();
        if (connection.read(readBuffer) < 0) {
            connection.close();
            return;
        }
        if (key.attachment() instanceof RequestHead head && head.endsIn(readBuffer.flip())) {
            // a fresh connection's send buffer takes these few bytes whole: one non-blocking write is enough.
            // The request (a GET, no body) has been read to its end, so closing sends FIN, not RST.
            connection.write(ByteBuffer.wrap(OK));
            connection.close();
        }
    }

    private static void closeQuietly(SelectionKey key) {
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing is all that was left to do with it
        }
    }

    private static void closeAll(Selector selector) {
        selector.keys().forEach(TargetResponder::closeQuietly);
        try {
            selector.close();
        } catch (IOException ignored) {
            // the channels are closed; the selector holds nothing more
        }
    }

    /** Finds the empty line that ends an HTTP request head, across as many reads as it comes in. */
    private static final class RequestHead {
        private static final byte[] END = {'\r', '\n', '\r', '\n'};
        private int matched;

        boolean endsIn(ByteBuffer bytes) {
            while (bytes.hasRemaining()) {
                byte b = bytes.get();
                matched = b == END[matched] ? matched + 1 : b == '\r' ? 1 : 0;
                if (matched == END.length) {
                    return true;
                }
            }
            return false;
        }
    }
}
