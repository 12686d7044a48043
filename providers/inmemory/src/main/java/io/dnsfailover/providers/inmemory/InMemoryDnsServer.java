package io.dnsfailover.providers.inmemory;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Answers DNS on one loopback address over UDP and TCP (RFC 1035 §4.2: TCP messages carry a two-byte
 * length), using a {@link DnsAnswerer} for the content. All threads are daemons, so a forgotten server
 * never keeps the JVM alive; {@link #close()} stops them and frees the port at once.
 */
final class InMemoryDnsServer implements AutoCloseable {

    /** A client that sends nothing for this long is dropped, so idle connections cannot pile up. */
    private static final int TCP_IDLE_MILLIS = 10_000;
    /** At most this many TCP clients at once; more are closed at accept. Plenty for a demo and tests. */
    private static final int TCP_CLIENTS = 16;
    /** With port 0, UDP picks the port and TCP may find it taken; try a few ports before giving up. */
    private static final int BIND_ATTEMPTS = 10;

    private final DnsAnswerer answerer;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final InetSocketAddress address;
    private final ExecutorService tcpClients;
    private final Set<Socket> openClients = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread udpThread;
    private final Thread acceptThread;

    private InMemoryDnsServer(DnsAnswerer answerer, DatagramSocket udp, ServerSocket tcp) {
        this.answerer = answerer;
        this.udp = udp;
        this.tcp = tcp;
        this.address = new InetSocketAddress(tcp.getInetAddress(), tcp.getLocalPort());
        String where = ServeDnsAddress.format(address);
        this.tcpClients = new ThreadPoolExecutor(0, TCP_CLIENTS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "inmemory-dns-tcp-client-" + where));
        this.udpThread = daemon(this::serveUdp, "inmemory-dns-udp-" + where);
        this.acceptThread = daemon(this::acceptTcp, "inmemory-dns-tcp-" + where);
    }

    /**
     * Binds UDP and TCP on {@code requested} (port 0: the same free port for both) and starts answering.
     *
     * @throws IOException when either cannot be bound; nothing stays open then
     */
    static InMemoryDnsServer start(InetSocketAddress requested, DnsAnswerer answerer) throws IOException {
        int attempts = requested.getPort() == 0 ? BIND_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            DatagramSocket udp = null;
            ServerSocket tcp = null;
            try {
                udp = new DatagramSocket((SocketAddress) null);
                udp.bind(requested);
                tcp = new ServerSocket();
                // reuse lets a restarted server bind while old connections sit in TIME_WAIT; it never lets two listen
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(requested.getAddress(), udp.getLocalPort()), 50);
                InMemoryDnsServer server = new InMemoryDnsServer(answerer, udp, tcp);
                server.udpThread.start();
                server.acceptThread.start();
                return server;
            } catch (IOException | RuntimeException e) {
                if (udp != null) {
                    udp.close();
                }
                if (tcp != null) {
                    closeQuietly(tcp);
                }
                if (attempt >= attempts) {
                    throw e;
                }
            }
        }
    }

    /** Where it listens (the real port when 0 was asked for). */
    InetSocketAddress address() {
        return address;
    }

    /** True when this server is what {@code requested} asks for: the same address, and the same port unless 0. */
    boolean serves(InetSocketAddress requested) {
        return requested.getAddress().equals(address.getAddress())
                && (requested.getPort() == 0 || requested.getPort() == address.getPort());
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed.get()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (udp.isClosed()) {
                    return;
                }
                continue;
            }
            SocketAddress client = packet.getSocketAddress();
            try {
                byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
                byte[] reply = answerer.answer(query, DnsAnswerer.Transport.UDP);
                if (reply != null) {
                    udp.send(new DatagramPacket(reply, reply.length, client));
                }
            } catch (IOException | RuntimeException e) {
                // one lost UDP answer is what UDP clients are built for; the next query must still be answered
            }
        }
    }

    private void acceptTcp() {
        while (!closed.get()) {
            Socket client;
            try {
                client = tcp.accept();
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
                continue;
            }
            try {
                tcpClients.execute(() -> serveTcp(client));
            } catch (RejectedExecutionException e) {
                closeQuietly(client);
            }
        }
    }

    /** Answers queries on one connection in order until the client closes it, goes idle or sends a bad frame. */
    private void serveTcp(Socket client) {
        openClients.add(client);
        try (client) {
            if (closed.get()) {
                return;
            }
            client.setSoTimeout(TCP_IDLE_MILLIS);
            DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
            OutputStream out = client.getOutputStream();
            while (!closed.get()) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] query = new byte[length];
                in.readFully(query);
                byte[] reply = answerer.answer(query, DnsAnswerer.Transport.TCP);
                if (reply == null) {
                    return;
                }
                byte[] framed = new byte[reply.length + 2];
                framed[0] = (byte) (reply.length >>> 8);
                framed[1] = (byte) reply.length;
                System.arraycopy(reply, 0, framed, 2, reply.length);
                // one write, so the length and the message leave in one segment
                out.write(framed);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // idle timeout, client gone or server closing: the connection ends, the server goes on
        } finally {
            openClients.remove(client);
        }
    }

    /** Stops listening, drops open connections and waits briefly for the threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        udp.close();
        closeQuietly(tcp);
        openClients.forEach(InMemoryDnsServer::closeQuietly);
        tcpClients.shutdownNow();
        join(udpThread);
        join(acceptThread);
    }

    private static void join(Thread thread) {
        if (thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing for good: nothing useful to do with a failure
        }
    }
}
