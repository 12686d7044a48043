package io.dnsfailover.providers;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider call failed. The adapter classifies it; it never retries: the controller retries
 * {@link #isTransient() transient} failures, honouring {@link #retryAfter()}, and never the others.
 * Messages name the provider and say what to check; they never contain a secret.
 */
public class ProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of failure, which decides whether to retry. */
    public enum Kind {
        /** Credentials wrong or lacking permission. Not transient. */
        AUTH(false),
        /** The zone or server does not exist at the provider. Not transient. */
        NOT_FOUND(false),
        /** A conditional write found a live value other than the expected one. Not transient: re-read. */
        CONFLICT(false),
        /** The provider rejected the request as invalid. Not transient. */
        INVALID(false),
        /** Rate limited; retry after the hint. Transient. */
        RATE_LIMITED(true),
        /** Unreachable, timed out, or a server-side error. Transient. */
        UNAVAILABLE(true);

        private final boolean transientFailure;

        Kind(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }
    }

    private final Kind kind;
    private final transient Duration retryAfter;

    public ProviderException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public ProviderException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** True when trying again later may succeed. */
    public boolean isTransient() {
        return kind.transientFailure;
    }

    /** The provider's own hint of when to try again, if it gave one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
