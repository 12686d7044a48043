package io.dnsfailover.health;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.SocketFactory;

/**
 * The local address a checker's probes leave from ({@link Checker.Builder#sourceAddress}), or {@link #ANY}
 * to let the OS choose one per destination, as without a source address.
 *
 * <p>A probe that cannot leave from the address (it is not of this machine, or of the other address family
 * than the target) fails with {@link Unusable}, whose message is the reason: that says nothing about the
 * target, so it is UNKNOWN. Immutable and thread safe.
 */
final class SourceAddress {

    /** No source address: the OS chooses. */
    static final SourceAddress ANY = new SourceAddress(null);

    /** Where an operator sets the address; every sentence about a bad source ends with it. */
    private static final String HINT = "check cluster.sourceAddress";

    private final InetAddress address;

    private SourceAddress(InetAddress address) {
        this.address = address;
    }

    /** The source for {@code address}, or {@link #ANY} for {@code null}; call {@link #kindProblem} first. */
    static SourceAddress of(InetAddress address) {
        return address == null ? ANY : new SourceAddress(address);
    }

    /**
     * What makes {@code address} unusable as a source now, or {@code null} when probes can leave from it
     * (or it is {@code null}: the OS chooses). Binds a UDP socket to it for a moment to find out.
     */
    static String problem(InetAddress address) {
        if (address == null) {
            return null;
        }
        String kind = kindProblem(address);
        if (kind != null) {
            return kind;
        }
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return null;
        } catch (IOException e) {
            return cannotBind(address, e);
        }
    }

    /** Why {@code address} can never be a source (the wildcard, a multicast group), or {@code null}. */
    static String kindProblem(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "source address " + text(address) + " is the wildcard, not one address of this machine: leave it out to let the OS choose ("
                    + HINT + ")";
        }
        if (address.isMulticastAddress()) {
            return "source address " + text(address) + " is a multicast group, not an address of this machine (" + HINT + ")";
        }
        return null;
    }

    /** The address probes leave from, or {@code null} for {@link #ANY}. */
    InetAddress address() {
        return address;
    }

    /**
     * The addresses among {@code resolved} of this source's family, in order; all of them when none is (the
     * probe then fails with the reason), or without a source address.
     */
    List<InetAddress> reachable(List<InetAddress> resolved) {
        if (address == null) {
            return resolved;
        }
        List<InetAddress> sameFamily = resolved.stream().filter(this::sameFamily).collect(Collectors.toList());
        return sameFamily.isEmpty() ? resolved : sameFamily;
    }

    /** Fails with the reason unless a probe from this source can reach {@code target}. */
    void requireReach(InetSocketAddress target) throws Unusable {
        if (address != null && !sameFamily(target.getAddress())) {
            throw new Unusable("cannot reach " + Addresses.format(target) + " from source address " + text(address) + ": an " + family(address)
                    + " source reaches " + family(address) + " targets only (" + HINT + ")", null);
        }
    }

    /**
     * Fails with the reason unless a socket can be bound to this address now. For a client that binds its
     * own sockets and words a failure obscurely (dnsjava says "No available source port found").
     */
    void requireBindable() throws Unusable {
        if (address == null) {
            return;
        }
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
            // bound: the client's own bind will succeed too
        } catch (IOException e) {
            throw new Unusable(cannotBind(address, e), e);
        }
    }

    /**
     * A new unconnected TCP socket that never goes through a proxy configured for the JVM. With a source
     * address it is bound to it, and its connect fails with {@link Unusable} for a target of the other family.
     */
    Socket socket() throws Unusable {
        if (address == null) {
            return new Socket(Proxy.NO_PROXY);
        }
        Socket socket = new BoundSocket();
        try {
            // Bound before connect, the ephemeral port is the socket's alone whatever the destination; reusing
            // ports whose connections are in TIME_WAIT keeps thousands of probes a minute from exhausting them.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, 0));
            return socket;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new Unusable(cannotBind(address, e), e);
        }
    }

    /** For OkHttp, which creates its sockets with the parameterless {@code createSocket()} only. */
    SocketFactory socketFactory() {
        return new Factory();
    }

    private boolean sameFamily(InetAddress target) {
        return (target instanceof Inet6Address) == (address instanceof Inet6Address);
    }

    private static String cannotBind(InetAddress address, IOException e) {
        String why = e instanceof BindException ? "not an address of this machine" : Failures.describe(e);
        return "cannot send from source address " + text(address) + ": " + why + " (" + HINT + ")";
    }

    private static String family(InetAddress address) {
        return address instanceof Inet6Address ? "IPv6" : "IPv4";
    }

    private static String text(InetAddress address) {
        return address instanceof Inet6Address ? Addresses.compress(address.getHostAddress()) : address.getHostAddress();
    }

    @Override
    public String toString() {
        return address == null ? "any" : text(address);
    }

    /** A probe could not leave from the source address; the message is the reason, for an UNKNOWN result. */
    static final class Unusable extends IOException {
        private static final long serialVersionUID = 1L;

        Unusable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** A socket bound to the source address that checks the target's family before it connects. */
    private final class BoundSocket extends Socket {

        BoundSocket() {
            super(Proxy.NO_PROXY);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (endpoint instanceof InetSocketAddress target && !target.isUnresolved()) {
                requireReach(target);
            }
            super.connect(endpoint, timeout);
        }
    }

    /** Creates unconnected bound sockets only: OkHttp connects them itself, and never calls the other methods. */
    private final class Factory extends SocketFactory {

        @Override
        public Socket createSocket() throws IOException {
            return socket();
        }

        @Override
        public Socket createSocket(String host, int port) {
            throw connected();
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
            throw connected();
        }

        @Override
        public Socket createSocket(InetAddress host, int port) {
            throw connected();
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress localAddress, int localPort) {
            throw connected();
        }

        private UnsupportedOperationException connected() {
            return new UnsupportedOperationException("probe sockets are created unconnected, bound to source address " + SourceAddress.this);
        }
    }
}
