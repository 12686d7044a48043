package io.dnsfailover.controller.config;

import io.dnsfailover.providers.RecordType;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Target addresses that parse but can never be a server: published, they would send every client nowhere.
 * Loopback (127.0.0.0/8, ::1) stays allowed: tests and demos use it. Documentation ranges (192.0.2.0/24,
 * 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) and private ranges stay allowed too.
 */
final class Addresses {

    private Addresses() {}

    /**
     * What makes {@code address} (a valid literal for {@code type}, as {@link GroupBinder#addressError} checks)
     * never a server's address, with what to write; {@code null} when it may be one.
     */
    static String notAServer(String address, String written, RecordType type) {
        byte[] b = bytes(address, type);
        if (b == null) {
            return null;
        }
        String reason;
        if (b.length == 4) {
            reason = ipv4(b);
            if (reason != null && type == RecordType.AAAA) {
                reason = "the IPv4-mapped form of " + ipv4Text(b) + ", " + reason;
            }
        } else {
            reason = ipv6(b);
        }
        return reason == null ? null : "'" + written + "' is " + reason + "; write the address the server answers on, e.g. "
                + (type == RecordType.A ? "203.0.113.10" : "2001:db8::10");
    }

    /** Why {@code address} may work but likely does not do what was meant, or {@code null}. */
    static String doubtful(String address, String written, RecordType type) {
        byte[] b = bytes(address, type);
        if (b == null || b.length != 4) {
            return null;
        }
        if (type == RecordType.AAAA) {
            String v4 = ipv4Text(b);
            return "'" + written + "' is an IPv4-mapped address (::ffff:0:0/96) that stands for " + v4 + ": clients reach it "
                    + "only over IPv4, and those use the A record; write the server's IPv6 address here, and " + v4
                    + " in a type A group";
        }
        if ((b[0] & 0xff) == 169 && (b[1] & 0xff) == 254) {
            return "'" + written + "' is a link-local address (169.254.0.0/16): only hosts on the checker's own link reach "
                    + "it, clients elsewhere cannot; write a routable address unless every client shares that link";
        }
        return null;
    }

    /** 4 bytes for IPv4 (also an IPv4-mapped IPv6 literal), 16 for IPv6; {@code null} for a host name. */
    private static byte[] bytes(String address, RecordType type) {
        if (type != RecordType.A && type != RecordType.AAAA) {
            return null;
        }
        try {
            // a literal (checked by addressError), so this parses it and never asks DNS;
            // the JDK turns an IPv4-mapped IPv6 literal (::ffff:a.b.c.d, ::ffff:0:0) into its IPv4 address
            InetAddress parsed = InetAddress.getByName(address);
            return parsed instanceof Inet4Address || type == RecordType.AAAA ? parsed.getAddress() : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String ipv4(byte[] b) {
        int first = b[0] & 0xff;
        if (first == 0) {
            return b[1] == 0 && b[2] == 0 && b[3] == 0
                    ? "the unspecified address, which means no address at all and is never a destination"
                    : "in 0.0.0.0/8 (this network, RFC 1122), which is never a destination";
        }
        if (first == 255 && (b[1] & b[2] & b[3] & 0xff) == 0xff) {
            return "the limited broadcast address: what is sent there goes to every host on the local link, never to one server";
        }
        if (first >= 224 && first <= 239) {
            return "a multicast address (224.0.0.0/4): it names a group of receivers, and TCP, HTTP and TLS cannot connect to it";
        }
        if (first >= 240) {
            return "in 240.0.0.0/4, reserved (the old class E): hosts and routers refuse to send to it";
        }
        return null;
    }

    private static String ipv6(byte[] b) {
        boolean firstTwelveZero = true;
        for (int i = 0; i < 12; i++) {
            firstTwelveZero &= b[i] == 0;
        }
        int last = ((b[12] & 0xff) << 24) | ((b[13] & 0xff) << 16) | ((b[14] & 0xff) << 8) | (b[15] & 0xff);
        if (firstTwelveZero && last == 0) {
            return "the unspecified address, which means no address at all and is never a destination";
        }
        if (firstTwelveZero && last == 1) {
            return null; // ::1, loopback
        }
        if (firstTwelveZero) {
            return "in ::/96, the deprecated IPv4-compatible range (RFC 4291), which nothing routes";
        }
        if ((b[0] & 0xff) == 0xff) {
            return "a multicast address (ff00::/8): it names a group of receivers, and TCP, HTTP and TLS cannot connect to it";
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return "a link-local address (fe80::/10): it works only with a zone index such as %eth0, which DNS cannot carry, "
                    + "so neither clients nor the checker could reach it";
        }
        if (b[0] == 0x01 && b[1] == 0 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0) {
            return "in 100::/64, the discard-only prefix (RFC 6666): routers drop what is sent there";
        }
        return null;
    }

    private static String ipv4Text(byte[] b) {
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }
}
