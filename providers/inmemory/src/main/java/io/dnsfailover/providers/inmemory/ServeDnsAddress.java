package io.dnsfailover.providers.inmemory;

import io.dnsfailover.providers.DnsNames;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Reads the {@code serveDns} setting: a loopback address and a port, {@code 127.0.0.1:5353} or
 * {@code [::1]:5353}. Port 0 asks for any free port.
 *
 * <p>Only loopback is accepted: the listener answers anyone who can reach it, with no rate limit and no
 * access control, which is fine for a demo on one machine and wrong anywhere else. Host names are
 * refused too, because resolving {@code localhost} would be I/O at config load and could pick an
 * address the user did not mean.
 */
final class ServeDnsAddress {

    static final String KEY = "serveDns";
    static final String EXAMPLE = "127.0.0.1:5353";

    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private ServeDnsAddress() {}

    /**
     * The address to listen on.
     *
     * @throws IllegalArgumentException with a message that says what to write instead
     */
    static InetSocketAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(KEY + " is empty; write a loopback address and port such as " + EXAMPLE
                    + " (or 127.0.0.1:0 for any free port), or leave " + KEY + " out");
        }
        String host;
        String port;
        boolean bracketed = t.startsWith("[");
        if (bracketed) {
            int end = t.indexOf(']');
            if (end < 0 || end + 1 < t.length() && t.charAt(end + 1) != ':') {
                throw syntax(t);
            }
            host = t.substring(1, end);
            port = end + 1 < t.length() ? t.substring(end + 2) : null;
        } else {
            int colon = t.lastIndexOf(':');
            if (colon >= 0 && t.indexOf(':') != colon) {
                if (!DnsNames.isIpv6(t) && !DnsNames.isIpv6(t.substring(0, colon))) {
                    throw syntax(t);
                }
                throw new IllegalArgumentException(KEY
                        + " must put an IPv6 address in brackets before the port, e.g. [::1]:5353, but was '" + t + "'");
            }
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
        }
        InetAddress address = literal(host, bracketed, t);
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException(KEY + " must be a loopback address (127.0.0.0/8 or ::1), e.g. " + EXAMPLE
                    + " or [::1]:5353, but was '" + t + "'; the in-memory provider is for demos and tests");
        }
        if (port == null) {
            throw new IllegalArgumentException(KEY + " needs a port, e.g. " + (bracketed ? "[" + host + "]" : host)
                    + ":5353 (or port 0 for any free port), but was '" + t + "'");
        }
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException(KEY + " port must be a number from 0 to 65535 (0 picks a free port), e.g. "
                    + EXAMPLE + ", but was '" + port + "' in '" + t + "'");
        }
        return new InetSocketAddress(address, Integer.parseInt(port));
    }

    /** As the user writes it: {@code 127.0.0.1:5353}, {@code [::1]:5353}. */
    static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The address, parsed as a literal only: never a DNS lookup. */
    private static InetAddress literal(String host, boolean bracketed, String whole) {
        boolean ok = bracketed ? DnsNames.isIpv6(host) : DnsNames.isIpv4(host);
        if (!ok) {
            throw syntax(whole);
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw syntax(whole);
        }
    }

    private static IllegalArgumentException syntax(String whole) {
        return new IllegalArgumentException(KEY + " must be an IP address and a port, e.g. " + EXAMPLE
                + " or [::1]:5353 (IPv6 in brackets, no host names), but was '" + whole + "'");
    }
}
