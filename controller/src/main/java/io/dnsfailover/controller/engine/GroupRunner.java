package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.Decider;
import io.dnsfailover.controller.decide.Decision;
import io.dnsfailover.controller.decide.DecisionInput;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.notify.Notifications;
import io.dnsfailover.controller.plan.Plan;
import io.dnsfailover.controller.plan.PlanPrinter;
import io.dnsfailover.controller.plan.Planner;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.StateStore;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Checker;
import io.dnsfailover.health.Health;
import io.dnsfailover.health.HealthTracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One group's tick: observe, decide, read, plan, guard, apply, verify, record and notify. */
public final class GroupRunner {

    private static final Logger log = LoggerFactory.getLogger(GroupRunner.class);

    /** What one tick did, for callers and tests. */
    public record Tick(Decision decision, Plan plan, List<Writer.Outcome> outcomes) {}

    private final GroupConfig g;
    private final Writer writer;
    private final StateStore store;
    private final Checker checker;
    private final Notifications notifications;
    private final Clock clock;
    private final Options options;
    private final List<HealthTracker> trackers = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Recorder recorder;
    private final Map<String, Instant> failingSince = new HashMap<>();
    private final Map<String, Boolean> failingNotified = new HashMap<>();

    private List<Planner.Current> reads;
    private Instant readAt;
    private String lastOutcome;
    private String lastPlanText;
    private boolean allDownNotified;

    GroupRunner(GroupConfig g, Writer writer, StateStore store, Checker checker, Notifications notifications, Clock clock, Options options) {
        this.g = g;
        this.writer = writer;
        this.store = store;
        this.checker = checker;
        this.notifications = notifications;
        this.clock = clock;
        this.options = options;
        this.recorder = new Recorder(store, clock, options.dryRun());
        g.targets().forEach(t -> trackers.add(new HealthTracker(g.check().thresholds())));
    }

    Tick runOnce() {
        lock.lock();
        try {
            return tick();
        } catch (RuntimeException e) {
            log.error("group {}: tick failed: {}", g.name(), e.toString(), e);
            journal(Event.Type.ERROR, Map.of("error", String.valueOf(e.getMessage())));
            return new Tick(null, null, List.of());
        } finally {
            lock.unlock();
        }
    }

    private Tick tick() {
        List<CheckResult> results = Observation.probeAll(checker, g);
        Instant now = clock.instant();
        boolean healthChanged = observe(results);
        List<TargetStatus> statuses = new ArrayList<>();
        for (int i = 0; i < trackers.size(); i++) {
            statuses.add(Observation.fromTracker(g, i, trackers.get(i)));
        }
        GroupState state = store.load().group(g.name()); // every tick: an operator may have pinned or unpinned
        if (reads == null || readAt.plus(options.readCacheFor()).isBefore(now) || writtenElsewhere(state)) {
            // at start (reconcile from the providers, never from memory), for drift, and after another
            // process (an operator's failover or failback) wrote what our cached read does not show
            refreshReads(now);
        }
        List<String> published = published(state);
        Decision decision = Decider.decide(new DecisionInput(g, statuses, published, state.override(), false, state.lastSwitch(), now));
        // a decision is news when what it publishes changes, or when health changed; its reason's counters
        // ("2 × refused", "UP for 3s") change every tick and are not worth a journal line or a disk write each
        String outcome = decision.targets() + " " + decision.change();
        boolean news = healthChanged || !outcome.equals(lastOutcome);
        if (news) {
            lastOutcome = outcome;
            log.info("group {}: {}{}", g.name(), decision.change() ? "decided to publish " + decision.targets() + ": " : "", decision.reason());
            journal(Event.Type.DECISION, Map.of("targets", decision.targets(), "values", decision.values(), "change", decision.change(),
                    "reason", decision.reason()));
            if (!options.dryRun()) {
                store.update(g.name(), s -> s.withHealth(Observation.healthOf(g, trackers)).withDecision(decision.reason(), now));
            }
        }
        notifyAllDown(statuses, decision, now);
        Plan plan = Planner.plan(g, decision, reads, state.lastWritten(), false);
        if (plan.hasChanges()) {
            refreshReads(now); // never write on a stale read
            plan = Planner.plan(g, decision, reads, state.lastWritten(), false);
        }
        trackProviderFailures(plan, now);
        if (!plan.hasChanges()) {
            return new Tick(decision, plan, List.of());
        }
        String text = PlanPrinter.text(plan);
        if (!text.equals(lastPlanText)) {
            lastPlanText = text;
            journal(Event.Type.PLAN, Map.of("plan", PlanPrinter.json(plan).toString(), "applicable", plan.applicable()));
        }
        if (!plan.refusals().isEmpty()) {
            refused(plan, now);
            return new Tick(decision, plan, List.of());
        }
        if (options.dryRun()) {
            log.warn("group {}: dry run, would apply:\n{}", g.name(), text.stripTrailing());
            return new Tick(decision, plan, List.of());
        }
        return new Tick(decision, plan, apply(plan, published, statuses, now));
    }

