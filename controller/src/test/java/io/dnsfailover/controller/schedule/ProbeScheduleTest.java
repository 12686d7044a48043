package io.dnsfailover.controller.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.engine.Engine;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Health;
import io.dnsfailover.health.HealthStreak;
import io.dnsfailover.health.Thresholds;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeScheduleTest {

    @TempDir
    Path dir;

    final Clock clock = Clock.systemUTC();
    final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    final List<ProbeSchedule> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(ProbeSchedule::close);
        later.shutdownNow();
    }

    Config config(int groups, String check) {
        StringBuilder yaml = new StringBuilder("providers:\n  mem: { type: inmemory }\ngroups:\n");
        for (int g = 0; g < groups; g++) {
            yaml.append("  g").append(g).append(":\n")
                    .append("    record: { zone: sched.test, name: g").append(g).append(".sched.test, type: A, ttl: 60 }\n")
                    .append("    providers: [mem]\n    targets:\n");
            for (int t = 0; t < 4; t++) {
                yaml.append("      - { name: t").append(t).append(", address: 127.1.").append(g % 250).append('.').append(t + 1).append(" }\n");
            }
            yaml.append("    check: ").append(check).append('\n');
        }
        return new ConfigLoader(n -> null).parse("sched.yaml", yaml.toString(), dir);
    }

    @Test
    void phasesOfOneIntervalAreSpreadEvenlyAndStableFromRunToRun() {
        Config c = config(250, "{ type: http, interval: 10s, timeout: 2s }");
        List<ProbeSchedule.Slot> slots = ProbeSchedule.slots(c);
        assertThat(slots).hasSize(1000);
        int[] perSlice = new int[100]; // 100 ms slices of the 10 s interval
        long now = clock.millis();
        for (ProbeSchedule.Slot s : slots) {
            long first = s.onPhase(now);
            assertThat(first).isBetween(now, now + 10_000 - 1);
            perSlice[(int) (Math.floorMod(first, 10_000) / 100)]++;
        }
        double average = 1000 / 100.0;
        for (int n : perSlice) {
            assertThat(n).as("probes starting in one 100 ms slice").isLessThanOrEqualTo((int) (2 * average));
        }
        List<Long> again = ProbeSchedule.slots(config(250, "{ type: http, interval: 10s, timeout: 2s }")).stream().map(s -> s.phase).toList();
        assertThat(again).isEqualTo(slots.stream().map(s -> s.phase).toList());
    }

    @Test
    void groupTicksOfOneIntervalAreSpreadToo() {
        List<PhasedTick> ticks = PhasedTick.of(config(100, "{ type: http, interval: 10s, timeout: 2s }"));
        assertThat(ticks.stream().map(PhasedTick::phase).distinct()).hasSize(100);
        assertThat(ticks).allSatisfy(t -> assertThat(t.phase()).isBetween(0L, 9_999L));
    }

    /** Probes answer what {@code script} says for each probe of a target, by probe number; results come from another thread. */
    class Fake implements ProbeSchedule.Targets {
        final Map<String, List<Instant>> starts = new ConcurrentHashMap<>();
        final Map<String, HealthStreak> health = new ConcurrentHashMap<>();
        final Queue<String> transitions = new ConcurrentLinkedQueue<>();
        final BiFunction<String, Integer, CompletableFuture<CheckResult>> script;
        final Thresholds thresholds;
        final boolean fastProbing;

        Fake(Thresholds thresholds, boolean fastProbing, BiFunction<String, Integer, CompletableFuture<CheckResult>> script) {
            this.thresholds = thresholds;
            this.fastProbing = fastProbing;
            this.script = script;
        }

        @Override
        public CompletableFuture<CheckResult> probe(String group, int index) {
            String key = group + "/" + index;
            List<Instant> mine = starts.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
            mine.add(clock.instant());
            return script.apply(key, mine.size());
        }

        @Override
        public Engine.Observed observe(String group, int index, CheckResult result) {
            String key = group + "/" + index;
            HealthStreak.Step s = health.getOrDefault(key, HealthStreak.initial(thresholds)).next(result);
            health.put(key, s.next());
            s.transition().ifPresent(t -> transitions.add(key + " " + t.to()));
            return new Engine.Observed(s.transition().isPresent(), fastProbing && s.next().turning());
        }

        int probes(String key) {
            return starts.getOrDefault(key, List.of()).size();
        }
    }

    CompletableFuture<CheckResult> now(Health h) {
        return CompletableFuture.supplyAsync(() -> new CheckResult(h, h == Health.UNKNOWN ? null : Duration.ofMillis(1), "scripted " + h,
                clock.instant()));
    }

    ProbeSchedule start(Config c, Fake fake, Lateness lateness, List<String> decided) {
        ProbeSchedule s = ProbeSchedule.start(c, fake, decided::add, clock, lateness);
        started.add(s);
        return s;
    }

    @Test
    void aTurningTargetIsProbedEveryFastIntervalUntilItIsDownThenBackOnItsPhase() {
        // interval 4 s: at the interval, three failures would take 8 s; at fastInterval 100 ms, a fraction of a second
        Config c = config(1, "{ type: http, interval: 4s, fastInterval: 100ms, timeout: 1s, fall: 3, rise: 1 }");
        Fake fake = new Fake(new Thresholds(3, 1), true, (key, n) -> now(key.equals("g0/0") && n > 1 ? Health.DOWN : Health.UP));
        List<String> decided = new CopyOnWriteArrayList<>();
        ProbeSchedule s = start(c, fake, new Lateness(clock.instant()), decided);

        await().atMost(Duration.ofSeconds(16)).until(() -> fake.transitions.contains("g0/0 DOWN"));
        List<Instant> starts = fake.starts.get("g0/0");
        assertThat(starts).as("UP once, then three failures").hasSize(4);
        for (int i = 2; i < 4; i++) {
            assertThat(Duration.between(starts.get(i - 1), starts.get(i))).as("gap before probe " + i)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(100)).isLessThan(Duration.ofSeconds(2));
        }
        assertThat(decided).as("a change of health asks its group to decide at once").contains("g0");
        ProbeSchedule.Slot slot = s.slots().stream().filter(x -> x.group.equals("g0") && x.index == 0).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> slot.due > starts.get(3).toEpochMilli());
        assertThat(Math.floorMod(slot.due - slot.phase, slot.interval)).as("steady DOWN: back on its phase").isZero();
        assertThat(slot.due - starts.get(3).toEpochMilli()).isGreaterThan(100);
    }

    @Test
    void aBrokenStreakReturnsTheTargetToItsInterval() {
        Config c = config(1, "{ type: http, interval: 4s, fastInterval: 100ms, timeout: 1s, fall: 3, rise: 1 }");
        // UP, one failure (fast probing begins), UP again: the streak broke before fall
        Fake fake = new Fake(new Thresholds(3, 1), true, (key, n) -> now(key.equals("g0/0") && n == 2 ? Health.DOWN : Health.UP));
        ProbeSchedule s = start(c, fake, new Lateness(clock.instant()), new CopyOnWriteArrayList<>());
        await().atMost(Duration.ofSeconds(15)).until(() -> fake.probes("g0/0") >= 3);
        List<Instant> starts = fake.starts.get("g0/0");
        assertThat(Duration.between(starts.get(1), starts.get(2))).as("the probe after the failure came at fastInterval")
                .isLessThan(Duration.ofSeconds(2));
        ProbeSchedule.Slot slot = s.slots().stream().filter(x -> x.group.equals("g0") && x.index == 0).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> slot.due > starts.get(2).toEpochMilli());
        assertThat(Math.floorMod(slot.due - slot.phase, slot.interval)).as("back on its phase").isZero();
        assertThat(fake.transitions).as("only each target's first UP").allSatisfy(t -> assertThat(t).endsWith(" UP")).hasSize(4);
    }

    @Test
    void aHangingTargetDelaysNoOtherTargetAndItsResultComesAtItsDeadline() {
        Config c = config(2, "{ type: http, interval: 1s, timeout: 500ms, fall: 2, rise: 1 }");
        // g0/0 hangs: its probe answers DOWN only at its deadline (timeout plus the checker's grace), every time
        Fake fake = new Fake(new Thresholds(2, 1), false, (key, n) -> {
            if (!key.equals("g0/0")) {
                return now(Health.UP);
            }
            CompletableFuture<CheckResult> f = new CompletableFuture<>();
            Instant start = clock.instant();
            later.schedule(() -> f.complete(CheckResult.down(start, Duration.ofMillis(1500), "no answer")), 1500, TimeUnit.MILLISECONDS);
            return f;
        });
        Lateness lateness = new Lateness(clock.instant());
        start(c, fake, lateness, new CopyOnWriteArrayList<>());
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.transitions.contains("g0/0 DOWN"));
        for (String key : List.of("g0/1", "g0/2", "g0/3", "g1/0", "g1/1", "g1/2", "g1/3")) {
            assertThat(fake.probes(key)).as(key + " probed on every interval meanwhile").isGreaterThanOrEqualTo(3);
        }
        assertThat(fake.probes("g0/0")).as("never two probes of one target at once").isLessThanOrEqualTo(3);
    }

    @Test
    void aProbeThatEndsAfterItsNextSlotCountsTheSkippedSlotAndALateEventFollows() {
        Config c = config(1, "{ type: http, interval: 1s, timeout: 500ms, fall: 3, rise: 1 }");
        // the first probe of g0/0 takes 2.5 intervals (a checker starved of threads would): its next slots pass unprobed
        Fake fake = new Fake(new Thresholds(3, 1), false, (key, n) -> {
            if (!key.equals("g0/0") || n > 1) {
                return now(Health.UP);
            }
            CompletableFuture<CheckResult> f = new CompletableFuture<>();
            Instant start = clock.instant();
            later.schedule(() -> f.complete(CheckResult.up(start, Duration.ofMillis(2500), "slow")), 2500, TimeUnit.MILLISECONDS);
            return f;
        });
        Lateness lateness = new Lateness(clock.instant());
        start(c, fake, lateness, new CopyOnWriteArrayList<>());
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.probes("g0/0") >= 2);
        Lateness.Window w = lateness.take(clock.instant());
        assertThat(w.skippedProbes()).as("slots that passed while the first probe ran").isGreaterThanOrEqualTo(1);
        assertThat(w.groups()).containsExactly("g0");
        List<io.dnsfailover.controller.engine.Effect> fx = new LateReport().step(w);
        assertThat(fx).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(io.dnsfailover.controller.engine.Effect.Journal.class,
                j -> assertThat(j.type()).isEqualTo(io.dnsfailover.controller.state.Event.Type.LATE)));
    }

    @Test
    void aTargetWhoseResultCannotBeTakenIsStillProbedAgain() {
        Config c = config(1, "{ type: http, interval: 1s, timeout: 500ms }");
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        Fake fake = new Fake(new Thresholds(3, 2), false, (key, n) -> now(Health.UP)) {
            @Override
            public Engine.Observed observe(String group, int index, CheckResult result) {
                if (index == 0 && failures.getAndIncrement() == 0) {
                    throw new IllegalStateException("the engine refused this one");
                }
                return super.observe(group, index, result);
            }
        };
        start(c, fake, new Lateness(clock.instant()), new CopyOnWriteArrayList<>());
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.probes("g0/0") >= 3);
        assertThat(failures.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void everyTargetIsProbedWithinItsFirstInterval() {
        Config c = config(25, "{ type: http, interval: 1s, timeout: 500ms }");
        Fake fake = new Fake(new Thresholds(3, 2), false, (key, n) -> now(Health.UP));
        start(c, fake, new Lateness(clock.instant()), new CopyOnWriteArrayList<>());
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.starts.size() == 100);
        List<Instant> firsts = new ArrayList<>(fake.starts.values().stream().map(l -> l.get(0)).toList());
        Collections.sort(firsts);
        assertThat(Duration.between(firsts.get(0), firsts.get(99))).as("the first round spreads over one interval, not all at once")
                .isGreaterThan(Duration.ofMillis(500));
    }
}
