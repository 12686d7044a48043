package io.dnsfailover.controller.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * What a group remembers of one provider: its last good read (a cache, refreshed on the rules of
 * {@link Tick}), and since when it has been failing. A failed read is never cached: while {@code failing}
 * is set, every tick reads again (the circuit breaker, not this cache, spaces out the calls).
 *
 * @param lastGood the latest read that succeeded, or {@code null}
 * @param failingSince when the provider began failing (its first failed call in a row), or {@code null}
 * @param failure the latest failure's reason, or {@code null}
 * @param stale true when the cached read must not be trusted any more (a write to it ended, or was refused
 *     as a conflict): the next tick reads again
 */
public record ProviderView(ProviderRead lastGood, Instant failingSince, String failure, boolean stale) {

    public static final ProviderView NEW = new ProviderView(null, null, null, false);

    /** After a read of this provider. */
    public ProviderView after(ProviderRead read) {
        if (read.pending()) {
            return this;
        }
        if (read.ok()) {
            return new ProviderView(read, null, null, false);
        }
        return failed(read.error(), read.at());
    }

    /** After a failed call (read or write). */
    public ProviderView failed(String reason, Instant at) {
        return new ProviderView(lastGood, failingSince == null ? at : failingSince, reason, stale);
    }

    /** The cached read may not be used again. */
    public ProviderView invalidated() {
        return new ProviderView(lastGood, failingSince, failure, true);
    }

    public boolean failing() {
        return failingSince != null;
    }

    /** True when a tick at {@code now} must read this provider before using what it serves. */
    public boolean needsRead(Instant now, Duration cacheFor) {
        return lastGood == null || failing() || stale || !lastGood.at().plus(cacheFor).isAfter(now);
    }

    /** True when the cached read was made at {@code now} or later (during this tick). */
    public boolean freshAt(Instant now) {
        return lastGood != null && !failing() && !stale && !lastGood.at().isBefore(now);
    }
}
