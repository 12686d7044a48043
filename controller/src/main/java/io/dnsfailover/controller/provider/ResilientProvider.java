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
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
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
 * The one place provider calls are retried (DESIGN §5): a transient {@link ProviderException} is retried
 * with exponential backoff and jitter, honouring the provider's retry-after hint; any other failure (bad
 * credentials, unknown zone, a conflict) is thrown at once. Each attempt has a time limit, and a circuit
 * breaker per provider stops calling a provider that keeps failing, so one sick provider does not hold up
 * the others.
 */
public final class ResilientProvider implements DnsProvider {

    private static final Logger log = LoggerFactory.getLogger(ResilientProvider.class);

    private final String name;
    private final DnsProvider delegate;
    private final Retry retry;
    private final CircuitBreaker breaker;
    private final TimeLimiter limiter;
    private final ExecutorService calls;

    public ResilientProvider(String name, DnsProvider delegate, Resilience policy) {
        this.name = name;
        this.delegate = delegate;
        this.retry = Retry.of("provider-" + name, RetryConfig.<Object>custom()
                .maxAttempts(policy.maxAttempts())
                .retryOnException(e -> e instanceof ProviderException pe && pe.isTransient())
                .intervalBiFunction((attempt, outcome) -> wait(policy, attempt, outcome))
                .failAfterMaxAttempts(false)
                .build());
        this.breaker = CircuitBreaker.of("provider-" + name, CircuitBreakerConfig.custom()
                .minimumNumberOfCalls(policy.breakerMinimumCalls())
                .slidingWindowSize(Math.max(policy.breakerMinimumCalls(), 10))
                .failureRateThreshold(policy.breakerFailureRate())
                .waitDurationInOpenState(policy.breakerOpenFor())
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

    /** The wait before retry {@code attempt}: the provider's hint when it gave one, else backoff with jitter. */
    static long wait(Resilience policy, int attempt, Either<Throwable, Object> outcome) {
        long cap = policy.maxBackoff().toMillis();
        if (outcome.isLeft() && outcome.getLeft() instanceof ProviderException pe && pe.retryAfter().isPresent()) {
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

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public Optional<RecordSet> read(RecordKey key) {
        return call("read " + key, () -> delegate.read(key));
    }

    @Override
    public ApplyResult apply(List<Change> changes) {
        return call("write " + changes.size() + " change(s)", () -> delegate.apply(changes));
    }

    @Override
    public boolean awaitSync(ApplyResult result, Duration timeout) {
        return delegate.awaitSync(result, timeout);
    }

    private <T> T call(String what, Supplier<T> action) {
        Supplier<T> attempt = () -> {
            try {
                return breaker.executeSupplier(() -> limited(what, action));
            } catch (CallNotPermittedException e) {
                throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "provider '" + name + "' failed too often "
                        + "recently, so calls to it are paused for a while (circuit breaker open); the last errors are in the log");
            } catch (ProviderException e) {
                if (e.isTransient()) {
                    log.warn("provider {}: {} failed ({}), may retry", name, what, e.getMessage());
                }
                throw e;
            }
        };
        return Retry.decorateSupplier(retry, attempt).get();
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
