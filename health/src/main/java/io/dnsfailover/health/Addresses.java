package io.dnsfailover.health;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/** Target addresses: telling literals from names, resolving names, and printing endpoints for reasons. */
final class Addresses {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private Addresses() {}

    /** True for an IPv4 dotted quad or an IPv6 literal (brackets allowed); such addresses are never looked up. */
    static boolean isLiteral(String address) {
        return IPV4.matcher(address).matches() || unbracket(address).contains(":");
    }

    /**
     * The addresses to probe: the literal itself, or what the checker's resolver answers for a name.
     *
     * @throws UnknownHostException when a name does not resolve from here
     */
    static List<InetAddress> resolve(String address) throws UnknownHostException {
        if (isLiteral(address)) {
            // A literal never touches the resolver: InetAddress parses it, so the lookup cannot fail on DNS.
            return List.of(InetAddress.getByName(unbracket(address)));
        }
        return List.of(InetAddress.getAllByName(address));
    }

    /** {@code 192.0.2.1:443} or {@code [2001:db8::1]:443}, the way reasons print endpoints. */
    static String format(InetAddress address, int port) {
        return (address instanceof Inet6Address ? "[" + compress(address.getHostAddress()) + "]" : address.getHostAddress()) + ":" + port;
    }

    static String format(InetSocketAddress address) {
        return format(address.getAddress(), address.getPort());
    }

    /** Java prints {@code 0:0:0:0:0:0:0:1}; people (and RFC 5952) write {@code ::1}. */
    static String compress(String ipv6) {
        String scope = "";
        int percent = ipv6.indexOf('%');
        if (percent >= 0) {
            scope = ipv6.substring(percent);
            ipv6 = ipv6.substring(0, percent);
        }
        String[] groups = ipv6.split(":", -1);
        if (groups.length != 8) {
            return ipv6 + scope;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (isZero(groups[i])) {
                int j = i;
                while (j < 8 && isZero(groups[j])) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(groups[i].replaceFirst("^0+(?=.)", "").toLowerCase(java.util.Locale.ROOT));
        }
        return out + scope;
    }

    private static boolean isZero(String group) {
        return group.chars().allMatch(c -> c == '0');
    }

    private static String unbracket(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }
}
