package io.dnsfailover.health;

import java.util.Objects;

/**
 * Where a probe goes and which name it presents there.
 *
 * @param address an IPv4 or IPv6 literal (probed directly, never resolved) or a host name (resolved by
 *     the checker's resolver)
 * @param hostName the name the server is expected to answer for: sent in the HTTP {@code Host} header
 *     and TLS SNI, and the name the certificate is verified against; {@code null} to use {@code address}
 */
public record ProbeTarget(String address, String hostName) {

    public ProbeTarget {
        Objects.requireNonNull(address, "address");
        if (address.isBlank()) {
            throw new IllegalArgumentException("address must be an IP address or a host name, but was empty");
        }
        if (hostName != null && hostName.isBlank()) {
            hostName = null;
        }
    }

    /** A target that presents its own address as its host name. */
    public static ProbeTarget of(String address) {
        return new ProbeTarget(address, null);
    }

    /** The name presented to the server: {@link #hostName()} when set, else the address. */
    public String effectiveHostName() {
        return hostName != null ? hostName : address;
    }
}
