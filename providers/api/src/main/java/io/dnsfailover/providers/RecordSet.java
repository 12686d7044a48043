package io.dnsfailover.providers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The values a provider serves (or should serve) for one {@link RecordKey}, with their TTL.
 *
 * <p>Values are normalised and sorted, so two sets are equal when they hold the same values in any order
 * and spelling: IPv4 as dotted quads, IPv6 in the short form of RFC 5952 ({@code 2001:db8::10}), host
 * names lower case without the trailing dot. A set is never empty: no record is expressed as an absent set.
 *
 * <p>A set an adapter reads may be {@code proxied}: the provider answers the name with addresses of its own
 * proxy and forwards to the values (Cloudflare's orange cloud). The values are then the origin, hidden from
 * DNS clients, and the TTL is the one the provider serves and keeps by itself (it cannot be written). What
 * dnsfailover wants is never proxied; {@link #satisfies} says whether a live set already serves it.
 *
 * @param ttl the TTL the provider serves the set with (for a proxied set, the provider's own)
 * @param proxied true when the provider serves the set through its proxy (only ever read, never asked for)
 */
public record RecordSet(RecordKey key, int ttl, List<String> values, boolean proxied) {

    public RecordSet {
        Objects.requireNonNull(key, "key");
        if (ttl < 0) {
            throw new IllegalArgumentException("ttl must not be negative, but was " + ttl);
        }
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("a record set of " + key + " needs at least one value");
        }
        TreeSet<String> normal = new TreeSet<>();
        for (String v : values) {
            normal.add(normaliseValue(key.type(), v));
        }
        if (normal.size() > 1 && !key.type().allowsSeveralValues()) {
            throw new IllegalArgumentException("a " + key.type() + " record holds one value, but " + key + " was given " + normal);
        }
        values = List.copyOf(normal);
    }

    /** A set served as it is, not through a proxy. */
    public RecordSet(RecordKey key, int ttl, List<String> values) {
        this(key, ttl, values, false);
    }

    public static RecordSet of(RecordKey key, int ttl, Collection<String> values) {
        return new RecordSet(key, ttl, List.copyOf(values));
    }

    public static RecordSet of(RecordKey key, int ttl, String... values) {
        return new RecordSet(key, ttl, List.of(values));
    }

    /** The same values with another TTL. */
    public RecordSet withTtl(int newTtl) {
        return new RecordSet(key, newTtl, values, proxied);
    }

    /** The same values and TTL, served through the provider's proxy. */
    public RecordSet asProxied() {
        return new RecordSet(key, ttl, values, true);
    }

    /**
     * True when this set, as a provider serves it, is what {@code wanted} asks for: the same key and values,
     * and the same TTL unless this set is proxied (a proxied set's TTL is the provider's, and no write can
     * change it). A proxied set satisfies a set that is not, never the other way round.
     *
     * @param wanted what should be served; {@code null} (nothing) is satisfied by nothing
     */
    public boolean satisfies(RecordSet wanted) {
        if (wanted == null) {
            return false;
        }
        if (!key.equals(wanted.key) || !values.equals(wanted.values) || wanted.proxied && !proxied) {
            return false;
        }
        return proxied || ttl == wanted.ttl;
    }

    /**
     * The normal form of one value for a record of {@code type}.
     *
     * @throws IllegalArgumentException when the value does not fit the type
     */
    public static String normaliseValue(RecordType type, String value) {
        Objects.requireNonNull(value, "value");
        String v = value.trim();
        switch (type) {
            case A -> {
                if (!DnsNames.isIpv4(v)) {
                    throw new IllegalArgumentException("'" + value + "' is not an IPv4 address");
                }
                return v;
            }
            case AAAA -> {
                if (!DnsNames.isIpv6(v)) {
                    throw new IllegalArgumentException("'" + value + "' is not an IPv6 address");
                }
                return shortIpv6(v);
            }
            case TXT -> {
                return text(value);
            }
            default -> {
                if (!DnsNames.isHostName(v)) {
                    throw new IllegalArgumentException("'" + value + "' is not a host name");
                }
                return DnsNames.normalise(v);
            }
        }
    }

    /**
     * A TXT value is its text: the record's character-strings joined, without the quotes and escapes of any
     * zone-file or API syntax (adapters add and remove those). Kept as given, but it must be non-empty and
     * hold no control character.
     */
    private static String text(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a TXT value must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("a TXT value must hold no control character, but '" + value.replaceAll("\\p{Cntrl}", "?")
                        + "' has one at index " + i);
            }
        }
        return value;
    }

    /** RFC 5952: lower case, leading zeros dropped, the longest run of two or more zero groups as {@code ::}. */
    static String shortIpv6(String text) {
        byte[] b;
        try {
            b = InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv6 address");
        }
        if (b.length == 4) {
            return "::ffff:" + (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    /** e.g. {@code atlanta1.hosting.com A 60 [203.0.113.10]}, or {@code ... A 300 [203.0.113.10] (proxied)}. */
    @Override
    public String toString() {
        return key + " " + ttl + " " + values + (proxied ? " (proxied)" : "");
    }
}
