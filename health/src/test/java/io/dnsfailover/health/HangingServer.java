package io.dnsfailover.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Accepts TCP connections and never says a word: the server every timeout test needs. */
final class HangingServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    HangingServer(InetAddress address) throws IOException {
        server = new ServerSocket(0, 50, address);
        acceptor = new Thread(this::acceptLoop, "hanging-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                held.add(socket);
                accepted.incrementAndGet();
                drainQuietly(socket);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Reads and discards what the client sends, so the client never blocks on a full buffer. */
    private static void drainQuietly(Socket socket) {
        Thread reader = new Thread(() -> {
            try (InputStream in = socket.getInputStream()) {
                in.transferTo(OutputStreamNull.INSTANCE);
            } catch (IOException ignored) {
                // the client or close() ended it
            }
        }, "hanging-server-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {}

        @Override
        public void write(byte[] b, int off, int len) {}
    }
}
