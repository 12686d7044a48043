package io.dnsfailover.health;

import java.time.Duration;

/** Passes when a TCP connection to the port is accepted within the timeout. */
public record TcpCheckSpec(int port, Duration timeout) implements CheckSpec {

    public TcpCheckSpec {
        CheckSpec.requirePort(port);
        CheckSpec.requireTimeout(timeout);
    }
}
