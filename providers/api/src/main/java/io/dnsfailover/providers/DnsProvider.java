package io.dnsfailover.providers;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One DNS account, as dnsfailover drives it: read a record set, apply changes, declare capabilities.
 *
 * <p>Contract: methods are blocking and thread safe. Failures are {@link ProviderException}s, classified
 * (transient or not) but never retried here. Adapters never see a dry-run flag: dry-run stops before
 * {@link #apply} is called.
 */
public interface DnsProvider extends AutoCloseable {

    /** What this provider can do; constant for the provider's life. */
    Capabilities capabilities();

    /**
     * The record set the provider serves for {@code key} now, or empty when there is none.
     *
     * @throws ProviderException NOT_FOUND when the zone does not exist, AUTH, UNAVAILABLE, ...
     */
    Optional<RecordSet> read(RecordKey key);

    /**
     * Brings each change's record set to its desired state, in order. Idempotent: a change whose desired
     * state is already live is skipped. A change whose live set is neither expected nor desired fails with
     * {@link ProviderException.Kind#CONFLICT} and is not written (atomically where
     * {@link Capabilities#conditionalWrites()} is true). On failure, changes before the failing one may
     * have been written.
     */
    ApplyResult apply(List<Change> changes);

    /**
     * Waits until the provider says the write is served everywhere, or the timeout passes. The default
     * returns at once, for providers with no such signal ({@link Capabilities#syncStatus()} false).
     *
     * @return true when in sync, false when the timeout passed first
     */
    default boolean awaitSync(ApplyResult result, Duration timeout) {
        return true;
    }

    /** Releases connections and threads. */
    @Override
    default void close() {}
}
