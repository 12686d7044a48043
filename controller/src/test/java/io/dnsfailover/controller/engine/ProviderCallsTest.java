package io.dnsfailover.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.provider.Providers;
import io.dnsfailover.controller.provider.Resilience;
import io.dnsfailover.controller.provider.ResilientProvider;
import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Provider calls on their own threads: a hung provider holds up nothing else, and a call still running is joined, not repeated. */
class ProviderCallsTest {

    /** A provider whose calls wait on a gate (when set), counting them. */
    static final class GatedDns implements DnsProvider {
        final Map<RecordKey, RecordSet> records = new ConcurrentHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        volatile CountDownLatch gate;

        @Override
        public Capabilities capabilities() {
            return new Capabilities(EnumSet.of(RecordType.A), 1, false, false);
        }

        @Override
        public Optional<RecordSet> read(RecordKey key) {
            reads.incrementAndGet();
            pass();
            return Optional.ofNullable(records.get(key));
        }

        @Override
        public ApplyResult apply(List<Change> changes) {
            writes.incrementAndGet();
            pass();
            changes.forEach(c -> records.put(c.key(), c.desired()));
            return ApplyResult.of(changes.size());
        }

        private void pass() {
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static final Resilience ONCE = new Resilience(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(20), 100, 50f, Duration.ofSeconds(1));

    final GatedDns hung = new GatedDns();
    final GatedDns healthy = new GatedDns();
    final GroupConfig g = TickWorld.failover("", "hung", "healthy").g;
    final RecordKey key = new RecordKey(g.record().zone(), g.record().name(), g.record().type());
    final ProviderCalls calls = new ProviderCalls(Providers.of(List.of(new ResilientProvider("hung", hung, ONCE),
            new ResilientProvider("healthy", healthy, ONCE))), Clock.systemUTC());

    @AfterEach
    void release() {
        if (hung.gate != null) {
            hung.gate.countDown();
        }
        calls.close();
    }

    @Test
    void aHungProviderDelaysNoOtherReadAndIsGivenAsPending() {
        hung.gate = new CountDownLatch(1);
        healthy.records.put(key, RecordSet.of(key, 60, TickWorld.P));
        Instant until = Instant.now().plusMillis(300);
        Map<String, ProviderRead> reads = calls.read(g, Set.of("hung", "healthy"), until, until.plusSeconds(1));
        assertThat(reads.get("healthy").ok()).isTrue();
        assertThat(reads.get("healthy").record()).contains(RecordSet.of(key, 60, TickWorld.P));
        assertThat(reads.get("hung").pending()).isTrue();
    }

    @Test
    void aReadStillRunningIsJoinedByTheNextTickNotRepeated() {
        hung.gate = new CountDownLatch(1);
        Instant soon = Instant.now().plusMillis(100);
        assertThat(calls.read(g, Set.of("hung"), soon, soon).get("hung").pending()).isTrue();
        assertThat(calls.read(g, Set.of("hung"), Instant.now().plusMillis(100), soon).get("hung").pending()).isTrue();
        assertThat(hung.reads).as("one read in flight, not two").hasValue(1);
        hung.gate.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.read(g, Set.of("hung"), Instant.now().plusSeconds(1), soon).get("hung").ok());
        assertThat(hung.reads).hasValue(1);
    }

    @Test
    void aWriteGoesOnInTheBackgroundAndIsTakenOnceWhenItEnds() {
        hung.gate = new CountDownLatch(1);
        RecordSet desired = RecordSet.of(key, 60, TickWorld.B);
        calls.write(g, new Effect.Write("hung", List.of(Change.create(desired)), desired, List.of(), "r", List.of(), false),
                Instant.now().plusSeconds(5));
        assertThat(calls.finished(g.name(), Instant.now().plusMillis(100))).isEmpty();
        assertThat(calls.busy(g.name())).containsExactly("hung");
        hung.gate.countDown();
        List<WriteOutcome> done = calls.finished(g.name(), Instant.now().plusSeconds(5));
        assertThat(done).singleElement().satisfies(o -> {
            assertThat(o.ok()).isTrue();
            assertThat(o.verified()).isTrue();
        });
        assertThat(calls.busy(g.name())).isEmpty();
        assertThat(calls.finished(g.name(), Instant.now())).as("given once").isEmpty();
    }
}
