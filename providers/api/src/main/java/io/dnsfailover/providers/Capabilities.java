package io.dnsfailover.providers;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What an adapter can do, declared up front and checked when the config loads.
 *
 * @param recordTypes the record types it can read and write
 * @param minimumTtl the lowest TTL the provider keeps as written
 * @param conditionalWrites true when a write is refused if the live set is no longer the expected one
 * @param syncStatus true when {@link DnsProvider#awaitSync} waits for a real signal from the provider
 * @param proxiedRecords true when a record set it reads may be {@linkplain RecordSet#proxied() proxied}: served
 *     with the provider's own addresses and TTL (so {@code validate} reads such providers' records to say so)
 */
public record Capabilities(Set<RecordType> recordTypes, int minimumTtl, boolean conditionalWrites, boolean syncStatus,
        boolean proxiedRecords) {

    public Capabilities {
        Objects.requireNonNull(recordTypes, "recordTypes");
        recordTypes = recordTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(recordTypes));
        if (minimumTtl < 0) {
            throw new IllegalArgumentException("minimumTtl must not be negative, but was " + minimumTtl);
        }
    }

    /** A provider whose records are never proxied. */
    public Capabilities(Set<RecordType> recordTypes, int minimumTtl, boolean conditionalWrites, boolean syncStatus) {
        this(recordTypes, minimumTtl, conditionalWrites, syncStatus, false);
    }

    public boolean supports(RecordType type) {
        return recordTypes.contains(type);
    }
}
