package io.dnsfailover.providers;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link DnsProvider#apply} did.
 *
 * @param changed how many of the changes were written (the others were already in place)
 * @param syncToken the provider's handle for {@link DnsProvider#awaitSync} (e.g. a Route 53 change id), if any
 * @param races writes that may have replaced a change someone else made between the adapter's read and its
 *     write (only adapters without conditional writes report these); empty when none was seen
 */
public record ApplyResult(int changed, Optional<String> syncToken, List<Race> races) {

    public ApplyResult {
        Objects.requireNonNull(syncToken, "syncToken");
        races = races == null ? List.of() : List.copyOf(races);
    }

    public ApplyResult(int changed, Optional<String> syncToken) {
        this(changed, syncToken, List.of());
    }

    public static ApplyResult of(int changed) {
        return new ApplyResult(changed, Optional.empty());
    }

    /**
     * Evidence that a read-compare-write raced another writer: the record (or its zone) changed between
     * the read that the write was compared with and the write itself, so the write may have replaced
     * someone else's change.
     *
     * @param read what the adapter read and compared before writing (null: nothing was there)
     * @param written what it wrote (null: it deleted the record set)
     * @param evidence one sentence saying what was seen, e.g. the zone's serial moving by more than the
     *     write's own increment, and the value found in between when the API showed it
     */
    public record Race(RecordKey key, RecordSet read, RecordSet written, String evidence) {

        public Race {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(evidence, "evidence");
        }
    }
}
