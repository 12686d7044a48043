package io.dnsfailover.health;

import java.time.Duration;

/**
 * How to probe a target once. Scheduling (interval) and thresholds (fall, rise) are not part of a probe:
 * see {@link Thresholds}.
 */
public sealed interface CheckSpec permits TcpCheckSpec, HttpCheckSpec, DnsCheckSpec {

    /** The port probed on the target. */
    int port();

    /** The limit on the whole probe: connect, TLS, request and response. */
    Duration timeout();

    static void requirePort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, but was " + port);
        }
    }

    static void requireTimeout(Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be greater than 0, but was " + timeout);
        }
    }
}
