package io.dnsfailover.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Passes when the target accepts a TCP connection on the port within the timeout; sends nothing. */
final class TcpCheck implements Check {

    private final TcpCheckSpec spec;
    private final SourceAddress source;
    private final Clock clock;

    TcpCheck(TcpCheckSpec spec, SourceAddress source, Clock clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CheckResult probe(ProbeTarget target) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        InetAddress address;
        try {
            address = source.reachable(Addresses.resolve(target.address())).get(0);
        } catch (UnknownHostException e) {
            return CheckResult.unknown(startedAt, "could not resolve " + target.address() + " from the checker");
        }
        String endpoint = Addresses.format(address, spec.port());
        // Never through a proxy: a SOCKS proxy configured for the JVM must not answer in the target's place.
        try (Socket socket = source.socket()) {
            socket.connect(new InetSocketAddress(address, spec.port()), Math.toIntExact(Math.min(spec.timeout().toMillis(), Integer.MAX_VALUE)));
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            return CheckResult.up(startedAt, latency, "TCP connect to " + endpoint + " in " + latency.toMillis() + " ms");
        } catch (IOException | RuntimeException e) {
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            Failures.Where where = new Failures.Where(endpoint, null, spec.timeout(), "no connection");
            return Failures.classify(e, where).toResult(startedAt, latency);
        }
    }
}