    private List<Writer.Outcome> apply(Plan plan, List<String> before, List<TargetStatus> statuses, Instant now) {
        Recorder.Applied applied = recorder.apply(writer, g, plan, before);
        applied.outcomes().stream().filter(o -> o.error() != null).forEach(o -> failingSince.putIfAbsent(o.provider(), now));
        if (!applied.changes().isEmpty()) {
            reads = null; // re-read next tick: a partial success shows there as a remaining change, and is retried
        }
        if (applied.switched()) {
            notifySwitch(before, plan, statuses, applied.changes(), now);
        }
        return applied.outcomes();
    }

    /** True when a target's health changed; each change is journalled. */
    private boolean observe(List<CheckResult> results) {
        boolean changed = false;
        for (int i = 0; i < results.size(); i++) {
            Optional<HealthTracker.Transition> t = trackers.get(i).record(results.get(i));
            if (t.isPresent()) {
                changed = true;
                String target = g.targets().get(i).name();
                log.info("group {}: {} {} -> {} ({})", g.name(), target, t.get().from(), t.get().to(), t.get().describe());
                journal(Event.Type.HEALTH, Map.of("target", target, "from", t.get().from().name(), "to", t.get().to().name(),
                        "consecutive", t.get().consecutive(), "since", String.valueOf(t.get().streakStart()), "reason", t.get().last().reason()));
            }
        }
        return changed;
    }

    private void refreshReads(Instant now) {
        reads = writer.readAll(g);
        readAt = now;
    }

    /** True when the state records a write by dnsfailover that the cached read does not show. */
    private boolean writtenElsewhere(GroupState state) {
        return !state.lastWritten().isEmpty() && !new java.util.HashSet<>(state.lastWritten()).equals(new java.util.HashSet<>(published(state)));
    }

    /** What is served now: the first readable provider's values; else what we last published. */
    private List<String> published(GroupState state) {
        for (Planner.Current c : reads) {
            if (c.error() == null) {
                return c.served().map(s -> s.values()).orElse(List.of());
            }
        }
        return state.published();
    }

    private void refused(Plan plan, Instant now) {
        for (Plan.Refusal r : plan.refusals()) {
            log.warn("group {}: refused: {}", g.name(), r.message());
        }
        if (!Objects.equals(lastPlanText, "refused:" + PlanPrinter.text(plan))) {
            lastPlanText = "refused:" + PlanPrinter.text(plan);
            journal(Event.Type.GUARD, Map.of("refusals", plan.refusals().stream().map(Plan.Refusal::message).toList()));
            notifications.publish(new Notification(Notification.Kind.GUARD_REFUSAL, g.name(), now, g.name() + ": a change was refused",
                    List.of(plan.decision().reason()), plan.refusals().stream().map(Plan.Refusal::message).toList()));
        }
    }

    private void notifySwitch(List<String> before, Plan plan, List<TargetStatus> statuses, List<String> changes, Instant now) {
        int from = indexOf(statuses, before);
        int to = indexOf(statuses, plan.desired().values());
        Notification.Kind kind = from >= 0 && to >= 0 && to < from ? Notification.Kind.FAILBACK : Notification.Kind.FAILOVER;
        List<String> evidence = new ArrayList<>();
        evidence.add(plan.decision().reason());
        statuses.stream().filter(t -> t.health() != Health.UP).forEach(t -> evidence.add(t.name() + " " + t.health() + ": " + t.evidence()));
        String summary = g.name() + ": " + (kind == Notification.Kind.FAILBACK ? "failed back to " : "moved to ")
                + String.join(", ", plan.decision().targets());
        notifications.publish(new Notification(kind, g.name(), now, summary, evidence, changes));
    }

    private void notifyAllDown(List<TargetStatus> statuses, Decision decision, Instant now) {
        boolean allDown = statuses.stream().allMatch(t -> t.health() == Health.DOWN);
        if (allDown && !allDownNotified) {
            allDownNotified = true;
            notifications.publish(new Notification(Notification.Kind.ALL_DOWN, g.name(), now, g.name() + ": every target is DOWN",
                    statuses.stream().map(t -> t.name() + ": " + t.evidence()).toList(), List.of(decision.reason())));
        } else if (!allDown) {
            allDownNotified = false;
        }
    }

    private void trackProviderFailures(Plan plan, Instant now) {
        for (String p : g.providers()) {
            Optional<Plan.Unreadable> u = plan.unreadable().stream().filter(x -> x.provider().equals(p)).findFirst();
            if (u.isEmpty()) {
                failingSince.remove(p);
                failingNotified.remove(p);
                continue;
            }
            Instant since = failingSince.computeIfAbsent(p, k -> now);
            if (Duration.between(since, now).compareTo(options.providerFailingAfter()) >= 0 && failingNotified.putIfAbsent(p, true) == null) {
                journal(Event.Type.ERROR, Map.of("provider", p, "error", u.get().reason(), "since", since.toString()));
                notifications.publish(new Notification(Notification.Kind.PROVIDER_FAILING, g.name(), now,
                        g.name() + ": provider " + p + " has been failing since " + since, List.of(u.get().reason()), List.of()));
            }
        }
    }

    private static int indexOf(List<TargetStatus> statuses, List<String> values) {
        for (int i = 0; i < statuses.size(); i++) {
            if (values.contains(statuses.get(i).value())) {
                return i;
            }
        }
        return -1;
    }

    private void journal(Event.Type type, Map<String, Object> data) {
        recorder.journal(g, type, data);
    }
}
