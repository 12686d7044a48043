package io.dnsfailover.health;

import static io.dnsfailover.health.Probes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CheckerTest {

    private static final TcpCheckSpec LONG = new TcpCheckSpec(80, Duration.ofSeconds(30));
    private static final TcpCheckSpec SHORT = new TcpCheckSpec(80, Duration.ofMillis(200));

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    @AfterEach
    void releaseBlockedFakes() {
        release.countDown();
    }

    /** A fake probe that holds its slot until the test releases it, counting how many run at once. */
    private Check blocking(CheckSpec spec) {
        return target -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await();
                return CheckResult.up(Instant.now(), Duration.ZERO, "fake passed " + target.address());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CheckResult.unknown(Instant.now(), "fake interrupted");
            } finally {
                running.decrementAndGet();
            }
        };
    }

    private Checker withFakes(int maxConcurrency, Function<CheckSpec, Check> factory) {
        return Checker.builder().maxConcurrency(maxConcurrency).checkFactory(factory).build();
    }

    @Test
    void runsNoMoreProbesAtOnceThanMaxConcurrency() {
        try (Checker checker = withFakes(2, this::blocking)) {
            List<CompletableFuture<CheckResult>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                results.add(checker.probe(LONG, ProbeTarget.of("127.0.2." + i)));
            }

            await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 2);
            release.countDown();

            assertThat(results).allSatisfy(f -> assertThat(await(f).state()).isEqualTo(Health.UP));
            assertThat(mostAtOnce.get()).isEqualTo(2);
        }
    }

    @Test
    void answersEveryProbeOfManyHangingTargetsWithoutFailingAFuture() throws IOException {
        try (Checker checker = Checker.builder().maxConcurrency(2).build(); HangingServer hanging = new HangingServer(Loopback.v4())) {
            HttpCheckSpec spec = Probes.withTimeout(Probes.http(hanging.port(), "/healthz"), Duration.ofSeconds(1));
            List<CompletableFuture<CheckResult>> results = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                results.add(checker.probe(spec, ProbeTarget.of("127.0.0.1")));
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> results.stream().allMatch(CompletableFuture::isDone));

            assertThat(results).noneMatch(CompletableFuture::isCompletedExceptionally);
            assertThat(results).allSatisfy(f -> assertThat(f.join().state()).isIn(Health.DOWN, Health.UNKNOWN));
        }
    }

    @Test
    void aHangingTargetDoesNotDelayAFastOne() throws IOException {
        try (Checker checker = Checker.builder().maxConcurrency(2).build();
                HangingServer hanging = new HangingServer(Loopback.v4());
                ServerSocket fast = new ServerSocket(0, 10, Loopback.v4())) {
            HttpCheckSpec slowSpec = Probes.withTimeout(Probes.http(hanging.port(), "/healthz"), Duration.ofSeconds(10));

            CompletableFuture<CheckResult> slow = checker.probe(slowSpec, ProbeTarget.of("127.0.0.1"));
            CompletableFuture<CheckResult> quick = checker.probe(new TcpCheckSpec(fast.getLocalPort(), Duration.ofSeconds(10)), ProbeTarget.of("127.0.0.1"));

            assertThat(Probes.awaitWithin(quick, Duration.ofSeconds(5)).state()).isEqualTo(Health.UP);
            assertThat(slow).isNotDone();
        }
    }

    @Test
    void answersUnknownWhenAProbeOverrunsItsTimeout() {
        try (Checker checker = withFakes(4, this::blocking)) {
            CompletableFuture<CheckResult> result = checker.probe(SHORT, ProbeTarget.of("127.0.2.1"));

            CheckResult answer = Probes.awaitWithin(result, SHORT.timeout().plus(Checker.GRACE).plusSeconds(2));
            assertThat(answer.state()).isEqualTo(Health.UNKNOWN);
            assertThat(answer.reason()).isEqualTo("check did not finish within 1200 ms");
        }
    }

    @Test
    void saysWhenAProbeNeverGotASlot() {
        try (Checker checker = withFakes(1, this::blocking)) {
            checker.probe(LONG, ProbeTarget.of("127.0.2.1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 1);

            CheckResult queued = Probes.awaitWithin(checker.probe(SHORT, ProbeTarget.of("127.0.2.2")), Duration.ofSeconds(5));

            assertThat(queued.state()).isEqualTo(Health.UNKNOWN);
            assertThat(queued.reason()).isEqualTo("check did not finish within 1200 ms (it waited for a free slot: all 1 were busy)");
        }
    }

    @Test
    void aCheckThatThrowsAnswersUnknown() {
        try (Checker checker = withFakes(1, spec -> target -> {
            throw new IllegalStateException("defect in a check");
        })) {
            CheckResult result = await(checker.probe(LONG, ProbeTarget.of("127.0.2.1")));

            assertThat(result.state()).isEqualTo(Health.UNKNOWN);
            assertThat(result.reason()).contains("defect in a check");
        }
    }

    @Test
    void stampsResultsWithTheInjectedClock() throws IOException {
        Instant fixed = Instant.parse("2026-11-21T12:00:00Z");
        try (Checker checker = Checker.builder().clock(Clock.fixed(fixed, ZoneOffset.UTC)).build();
                ServerSocket listener = new ServerSocket(0, 10, Loopback.v4())) {
            CheckResult result = await(checker.probe(new TcpCheckSpec(listener.getLocalPort(), Duration.ofSeconds(3)), ProbeTarget.of("127.0.0.1")));

            assertThat(result.startedAt()).isEqualTo(fixed);
        }
    }

    @Test
    void runsProbesOnNamedDaemonThreads() {
        List<Thread> seen = new ArrayList<>();
        try (Checker checker = withFakes(1, spec -> target -> {
            seen.add(Thread.currentThread());
            return CheckResult.up(Instant.now(), Duration.ZERO, "fake");
        })) {
            await(checker.probe(LONG, ProbeTarget.of("127.0.2.1")));
        }

        assertThat(seen).singleElement().satisfies(thread -> {
            assertThat(thread.getName()).matches("dnsfailover-check-\\d+");
            assertThat(thread.isDaemon()).isTrue();
        });
    }

    @Test
    void closeStopsItsThreadsAndAnswersPendingProbes() {
        Set<Thread> before = checkThreads();
        Checker checker = withFakes(2, this::blocking);
        CompletableFuture<CheckResult> runningProbe = checker.probe(LONG, ProbeTarget.of("127.0.2.1"));
        CompletableFuture<CheckResult> queuedProbe = checker.probe(LONG, ProbeTarget.of("127.0.2.2"));
        CompletableFuture<CheckResult> thirdProbe = checker.probe(LONG, ProbeTarget.of("127.0.2.3"));
        await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 2);
        Set<Thread> ours = checkThreads();
        ours.removeAll(before);
        assertThat(ours).isNotEmpty();

        checker.close();

        assertThat(List.of(runningProbe, queuedProbe, thirdProbe)).allSatisfy(f -> {
            assertThat(f).isDone();
            assertThat(f.join().state()).isEqualTo(Health.UNKNOWN);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> ours.stream().noneMatch(Thread::isAlive));
    }

    @Test
    void aProbeAfterCloseAnswersUnknownAtOnce() {
        Checker checker = Checker.builder().build();
        checker.close();

        CompletableFuture<CheckResult> result = checker.probe(LONG, ProbeTarget.of("127.0.0.1"));

        assertThat(result).isDone();
        assertThat(result.join().state()).isEqualTo(Health.UNKNOWN);
        assertThat(result.join().reason()).contains("closed");
    }

    @Test
    void reusesOneCheckPerSpec() {
        AtomicInteger created = new AtomicInteger();
        try (Checker checker = withFakes(2, spec -> {
            created.incrementAndGet();
            return target -> CheckResult.up(Instant.now(), Duration.ZERO, "fake");
        })) {
            await(checker.probe(new TcpCheckSpec(80, Duration.ofSeconds(1)), ProbeTarget.of("127.0.2.1")));
            await(checker.probe(new TcpCheckSpec(80, Duration.ofSeconds(1)), ProbeTarget.of("127.0.2.2")));
            await(checker.probe(new TcpCheckSpec(81, Duration.ofSeconds(1)), ProbeTarget.of("127.0.2.2")));
        }

        assertThat(created.get()).isEqualTo(2);
    }

    private static Set<Thread> checkThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("dnsfailover-check-"))
                .collect(Collectors.toSet());
    }
}
