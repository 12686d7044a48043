package io.dnsfailover.controller.engine;

import io.dnsfailover.providers.RecordSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one read of one provider gave: the record and its ownership marker, or a failure, or nothing yet (the
 * read is still in flight when the tick could wait no longer).
 *
 * @param at when the read ended (or, while pending, when it started)
 * @param error why it failed, or {@code null}
 * @param pending true while the read has not ended
 */
public record ProviderRead(String provider, Instant at, Optional<RecordSet> record, Optional<RecordSet> marker, String error,
        boolean pending) {

    public ProviderRead {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(at, "at");
        record = record == null ? Optional.empty() : record;
        marker = marker == null ? Optional.empty() : marker;
    }

    public static ProviderRead ok(String provider, Instant at, Optional<RecordSet> record, Optional<RecordSet> marker) {
        return new ProviderRead(provider, at, record, marker, null, false);
    }

    public static ProviderRead failed(String provider, Instant at, String error) {
        return new ProviderRead(provider, at, Optional.empty(), Optional.empty(), Objects.requireNonNull(error, "error"), false);
    }

    public static ProviderRead pending(String provider, Instant since) {
        return new ProviderRead(provider, since, Optional.empty(), Optional.empty(), null, true);
    }

    public boolean ok() {
        return error == null && !pending;
    }
}
