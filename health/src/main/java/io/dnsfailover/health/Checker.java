package io.dnsfailover.health;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.X509TrustManager;

/**
 * Runs probes concurrently, with a bound on how many run at once. A slow or hanging target holds one
 * slot for at most its timeout and never delays the others.
 *
 * <p>Thread safe. Close it to stop its threads.
 */
public final class Checker implements AutoCloseable {

    // TODO(helper): implement
    private Checker() {}

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Probes the target once with the spec. The future never completes exceptionally: every failure is a
     * DOWN or UNKNOWN result with a reason, and it completes within the spec's timeout plus a short grace.
     */
    public CompletableFuture<CheckResult> probe(CheckSpec spec, ProbeTarget target) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {}

    /** Builds a {@link Checker}. */
    public static final class Builder {
        private int maxConcurrency = 64;
        private X509TrustManager trustManager;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** At most this many probes run at once (default 64). */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("maxConcurrency must be at least 1, but was " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** The certificates HTTPS checks trust (default: the JVM's trust store). */
        public Builder trustManager(X509TrustManager trustManager) {
            this.trustManager = trustManager;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Checker build() {
            return new Checker();
        }
    }
}
