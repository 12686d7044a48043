package io.dnsfailover.providers.inmemory;

import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records in a map. Writes are conditional and atomic (one lock), like the best real APIs, so the code
 * that drives providers can be tested against the strictest behaviour. Thread safe.
 */
public final class InMemoryProvider implements DnsProvider {

    private final Map<RecordKey, RecordSet> records = new HashMap<>();
    private int writes;

    InMemoryProvider() {}

    @Override
    public Capabilities capabilities() {
        return InMemoryProviderFactory.CAPABILITIES;
    }

    @Override
    public synchronized Optional<RecordSet> read(RecordKey key) {
        return Optional.ofNullable(records.get(key));
    }

    @Override
    public synchronized ApplyResult apply(List<Change> changes) {
        int changed = 0;
        for (Change change : changes) {
            RecordSet live = records.get(change.key());
            if (change.isDoneIn(live)) {
                continue;
            }
            if (!change.expects(live)) {
                throw new ProviderException(ProviderException.Kind.CONFLICT, "in-memory provider: " + change.key()
                        + " is " + (live == null ? "absent" : live.values()) + ", not the expected "
                        + (change.expected() == null ? "absent" : change.expected().values()) + "; re-read before writing");
            }
            if (change.desired() == null) {
                records.remove(change.key());
            } else {
                records.put(change.key(), change.desired());
            }
            changed++;
            writes++;
        }
        return ApplyResult.of(changed);
    }

    /** How many record sets were written since creation (tests count DNS writes with it). */
    public synchronized int writes() {
        return writes;
    }
}
