package io.dnsfailover.providers;

import java.util.Objects;

/**
 * Which record set: zone, owner name and type. Names are held in normal form (lower case, no trailing
 * dot; see {@link DnsNames}), so keys written with or without the dot, in any case, are equal.
 */
public record RecordKey(String zone, String name, RecordType type) {

    public RecordKey {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        zone = DnsNames.normalise(zone);
        name = DnsNames.normalise(name);
        if (!DnsNames.isInZone(name, zone)) {
            throw new IllegalArgumentException("name " + name + " is not in zone " + zone);
        }
    }

    /** e.g. {@code atlanta1.hosting.com A}. */
    @Override
    public String toString() {
        return name + " " + type;
    }
}
