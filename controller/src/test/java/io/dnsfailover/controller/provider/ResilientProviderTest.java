package io.dnsfailover.controller.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResilientProviderTest {

    static final RecordKey KEY = new RecordKey("hosting.com", "atlanta1.hosting.com", RecordType.A);
    static final RecordSet SET = RecordSet.of(KEY, 60, "192.0.2.1");
    /** Retries without real waiting, so the tests are quick; the waits themselves are tested on their own. */
    static final Resilience FAST = new Resilience(3, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), 100, 50f, Duration.ofMinutes(1));

    /** Answers reads from a script of outcomes: a RecordSet, or an exception to throw. */
    static final class ScriptedProvider implements DnsProvider {
        final Deque<Object> script = new ArrayDeque<>();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger applies = new AtomicInteger();
        CountDownLatch block;

        ScriptedProvider then(Object outcome) {
            script.add(outcome);
            return this;
        }

        @Override
        public Capabilities capabilities() {
            return new Capabilities(Set.of(RecordType.A), 1, false, false);
        }

        @Override
        public Optional<RecordSet> read(RecordKey key) {
            reads.incrementAndGet();
            if (block != null) {
                try {
                    block.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Object next = script.isEmpty() ? SET : script.poll();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return Optional.of((RecordSet) next);
        }

        @Override
        public ApplyResult apply(List<Change> changes) {
            applies.incrementAndGet();
            return ApplyResult.of(changes.size());
        }
    }

    @Test
    void retriesATransientFailureAndSucceeds() {
        ScriptedProvider fake = new ScriptedProvider()
                .then(new ProviderException(Kind.UNAVAILABLE, "503"))
                .then(new ProviderException(Kind.RATE_LIMITED, "429"))
                .then(SET);
        try (ResilientProvider p = new ResilientProvider("pdns", fake, FAST)) {
            assertThat(p.read(KEY)).contains(SET);
        }
        assertThat(fake.reads).hasValue(3);
    }

    @Test
    void neverRetriesBadCredentialsOrAConflict() {
        for (Kind kind : List.of(Kind.AUTH, Kind.NOT_FOUND, Kind.CONFLICT, Kind.INVALID)) {
            ScriptedProvider fake = new ScriptedProvider().then(new ProviderException(kind, "no: " + kind));
            try (ResilientProvider p = new ResilientProvider("pdns", fake, FAST)) {
                assertThatThrownBy(() -> p.read(KEY)).isInstanceOf(ProviderException.class).hasMessage("no: " + kind);
            }
            assertThat(fake.reads).as(kind.name()).hasValue(1);
        }
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastError() {
        ScriptedProvider fake = new ScriptedProvider();
        for (int i = 0; i < 5; i++) {
            fake.then(new ProviderException(Kind.UNAVAILABLE, "down " + i));
        }
        try (ResilientProvider p = new ResilientProvider("pdns", fake, FAST)) {
            assertThatThrownBy(() -> p.read(KEY)).hasMessage("down 2");
        }
        assertThat(fake.reads).hasValue(3);
    }

    @Test
    void waitsWhatTheProviderAsksCappedByMaxBackoff() {
        Resilience policy = new Resilience(4, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(5), 10, 50f, Duration.ofMinutes(1));
        ProviderException hinted = new ProviderException(Kind.RATE_LIMITED, "429", Duration.ofSeconds(7), null);
        assertThat(ResilientProvider.wait(policy, 1, hinted)).isEqualTo(7000);
        ProviderException greedy = new ProviderException(Kind.RATE_LIMITED, "429", Duration.ofMinutes(5), null);
        assertThat(ResilientProvider.wait(policy, 1, greedy)).isEqualTo(30_000);
    }

    @Test
    void backsOffExponentiallyWithJitter() {
        Resilience policy = new Resilience(6, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(5), 10, 50f, Duration.ofMinutes(1));
        ProviderException plain = new ProviderException(Kind.UNAVAILABLE, "503");
        for (int i = 0; i < 50; i++) {
            assertThat(ResilientProvider.wait(policy, 1, plain)).isBetween(250L, 750L);
            assertThat(ResilientProvider.wait(policy, 3, plain)).isBetween(1000L, 3000L);
            assertThat(ResilientProvider.wait(policy, 12, plain)).isLessThanOrEqualTo(30_000L);
        }
    }

    @Test
    void opensTheCircuitAfterRepeatedFailuresAndStopsCallingTheProvider() {
        Resilience policy = new Resilience(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), 4, 50f, Duration.ofMinutes(1));
        ScriptedProvider fake = new ScriptedProvider();
        for (int i = 0; i < 10; i++) {
            fake.then(new ProviderException(Kind.UNAVAILABLE, "down"));
        }
        try (ResilientProvider p = new ResilientProvider("pdns", fake, policy)) {
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> p.read(KEY)).hasMessage("down");
            }
            assertThat(p.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThatThrownBy(() -> p.read(KEY)).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.getMessage()).contains("provider 'pdns'", "circuit breaker open");
                assertThat(e.isTransient()).isTrue();
            });
        }
        assertThat(fake.reads).hasValue(4);
    }

    @Test
    void limitsTheTimeOfOneAttempt() {
        Resilience policy = new Resilience(1, Duration.ZERO, Duration.ZERO, Duration.ofMillis(200), 10, 50f, Duration.ofMinutes(1));
        ScriptedProvider fake = new ScriptedProvider();
        fake.block = new CountDownLatch(1);
        try (ResilientProvider p = new ResilientProvider("pdns", fake, policy)) {
            assertThatThrownBy(() -> p.read(KEY)).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                assertThat(e.getMessage()).contains("provider 'pdns' did not answer within 200 ms");
            });
        } finally {
            fake.block.countDown();
        }
    }

    @Test
    void retriesOnlyWhileTheNextAttemptCanStartBeforeTheDeadline() {
        Resilience slow = new Resilience(5, Duration.ofMillis(400), Duration.ofSeconds(2), Duration.ofSeconds(5), 100, 50f, Duration.ofSeconds(1));
        ScriptedProvider fake = new ScriptedProvider();
        for (int i = 0; i < 5; i++) {
            fake.then(new ProviderException(Kind.UNAVAILABLE, "503 #" + i));
        }
        try (ResilientProvider p = new ResilientProvider("pdns", fake, slow)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> p.read(KEY, java.time.Instant.now().plusMillis(100))).hasMessage("503 #0");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no backoff that ends past the deadline")
                    .isLessThan(Duration.ofMillis(400));
        }
        assertThat(fake.reads).as("the tick's budget had no room for a retry").hasValue(1);
    }

    @Test
    void aCallWhoseDeadlineHasPassedIsNeverSent() {
        ScriptedProvider fake = new ScriptedProvider();
        try (ResilientProvider p = new ResilientProvider("pdns", fake, FAST)) {
            assertThatThrownBy(() -> p.apply(List.of(), java.time.Instant.now().minusMillis(1)))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("to provider 'pdns' not sent: its deadline").contains("passed before it could start");
                    });
            assertThatThrownBy(() -> p.read(KEY, java.time.Instant.now().minusMillis(1))).hasMessageContaining("not sent");
        }
        assertThat(fake.reads).hasValue(0);
        assertThat(fake.applies).hasValue(0);
    }

    @Test
    void aRetryAfterHintHoldsBackEveryCallerUntilItsTime() {
        ScriptedProvider fake = new ScriptedProvider().then(new ProviderException(Kind.RATE_LIMITED, "429", Duration.ofSeconds(30), null));
        try (ResilientProvider p = new ResilientProvider("cf", fake, FAST_WITH_CAP)) {
            assertThatThrownBy(() -> p.read(KEY, java.time.Instant.now().plusMillis(50))).hasMessage("429");
            // a second caller (another group's tick) within the hint: nothing is sent
            assertThatThrownBy(() -> p.read(KEY, java.time.Instant.now().plusMillis(50))).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                assertThat(e.getMessage()).contains("provider 'cf' asked us to wait until", "(retry-after)", "not sent before then");
                assertThat(e.retryAfter()).isPresent();
            });
        }
        assertThat(fake.reads).hasValue(1);
    }

    @Test
    void aShortRetryAfterIsWaitedForWhenTheDeadlineAllows() {
        ScriptedProvider fake = new ScriptedProvider().then(new ProviderException(Kind.RATE_LIMITED, "429", Duration.ofMillis(150), null))
                .then(SET);
        try (ResilientProvider p = new ResilientProvider("cf", fake, FAST_WITH_CAP)) {
            assertThat(p.read(KEY, java.time.Instant.now().plusSeconds(5))).contains(SET);
        }
        assertThat(fake.reads).hasValue(2);
    }

    @Test
    void anOpenBreakerLetsATrialCallThroughAfterItsShortOpenInterval() {
        Resilience policy = new Resilience(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5), 2, 50f, Duration.ofSeconds(5))
                .openingAtMost(Duration.ofSeconds(1));
        assertThat(policy.breakerOpenFor()).as("four fifths of the interval").isEqualTo(Duration.ofMillis(800));
        ScriptedProvider fake = new ScriptedProvider().then(new ProviderException(Kind.UNAVAILABLE, "down"))
                .then(new ProviderException(Kind.UNAVAILABLE, "down"));
        try (ResilientProvider p = new ResilientProvider("pdns", fake, policy)) {
            assertThatThrownBy(() -> p.read(KEY)).hasMessage("down");
            assertThatThrownBy(() -> p.read(KEY)).hasMessage("down");
            assertThat(p.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThatThrownBy(() -> p.read(KEY)).hasMessageContaining("circuit breaker open");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        try {
                            return p.read(KEY).isPresent();
                        } catch (ProviderException e) {
                            return false;
                        }
                    });
            assertThat(p.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void theBreakerIsNeverOpenLessThanHalfASecond() {
        assertThat(Resilience.DEFAULT.openingAtMost(Duration.ofMillis(200)).breakerOpenFor()).isEqualTo(Duration.ofMillis(500));
        assertThat(Resilience.DEFAULT.openingAtMost(Duration.ofSeconds(2)).breakerOpenFor()).isEqualTo(Duration.ofMillis(1600));
        assertThat(Resilience.DEFAULT.openingAtMost(Duration.ofMinutes(5)).breakerOpenFor()).isEqualTo(Resilience.DEFAULT.breakerOpenFor());
    }

    /** No waiting between attempts, but a retry-after hint honoured up to 60 s. */
    static final Resilience FAST_WITH_CAP = new Resilience(3, Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(5), 100, 50f,
            Duration.ofMinutes(1));
}
