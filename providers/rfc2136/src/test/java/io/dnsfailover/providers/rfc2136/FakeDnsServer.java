package io.dnsfailover.providers.rfc2136;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;

/**
 * A scripted DNS server on a loopback port (UDP and TCP), for answers a real BIND will not give on
 * demand: it records every message it receives and answers with whatever the responder returns
 * (nothing, when it returns null).
 */
final class FakeDnsServer implements AutoCloseable {

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Function<Message, Message> responder;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> threads;
    private volatile boolean closed;

    private FakeDnsServer(DatagramSocket udp, ServerSocket tcp, Function<Message, Message> responder) {
        this.udp = udp;
        this.tcp = tcp;
        this.responder = responder;
        this.threads = List.of(new Thread(this::serveUdp, "fake-dns-udp"), new Thread(this::serveTcp, "fake-dns-tcp"));
        threads.forEach(t -> {
            t.setDaemon(true);
            t.start();
        });
    }

    static FakeDnsServer start(Function<Message, Message> responder) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 20; attempt++) {
            ServerSocket tcp = new ServerSocket(0, 5, loopback);
            try {
                return new FakeDnsServer(new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort())), tcp, responder);
            } catch (IOException udpTaken) {
                tcp.close();
            }
        }
        throw new IOException("no loopback port free for both UDP and TCP");
    }

    /** An answer to {@code query} with this rcode, echoing the question, authoritative when {@code aa}. */
    static Message reply(Message query, int rcode, boolean aa) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        response.getHeader().setRcode(rcode);
        if (aa) {
            response.getHeader().setFlag(Flags.AA);
        }
        response.addRecord(query.getQuestion(), Section.QUESTION);
        return response;
    }

    int port() {
        return tcp.getLocalPort();
    }

    /** Every message received so far, in order. */
    List<Message> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
            for (Socket s : connections) {
                s.close();
            }
        } catch (IOException ignored) {
            // closing is all we want
        }
        try {
            for (Thread t : threads) {
                t.join(Duration.ofSeconds(5).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                received.add(query);
                Message response = responder.apply(query);
                if (response != null) {
                    byte[] out = response.toWire();
                    udp.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                // closed, or a datagram we cannot parse: the loop condition decides
            }
        }
    }

    private void serveTcp() {
        while (!closed) {
            try (Socket socket = tcp.accept()) {
                connections.add(socket);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                while (true) {
                    byte[] bytes = new byte[in.readUnsignedShort()];
                    in.readFully(bytes);
                    Message query = new Message(bytes);
                    received.add(query);
                    Message response = responder.apply(query);
                    if (response != null) {
                        byte[] wire = response.toWire();
                        out.writeShort(wire.length);
                        out.write(wire);
                        out.flush();
                    }
                }
            } catch (EOFException endOfConnection) {
                // the client is done with this connection
            } catch (IOException e) {
                // closed: the loop condition decides
            }
        }
    }
}
