package io.dnsfailover.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Hanging probes take threads of their own, never the turn of healthy ones. */
class ProbePoolTest {

    static final TcpCheckSpec SPEC = new TcpCheckSpec(80, Duration.ofSeconds(30));

    @Test
    void aThousandHangingProbesDoNotDelayAHealthyOneWithTheDefaults() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger hanging = new AtomicInteger();
        Check check = target -> {
            if (target.address().startsWith("127.0.9.")) {
                return CheckResult.up(Instant.now(), Duration.ZERO, "healthy " + target.address());
            }
            hanging.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CheckResult.down(Instant.now(), Duration.ZERO, "hung " + target.address());
        };
        try (Checker checker = Checker.builder().checkFactory(spec -> check).build()) {
            List<CompletableFuture<CheckResult>> hung = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                hung.add(checker.probe(SPEC, ProbeTarget.of("127.1." + i / 250 + "." + i % 250)));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> hanging.get() == 1000);
            CheckResult healthy = checker.probe(SPEC, ProbeTarget.of("127.0.9.1")).join();
            assertThat(healthy.state()).isEqualTo(Health.UP);
            assertThat(hung).noneMatch(CompletableFuture::isDone);
            release.countDown();
            assertThat(hung).allSatisfy(f -> assertThat(f.join().state()).isEqualTo(Health.DOWN));
        }
    }

    @Test
    void tenThousandProbesFromManyThreadsAllEndWithinTheirDeadline() {
        Check check = target -> {
            if (target.address().endsWith("5")) {
                try {
                    Thread.sleep(300); // a slow target: it holds its thread, the others go on
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return CheckResult.up(Instant.now(), Duration.ZERO, "fake " + target.address());
        };
        TcpCheckSpec spec = new TcpCheckSpec(80, Duration.ofSeconds(2));
        try (Checker checker = Checker.builder().checkFactory(s -> check).build()) {
            List<CompletableFuture<CheckResult>> all = java.util.stream.IntStream.range(0, 10_000).parallel()
                    .mapToObj(i -> checker.probe(spec, ProbeTarget.of("127.2." + i / 250 + "." + (1 + i % 250)))).toList();
            assertThat(all).allSatisfy(f -> assertThat(f.get(10, TimeUnit.SECONDS).state()).isEqualTo(Health.UP));
        }
    }

    @Test
    void anIdleThreadIsReusedBeforeANewOneStartsAndIdleThreadsEnd() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ThreadPoolExecutor pool = ProbePool.create(100, Duration.ofMillis(200), r -> {
            made.incrementAndGet();
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < 50; i++) {
                CompletableFuture.runAsync(() -> {}, pool).get(5, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(5)).until(() -> pool.getActiveCount() == 0);
            }
            assertThat(made.get()).as("one probe at a time needs one thread").isLessThanOrEqualTo(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> pool.getPoolSize() == 0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pastItsBoundProbesWaitForAFreeThread() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ThreadPoolExecutor pool = ProbePool.create(2, Duration.ofSeconds(10), r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                all.add(CompletableFuture.runAsync(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, pool));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> pool.getActiveCount() == 2);
            assertThat(pool.getQueue()).hasSize(3);
            release.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(pool.getLargestPoolSize()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }
}
