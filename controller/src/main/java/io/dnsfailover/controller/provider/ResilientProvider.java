package io.dnsfailover.controller.provider;

import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place provider calls are retried (DESIGN §5). Each call has a deadline: a transient
 * {@link ProviderException} is retried with exponential backoff and jitter only while the next attempt can
 * still start before it, so the retry budget of a tick fits in its interval; any other failure (bad
 * credentials, unknown zone, a conflict) is thrown at once. Each attempt has a time limit.
 *
 * <p>A provider's retry-after hint is honoured for every caller: until that time, calls are not sent (they
 * wait for it when their deadline allows, else fail at once saying until when). A circuit breaker per
 * provider stops calling a provider that keeps failing, for a short while, and lets a trial call through
 * after it; a failed call is never remembered as a result (callers read again on their next tick).
 */
public final class ResilientProvider implements DnsProvider {

    private static final Logger log = LoggerFactory.getLogger(ResilientProvider.class);

    private final String name;
    private final DnsProvider delegate;
    private final Resilience policy;
    private final CircuitBreaker breaker;
    private final TimeLimiter limiter;
    private final ExecutorService calls;
    private final Clock clock;
    private volatile Instant notBefore;

    public ResilientProvider(String name, DnsProvider delegate, Resilience policy) {
        this(name, delegate, policy, Clock.systemUTC());
    }

    public ResilientProvider(String name, DnsProvider delegate, Resilience policy, Clock clock) {
        this.name = name;
        this.delegate = delegate;
        this.policy = policy;
        this.clock = clock;
        this.breaker = CircuitBreaker.of("provider-" + name, CircuitBreakerConfig.custom()
                .minimumNumberOfCalls(policy.breakerMinimumCalls())
                .slidingWindowSize(Math.max(policy.breakerMinimumCalls(), 10))
                .failureRateThreshold(policy.breakerFailureRate())
                .waitDurationInOpenState(policy.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                // only the provider's own trouble counts against it, not our conflicts or bad config
                .recordException(e -> e instanceof ProviderException pe && pe.isTransient())
                .build());
        this.limiter = TimeLimiter.of(TimeLimiterConfig.custom().timeoutDuration(policy.callTimeout()).cancelRunningFuture(true).build());
        this.calls = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dnsfailover-provider-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The wait before retry {@code attempt} after {@code failure}: its hint when it gave one, else backoff with jitter. */
    static long wait(Resilience policy, int attempt, Throwable failure) {
        long cap = policy.maxBackoff().toMillis();
        if (failure instanceof ProviderException pe && pe.retryAfter().isPresent()) {
            return Math.min(cap, Math.max(0, pe.retryAfter().get().toMillis()));
        }
        long base = Math.min(cap, policy.initialBackoff().toMillis() << Math.min(attempt - 1, 20));
        return Math.min(cap, (long) (base * ThreadLocalRandom.current().nextDouble(0.5, 1.5)));
    }

    /** The provider's config name. */
    public String name() {
        return name;
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    public Resilience policy() {
        return policy;
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    /** {@link #read(RecordKey, Instant)} with a deadline of one full policy (every attempt and backoff). */
    @Override
    public Optional<RecordSet> read(RecordKey key) {
        return read(key, clock.instant().plus(fullBudget()));
    }

    /** Reads, retrying transient failures while an attempt can still start before {@code deadline}. */
    public Optional<RecordSet> read(RecordKey key, Instant deadline) {
        return call("read " + key, () -> delegate.read(key), deadline);
    }

    @Override
    public ApplyResult apply(List<Change> changes) {
        return apply(changes, clock.instant().plus(fullBudget()));
    }

    /** Applies, retrying transient failures while an attempt can still start before {@code deadline}. */
    public ApplyResult apply(List<Change> changes, Instant deadline) {
        return call("write " + changes.size() + " change(s)", () -> delegate.apply(changes), deadline);
    }

    @Override
    public boolean awaitSync(ApplyResult result, Duration timeout) {
        return delegate.awaitSync(result, timeout);
    }

    private Duration fullBudget() {
        return policy.callTimeout().multipliedBy(policy.maxAttempts()).plus(policy.maxBackoff().multipliedBy(policy.maxAttempts() - 1L));
    }

    private <T> T call(String what, Supplier<T> action, Instant deadline) {
        for (int attempt = 1; ; attempt++) {
            awaitHint(what, deadline);
            if (clock.instant().isAfter(deadline)) {
                // late (a paused process, a slow queue): a write sent now could land after its fence has lapsed
                throw new ProviderException(ProviderException.Kind.UNAVAILABLE, what + " to provider '" + name
                        + "' not sent: its deadline, " + deadline + ", passed before it could start");
            }
            ProviderException failure;
            try {
                return breaker.executeSupplier(() -> limited(what, action));
            } catch (CallNotPermittedException e) {
                throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "provider '" + name + "' failed too often "
                        + "recently, so calls to it are paused for " + policy.breakerOpenFor().toMillis() + " ms (circuit breaker open);"
                        + " the last errors are in the log");
            } catch (ProviderException e) {
                failure = e;
            }
            if (!failure.isTransient()) {
                throw failure;
            }
            long waitMs = wait(policy, attempt, failure);
            if (failure.retryAfter().isPresent()) {
                notBefore = clock.instant().plusMillis(waitMs);
            }
            if (attempt >= policy.maxAttempts() || clock.instant().plusMillis(waitMs).isAfter(deadline)) {
                throw failure;
            }
            log.warn("provider {}: {} failed ({}), retrying in {} ms", name, what, failure.getMessage(), waitMs);
            sleep(waitMs);
        }
    }

    /** Waits for the provider's retry-after time when the deadline allows; else fails now, sending nothing. */
    private void awaitHint(String what, Instant deadline) {
        Instant until = notBefore;
        Instant now = clock.instant();
        if (until == null || !until.isAfter(now)) {
            return;
        }
        if (until.isAfter(deadline)) {
            throw new ProviderException(ProviderException.Kind.RATE_LIMITED, "provider '" + name + "' asked us to wait until "
                    + until + " (retry-after); " + what + " not sent before then", Duration.between(now, until), null);
        }
        sleep(Duration.between(now, until).toMillis());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "interrupted while waiting to retry");
        }
    }

    private <T> T limited(String what, Supplier<T> action) {
        try {
            return limiter.executeFutureSupplier(() -> CompletableFuture.supplyAsync(action, calls));
        } catch (TimeoutException e) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "provider '" + name + "' did not answer within "
                    + limiter.getTimeLimiterConfig().getTimeoutDuration().toMillis() + " ms (" + what + ")", null, e);
        } catch (ProviderException e) {
            throw e;
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ProviderException pe) {
                throw pe;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "provider '" + name + "': " + what + " failed: "
                    + cause, null, cause);
        }
    }

    @Override
    public void close() {
        calls.shutdownNow();
        delegate.close();
    }
}
