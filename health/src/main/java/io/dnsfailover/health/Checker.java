package io.dnsfailover.health;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs probes concurrently, with a bound on how many run at once. A slow or hanging target holds one
 * slot for at most its timeout and never delays the others: the pool grows a thread whenever none is idle
 * (up to the bound, 4,096 by default), so a thousand hanging probes take a thousand parked threads, not the
 * turn of healthy ones, and threads idle for {@link #IDLE} end. Only past the bound do probes queue.
 *
 * <p>Each probe's result is due within its spec's timeout plus {@link #GRACE}, counted from the call to
 * {@link #probe}: a watchdog answers UNKNOWN for a probe that has not finished by then (including one that
 * waited for a free slot that long), so a caller scheduling rounds of checks can rely on the deadline.
 *
 * <p>With a {@linkplain Builder#sourceAddress source address}, every probe leaves from that local address, so
 * that several checkers on one machine are several vantage points; a probe that cannot leave from it answers
 * UNKNOWN, saying why.
 *
 * <p>Thread safe. Close it to stop its threads; probes still pending then answer UNKNOWN.
 */
public final class Checker implements AutoCloseable {

    /** Slack past a probe's own timeout before the watchdog gives up on it and answers UNKNOWN. */
    public static final Duration GRACE = Duration.ofMillis(1000);

    /** How long an idle probe thread waits for work before it ends. */
    static final Duration IDLE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(Checker.class);
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final int maxConcurrency;
    private final Clock clock;
    private final SourceAddress source;
    private final HttpClients httpClients;
    private final ThreadPoolExecutor workers;
    private final ScheduledThreadPoolExecutor watchdog;
    private final Function<CheckSpec, Check> checkFactory;
    private final Map<CheckSpec, Check> checks = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<CheckResult>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Checker(Builder builder) {
        this.maxConcurrency = builder.maxConcurrency;
        this.clock = builder.clock;
        this.source = SourceAddress.of(builder.sourceAddress);
        this.httpClients = new HttpClients(builder.trustManager, source);
        this.checkFactory = builder.checkFactory != null ? builder.checkFactory : this::newCheck;
        ThreadFactory probeThreads = runnable -> daemon(runnable, "dnsfailover-check-" + THREAD_NUMBER.incrementAndGet());
        this.workers = ProbePool.create(maxConcurrency, IDLE, probeThreads);
        this.watchdog = new ScheduledThreadPoolExecutor(1, runnable -> daemon(runnable, "dnsfailover-check-watchdog"));
        this.watchdog.setRemoveOnCancelPolicy(true);
    }

    /** A builder with the defaults: 4,096 probes at once, the JVM's trust store, the UTC system clock. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Why probes cannot leave from {@code sourceAddress} on this machine now, as a sentence for the operator,
     * or {@code null} when they can (or it is {@code null}: the OS chooses). For config validation; the
     * checker itself accepts an address that is not (yet) of this machine, and its probes answer UNKNOWN
     * with this sentence until it is.
     */
    public static String checkSourceAddress(InetAddress sourceAddress) {
        return SourceAddress.problem(sourceAddress);
    }

    /**
     * Probes the target once with the spec. The future never completes exceptionally: every failure is a
     * DOWN or UNKNOWN result with a reason, and it completes within the spec's timeout plus {@link #GRACE},
     * counted from this call. It is completed on one of the checker's threads, so dependent stages that may
     * block should use the {@code *Async} variants with the caller's own executor.
     */
    public CompletableFuture<CheckResult> probe(CheckSpec spec, ProbeTarget target) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(target, "target");
        CompletableFuture<CheckResult> result = new CompletableFuture<>();
        Instant requested = clock.instant();
        if (closed.get()) {
            result.complete(CheckResult.unknown(requested, "the checker is closed; the probe of " + target.address() + " did not run"));
            return result;
        }
        Check check = checks.computeIfAbsent(spec, checkFactory);
        AtomicBoolean started = new AtomicBoolean();
        pending.add(result);
        result.whenComplete((r, e) -> pending.remove(result));
        long deadlineMillis = spec.timeout().plus(GRACE).toMillis();
        try {
            ScheduledFuture<?> timer = watchdog.schedule(
                    () -> giveUp(result, requested, started.get(), deadlineMillis), deadlineMillis, TimeUnit.MILLISECONDS);
            result.whenComplete((r, e) -> timer.cancel(false));
            workers.execute(() -> run(check, target, result, started));
        } catch (RejectedExecutionException e) {
            // Only a concurrent close() rejects: there is no queue limit.
            result.complete(CheckResult.unknown(requested, "the checker is closed; the probe of " + target.address() + " did not run"));
        }
        return result;
    }

    private void run(Check check, ProbeTarget target, CompletableFuture<CheckResult> result, AtomicBoolean started) {
        if (result.isDone()) {
            // The watchdog already answered while this waited for a slot: running it now would only delay others.
            return;
        }
        started.set(true);
        CheckResult outcome;
        try {
            outcome = check.probe(target);
        } catch (Throwable e) {
            // The Check contract forbids throwing; if one does anyway, the target is not to blame.
            log.warn("a {} check of {} threw instead of answering", check.getClass().getSimpleName(), target.address(), e);
            outcome = CheckResult.unknown(clock.instant(), "the check failed inside the checker: " + Failures.describe(e));
        }
        if (result.complete(outcome)) {
            log.debug("probe of {}: {} {}", target.address(), outcome.state(), outcome.reason());
        }
    }

    private void giveUp(CompletableFuture<CheckResult> result, Instant requested, boolean started, long deadlineMillis) {
        String why = started ? "" : " (it waited for a free slot: all " + maxConcurrency + " were busy)";
        if (result.complete(CheckResult.unknown(requested, "check did not finish within " + deadlineMillis + " ms" + why))) {
            log.debug("watchdog gave up on a probe after {} ms{}", deadlineMillis, why);
        }
    }

    private Check newCheck(CheckSpec spec) {
        if (spec instanceof TcpCheckSpec tcp) {
            return new TcpCheck(tcp, source, clock);
        }
        if (spec instanceof HttpCheckSpec http) {
            return new HttpCheck(http, httpClients, source, clock);
        }
        return new DnsCheck((DnsCheckSpec) spec, source, clock);
    }

    /**
     * Stops the threads. Probes still queued or running answer UNKNOWN at once; HTTP calls in flight are
     * canceled, and other probes' threads end when their probe's own timeout does. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        workers.shutdownNow();
        watchdog.shutdownNow();
        httpClients.cancelAll();
        for (CompletableFuture<CheckResult> result : pending) {
            result.complete(CheckResult.unknown(clock.instant(), "the checker closed before the probe finished"));
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Builds a {@link Checker}. */
    public static final class Builder {
        private int maxConcurrency = 4096;
        private X509TrustManager trustManager;
        private Clock clock = Clock.systemUTC();
        private InetAddress sourceAddress;
        private Function<CheckSpec, Check> checkFactory;

        private Builder() {}

        /** Replaces the real probes, so tests can exercise scheduling with fakes that block or throw. */
        Builder checkFactory(Function<CheckSpec, Check> checkFactory) {
            this.checkFactory = checkFactory;
            return this;
        }

        /** At most this many probes run at once (default 4,096); the rest wait for a free slot. */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("maxConcurrency must be at least 1, but was " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** The certificates HTTPS checks trust (default, or {@code null}: the JVM's trust store). */
        public Builder trustManager(X509TrustManager trustManager) {
            this.trustManager = trustManager;
            return this;
        }

        /**
         * The local address every probe leaves from: tcp, http, https and dns (UDP and TCP) alike (default, or
         * {@code null}: the OS chooses per destination). It must be an address of this machine, of the
         * targets' family; a probe that cannot leave from it answers UNKNOWN, naming it. A target name with
         * addresses of both families is probed at one of the source's family.
         *
         * @throws IllegalArgumentException for the wildcard or a multicast address, which are never one
         *     address of this machine
         * @see Checker#checkSourceAddress(InetAddress)
         */
        public Builder sourceAddress(InetAddress sourceAddress) {
            String never = sourceAddress == null ? null : SourceAddress.kindProblem(sourceAddress);
            if (never != null) {
                throw new IllegalArgumentException(never);
            }
            this.sourceAddress = sourceAddress;
            return this;
        }

        /** The clock that stamps {@link CheckResult#startedAt()}; latencies use a monotonic timer regardless. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A new checker; it starts threads only when probes arrive. A source address that is not of this
         * machine is logged as a warning, not refused: an address may come up later (a floating IP).
         */
        public Checker build() {
            String problem = checkSourceAddress(sourceAddress);
            if (problem != null) {
                log.warn("{}; its probes answer UNKNOWN until the address is one of this machine", problem);
            }
            return new Checker(this);
        }
    }
}
