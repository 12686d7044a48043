package io.dnsfailover.providers;

import java.util.Objects;

/**
 * One record set to change: what the caller read ({@code expected}) and what it wants ({@code desired}).
 *
 * <p>{@code expected == null} means the caller saw no record set; {@code desired == null} means delete it.
 * Every adapter fails a change with {@link ProviderException.Kind#CONFLICT}, writing nothing, when the
 * live set is neither {@code expected} nor already {@code desired}: atomically where the API has
 * conditional writes, by reading and comparing just before the write elsewhere. A live set that
 * {@linkplain #isDoneIn satisfies} {@code desired} counts as done (idempotence).
 */
public record Change(RecordKey key, RecordSet expected, RecordSet desired) {

    public Change {
        Objects.requireNonNull(key, "key");
        if (expected == null && desired == null) {
            throw new IllegalArgumentException("a change of " + key + " needs an expected or a desired record set");
        }
        if (expected != null && !expected.key().equals(key) || desired != null && !desired.key().equals(key)) {
            throw new IllegalArgumentException("a change of " + key + " may only hold record sets of that key");
        }
    }

    /** Create where nothing is expected to exist. */
    public static Change create(RecordSet desired) {
        return new Change(desired.key(), null, desired);
    }

    /** Replace what was read with {@code desired}. */
    public static Change replace(RecordSet expected, RecordSet desired) {
        return new Change(desired.key(), expected, desired);
    }

    /** Delete what was read. */
    public static Change delete(RecordSet expected) {
        return new Change(expected.key(), expected, null);
    }

    /**
     * True when {@code live} (null for absent) already is the desired state: it {@link RecordSet#satisfies
     * satisfies} it (a proxied set with the desired values is done whatever its TTL, which no write changes).
     */
    public boolean isDoneIn(RecordSet live) {
        return live == null ? desired == null : live.satisfies(desired);
    }

    /** True when {@code live} (null for absent) is what the caller expected to replace. */
    public boolean expects(RecordSet live) {
        return Objects.equals(live, expected);
    }

    @Override
    public String toString() {
        return key + ": " + (expected == null ? "(none)" : expected.ttl() + " " + expected.values()) + " -> "
                + (desired == null ? "(deleted)" : desired.ttl() + " " + desired.values());
    }
}
