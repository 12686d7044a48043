package io.dnsfailover.controller.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * What a group remembers of one provider: its last good read (a cache, refreshed on the rules of
 * {@link Tick}), and since when its reads or its writes have been failing. A failed read is never cached:
 * while reads fail, every tick reads again (the circuit breaker, not this cache, spaces out the calls). A
 * write that failed for a reason retrying cannot mend (credentials, a rejected request) is tried again only
 * after a backoff that doubles up to {@link #MAX_WRITE_BACKOFF}; one that failed for a passing reason is tried
 * at the next tick.
 *
 * @param lastGood the latest read that succeeded, or {@code null}
 * @param readFailingSince when reads began failing (the first failed read in a row), or {@code null}
 * @param readFailure the latest read failure's reason, or {@code null}
 * @param stale true when the cached read must not be trusted any more (a write to it could not be
 *     verified, or was refused as a conflict): the next tick reads again
 * @param writeFailures failed writes in a row
 * @param writeFailingSince when writes began failing, or {@code null}
 * @param writeFailure the latest write failure's reason, or {@code null}
 * @param nextWrite no write before this time (after a failure retrying cannot mend), or {@code null}
 */
public record ProviderView(ProviderRead lastGood, Instant readFailingSince, String readFailure, boolean stale, int writeFailures,
        Instant writeFailingSince, String writeFailure, Instant nextWrite) {

    public static final ProviderView NEW = new ProviderView(null, null, null, false, 0, null, null, null);

    /** The longest wait between two writes that keep failing for a reason retrying cannot mend. */
    static final Duration MAX_WRITE_BACKOFF = Duration.ofMinutes(5);

    /** After a read of this provider. */
    public ProviderView after(ProviderRead read) {
        if (read.pending()) {
            return this;
        }
        if (read.ok()) {
            return new ProviderView(read, null, null, false, writeFailures, writeFailingSince, writeFailure, nextWrite);
        }
        return new ProviderView(lastGood, readFailingSince == null ? read.at() : readFailingSince, read.error(), stale, writeFailures,
                writeFailingSince, writeFailure, nextWrite);
    }

    /** After a write that landed; {@code read} is its read-back. */
    public ProviderView written(ProviderRead read, boolean verified) {
        return new ProviderView(read, null, null, !verified, 0, null, null, null);
    }

    /**
     * After a write that failed.
     *
     * @param retryable true when trying again soon may succeed (unreachable, rate limited): the next tick tries
     * @param interval the group's interval, the first backoff otherwise
     */
    public ProviderView writeFailed(String reason, Instant at, boolean retryable, Duration interval) {
        int n = writeFailures + 1;
        Instant next = null;
        if (!retryable) {
            Duration wait = interval.multipliedBy(1L << Math.min(n - 1, 16));
            next = at.plus(wait.compareTo(MAX_WRITE_BACKOFF) > 0 ? MAX_WRITE_BACKOFF : wait);
        }
        return new ProviderView(lastGood, readFailingSince, readFailure, stale, n, writeFailingSince == null ? at : writeFailingSince,
                reason, next);
    }

    /** The cached read may not be used again. */
    public ProviderView invalidated() {
        return new ProviderView(lastGood, readFailingSince, readFailure, true, writeFailures, writeFailingSince, writeFailure, nextWrite);
    }

    public boolean readFailing() {
        return readFailingSince != null;
    }

    /** True when reads or writes are failing. */
    public boolean failing() {
        return readFailingSince != null || writeFailingSince != null;
    }

    /** Since when reads or writes have been failing (the earlier), or {@code null}. */
    public Instant failingSince() {
        if (readFailingSince == null) {
            return writeFailingSince;
        }
        return writeFailingSince == null || readFailingSince.isBefore(writeFailingSince) ? readFailingSince : writeFailingSince;
    }

    /** The latest failure's reason (a read's first), or {@code null}. */
    public String failure() {
        return readFailure != null ? readFailure : writeFailure;
    }

    /** True when a write may be sent at {@code now}. */
    public boolean mayWrite(Instant now) {
        return nextWrite == null || !now.isBefore(nextWrite);
    }

    /** True when a tick at {@code now} must read this provider before using what it serves. */
    public boolean needsRead(Instant now, Duration cacheFor) {
        return lastGood == null || readFailing() || stale || !lastGood.at().plus(cacheFor).isAfter(now);
    }
}
