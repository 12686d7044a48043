package io.dnsfailover.controller.engine;

import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.RecordSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How one provider's write ended.
 *
 * @param write what was asked
 * @param written true when the provider accepted the changes
 * @param verified true when the read-back showed the desired record set (its values, when the provider serves it
 *     proxied with a TTL of its own)
 * @param served what the read-back showed (empty when it failed or showed nothing)
 * @param error why it failed, or {@code null}
 * @param conflict true when the provider refused because the live value was no longer the one read
 * @param retryable true when a failure may pass by itself (unreachable, timed out, rate limited): the next tick
 *     tries again; false when retrying cannot mend it (credentials, a rejected request)
 * @param races what the adapter saw of a write racing ours (read-compare-write providers)
 * @param at when it ended
 */
public record WriteOutcome(Effect.Write write, boolean written, boolean verified, Optional<RecordSet> served, String error,
        boolean conflict, boolean retryable, List<ApplyResult.Race> races, Duration took, Instant at) {

    public WriteOutcome {
        served = served == null ? Optional.empty() : served;
        races = races == null ? List.of() : List.copyOf(races);
    }

    public String provider() {
        return write.provider();
    }

    public boolean ok() {
        return error == null;
    }
}
