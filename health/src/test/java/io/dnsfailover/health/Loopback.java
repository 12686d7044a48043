package io.dnsfailover.health;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Loopback addresses and ports for tests: all test traffic stays on this machine. */
final class Loopback {

    private Loopback() {}

    static InetAddress v4() {
        return address("127.0.0.1");
    }

    static InetAddress v6() {
        return address("::1");
    }

    /** Skips the calling test, saying why, when this machine has no IPv6 loopback. */
    static void assumeIpv6() {
        boolean available;
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(v6(), 0));
            available = true;
        } catch (IOException e) {
            available = false;
        }
        assumeTrue(available, "::1 is not available on this machine (no IPv6 loopback): IPv6 test skipped");
    }

    /** A port nothing listens on: bound, then released. */
    static int closedPort(InetAddress address) {
        try (ServerSocket socket = new ServerSocket(0, 1, address)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
