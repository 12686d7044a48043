package io.dnsfailover.providers;

import java.util.Locale;

/** The record types dnsfailover manages. */
public enum RecordType {
    /** IPv4 addresses. */
    A,
    /** IPv6 addresses. */
    AAAA,
    /** One canonical host name. */
    CNAME,
    /** A provider-side alias (ANAME/ALIAS): a host name the provider flattens into addresses, allowed at the apex. */
    ANAME,
    /**
     * Text. dnsfailover never manages a group's record as TXT; it writes one TXT record beside the managed
     * record, the ownership marker ({@code _dnsfailover.<name>}), where the provider can hold one.
     */
    TXT;

    /** True when the values are host names rather than addresses. */
    public boolean holdsHostNames() {
        return this == CNAME || this == ANAME;
    }

    /** True when a record set of this type can hold more than one value. */
    public boolean allowsSeveralValues() {
        return this == A || this == AAAA || this == TXT;
    }

    /** Parses {@code a}, {@code A}, {@code ALIAS} (a synonym of ANAME); {@code null} when unknown. */
    public static RecordType parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.equals("ALIAS")) {
            return ANAME;
        }
        for (RecordType type : values()) {
            if (type.name().equals(t)) {
                return type;
            }
        }
        return null;
    }
}
