package io.dnsfailover.health;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A tiny authoritative DNS responder on a loopback port, over UDP and TCP (same port number), built on
 * dnsjava's message codec. Names it holds answer NOERROR (with the records of the asked type, maybe none),
 * {@code servfail.test.} answers SERVFAIL, any other name NXDOMAIN. UDP answers over 512 bytes are
 * truncated, so clients must retry over TCP. Its {@link #filter()} serves, refuses or drops each query by the
 * client's source address: refused over UDP is an answer REFUSED (a server's ACL), over TCP a reset.
 */
final class FakeDnsServer implements AutoCloseable {

    static final Name SERVFAIL = Name.fromConstantString("servfail.test.");

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final List<Record> records = new CopyOnWriteArrayList<>();
    private final SourceFilter filter = new SourceFilter();
    /** Dropped TCP connections, held silent until the server closes. */
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final AtomicInteger udpQueries = new AtomicInteger();
    private final AtomicInteger tcpQueries = new AtomicInteger();

    FakeDnsServer() throws IOException {
        DatagramSocket boundUdp = null;
        ServerSocket boundTcp = null;
        // The UDP port may be taken for TCP by someone else: try a few ephemeral ports.
        for (int attempt = 0; attempt < 20 && boundTcp == null; attempt++) {
            boundUdp = new DatagramSocket(new InetSocketAddress(Loopback.v4(), 0));
            try {
                boundTcp = new ServerSocket(boundUdp.getLocalPort(), 50, Loopback.v4());
            } catch (BindException e) {
                boundUdp.close();
            }
        }
        if (boundTcp == null) {
            throw new BindException("no loopback port free for both UDP and TCP");
        }
        udp = boundUdp;
        tcp = boundTcp;
        start("fake-dns-udp", this::serveUdp);
        start("fake-dns-tcp", this::serveTcp);
    }

    FakeDnsServer add(Record record) {
        records.add(record);
        return this;
    }

    int port() {
        return udp.getLocalPort();
    }

    int udpQueries() {
        return udpQueries.get();
    }

    int tcpQueries() {
        return tcpQueries.get();
    }

    /** What the server does per source address, and who asked. */
    SourceFilter filter() {
        return filter;
    }

    Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        Record question = query.getQuestion();
        response.addRecord(question, Section.QUESTION);
        if (question.getName().equals(SERVFAIL)) {
            response.getHeader().setRcode(Rcode.SERVFAIL);
            return response;
        }
        boolean nameExists = false;
        for (Record r : records) {
            if (r.getName().equals(question.getName())) {
                nameExists = true;
                if (r.getType() == question.getType()) {
                    response.addRecord(r, Section.ANSWER);
                }
            }
        }
        if (!nameExists) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return response;
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                udpQueries.incrementAndGet();
                SourceFilter.Action action = filter.admit(packet.getAddress(), "udp");
                if (action == SourceFilter.Action.DROP) {
                    continue;
                }
                Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] wire = (action == SourceFilter.Action.REFUSE ? refused(query) : answer(query)).toWire(512);
                udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
            } catch (IOException e) {
                if (udp.isClosed()) {
                    return;
                }
            }
        }
    }

    private static Message refused(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setRcode(Rcode.REFUSED);
        response.addRecord(query.getQuestion(), Section.QUESTION);
        return response;
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            Socket accepted;
            try {
                accepted = tcp.accept();
            } catch (IOException e) {
                if (tcp.isClosed()) {
                    return;
                }
                continue;
            }
            tcpQueries.incrementAndGet();
            switch (filter.admit(accepted.getInetAddress(), "tcp")) {
                case REFUSE -> SourceFilter.reset(accepted);
                case DROP -> hold(accepted);
                case SERVE -> answerOver(accepted);
            }
        }
    }

    private void answerOver(Socket accepted) {
        try (Socket socket = accepted) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] query = new byte[in.readUnsignedShort()];
            in.readFully(query);
            byte[] wire = answer(new Message(query)).toWire();
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Keeps a dropped connection open and unread until the server closes. */
    private void hold(Socket socket) {
        held.add(socket);
        if (tcp.isClosed()) {
            SourceFilter.reset(socket); // close() may have passed over it already
        }
    }

    private static void start(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        udp.close();
        tcp.close();
        for (Socket socket : held) {
            socket.close();
        }
    }
}
