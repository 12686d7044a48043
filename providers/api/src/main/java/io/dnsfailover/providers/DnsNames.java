package io.dnsfailover.providers;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one place where DNS names and record values are checked and normalised.
 *
 * <p>The normal form of a name is lower case without the trailing dot ({@code atlanta1.hosting.com});
 * each adapter converts it to its own wire form.
 */
public final class DnsNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    private DnsNames() {}

    /** Lower case, without the trailing dot. Does not validate. */
    public static String normalise(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** The absolute form with the trailing dot, lower case. */
    public static String absolute(String name) {
        return normalise(name) + ".";
    }

    /**
     * True for a host name of at least two labels, e.g. {@code atlanta1.hosting.com} (with or without the
     * trailing dot): labels of letters, digits, hyphens (not at either end) and underscores, at most 63
     * characters each and 253 in all. An IP address is not a host name.
     */
    public static boolean isHostName(String name) {
        if (name == null) {
            return false;
        }
        String n = normalise(name);
        if (n.isEmpty() || n.length() > 253 || isIpAddress(n)) {
            return false;
        }
        String[] labels = n.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // a top-level label of digits only is an address that was mistyped, not a name
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    /** True when {@code name} is {@code zone} itself or a name below it. */
    public static boolean isInZone(String name, String zone) {
        String n = normalise(name);
        String z = normalise(zone);
        return n.equals(z) || n.endsWith("." + z);
    }

    /** True for a dotted-quad IPv4 address such as {@code 203.0.113.10} (no leading zeros). */
    public static boolean isIpv4(String text) {
        return text != null && IPV4.matcher(text).matches();
    }

    /** True for an IPv6 address such as {@code 2001:db8::10} (no zone id, no brackets). */
    public static boolean isIpv6(String text) {
        if (text == null || !text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            return false;
        }
        try {
            // only hex digits, colons and dots get here, so this parses a literal and never asks DNS
            return java.net.InetAddress.getByName(text) instanceof java.net.Inet6Address
                    || text.contains("::ffff:");
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    public static boolean isIpAddress(String text) {
        return isIpv4(text) || isIpv6(text);
    }
}
