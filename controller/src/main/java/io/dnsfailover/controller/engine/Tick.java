package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.Decider;
import io.dnsfailover.controller.decide.Decision;
import io.dnsfailover.controller.decide.DecisionInput;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.plan.Plan;
import io.dnsfailover.controller.plan.PlanPrinter;
import io.dnsfailover.controller.plan.Planner;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.health.Health;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One tick of one group as a pure function (DESIGN §3): {@code (memory, statuses, provider reads, state,
 * operator, now) -> (new memory, decision, plan, effects)}. No I/O, no clock: {@link EffectRunner} runs the
 * effects, for the daemon and the one-shot commands alike, and {@link Written} takes the writes' outcomes.
 *
 * <p>Reads: a good read is reused for {@code readCacheFor}; a failed read is never reused (the next tick
 * reads again); every provider is read when the state shows a write by another process or was lost; a provider about to
 * be written is read in the same tick first. A refused plan writes nothing, so it causes no extra read.
 */
public final class Tick {

    private Tick() {}

    public static TickResult decide(Memory m, TickInput in) {
        GroupConfig g = in.group();
        Instant now = in.now();
        List<Effect> fx = new ArrayList<>();
        List<Alarms.Condition> conditions = new ArrayList<>();
        Memory mem = m;

        GroupState state;
        boolean lost = false;
        if (in.state().present()) {
            state = in.state().state();
            mem = mem.withKnown(state);
        } else if (in.state().unusable() != null || mem.knownSaved()) {
            // it was there (or is there, broken) and is not now: never act as if there were no pin
            state = mem.known();
            String why = in.state().unusable() != null ? in.state().unusable()
                    : "the saved state of group " + g.name() + " vanished from the state store";
            fx.add(new Effect.Restore(state, why));
            conditions.add(Conditions.stateLost(g.name(), why, now));
            lost = true; // what was lost may hold a write another process made since: read every provider
        } else {
            state = GroupState.EMPTY;
        }

        for (ProviderRead r : in.reads().values()) {
            mem = mem.withProvider(r.provider(), mem.provider(r.provider()).after(r));
        }
        boolean writtenElsewhere = state.writtenAt() != null && !state.writtenAt().equals(mem.writeSeen());
        Set<String> wanted = new LinkedHashSet<>();
        for (String p : g.providers()) {
            if (!in.busy().contains(p) && !in.reads().containsKey(p)
                    && (writtenElsewhere || lost || mem.provider(p).needsRead(now, in.settings().readCacheFor()))) {
                wanted.add(p);
            }
        }
        if (!wanted.isEmpty()) {
            return TickResult.needs(m, wanted);
        }
        if (writtenElsewhere) {
            mem = mem.withWriteSeen(state.writtenAt());
        }

        if (!mem.reconciled()) {
            Memory seen = mem;
            if (g.providers().stream().anyMatch(p -> good(seen.provider(p), in, p))) {
                Reconcile.Step r = Reconcile.atStart(g, state, mem, now);
                state = r.state();
                fx.addAll(r.effects());
                mem = mem.withReconciled();
            }
        }

        List<String> published = published(g, mem, in, state);
        String override = in.operator() instanceof Operator.Pin pin ? pin.target()
                : in.operator() instanceof Operator.Failback ? null : state.override();
        Decision decision = Decider.decide(new DecisionInput(g, in.statuses(), published, override,
                in.operator() instanceof Operator.Failback, state.lastSwitch(), now));
        String outcome = decision.targets() + " " + decision.change();
        if (in.healthChanged() || !outcome.equals(mem.lastOutcome())) {
            // news: what it publishes changed, or health did; its reason's counters change every tick and are not news
            mem = mem.withLastOutcome(outcome);
            fx.add(new Effect.Journal(Event.Type.DECISION, with(command(in.operator()), "targets", decision.targets(), "values",
                    decision.values(), "change", decision.change(), "reason", decision.reason())));
            fx.add(new Effect.Log(false, "group " + g.name() + ": " + (decision.change() ? "decided to publish "
                    + decision.targets() + ": " : "") + decision.reason()));
            if (in.healthToSave() != null) {
                fx.add(new Effect.Save(new StateChange.Observed(in.healthToSave(), decision.reason(), now)));
            }
        }

        boolean force = in.operator() instanceof Operator.Pin pin && pin.force();
        Plan plan = Planner.plan(g, decision, currents(g, mem, in), state.lastWritten(), force, in.settings().owner());
        if (in.operator() instanceof Operator.Pin pin && !pin.force()) {
            TargetStatus t = in.statuses().stream().filter(s -> s.name().equals(pin.target())).findFirst().orElseThrow();
            if (t.health() != Health.UP) {
                plan = plan.refusedBy(new Plan.Refusal("", Plan.Rule.UNHEALTHY_TARGET, pin.target() + " is " + t.health() + " ("
                        + t.evidence() + "); dnsfailover never moves traffic to a target it has not just seen healthy", true));
            }
        }
        boolean allRead = plan.unreadable().isEmpty();
        boolean writes = plan.applicable() && (allRead || !in.operator().needsEveryProvider());
        Set<String> backingOff = new LinkedHashSet<>();
        for (String p : plan.changedProviders()) {
            if (!mem.provider(p).mayWrite(now)) {
                backingOff.add(p); // its last write failed for a reason retrying cannot mend; it is tried again later
            }
        }
        if (writes) {
            Set<String> stale = new LinkedHashSet<>();
            for (String p : plan.changedProviders()) {
                if (!backingOff.contains(p) && !(in.reads().containsKey(p) && in.reads().get(p).ok())) {
                    stale.add(p); // never write on a cached read
                }
            }
            if (!stale.isEmpty()) {
                return TickResult.needs(m, stale);
            }
        }

        String planKey = plan.hasChanges() ? planKey(plan) : null;
        if (planKey != null && !planKey.equals(mem.lastPlan())) {
            fx.add(new Effect.Journal(Event.Type.PLAN, with(command(in.operator()), "plan", PlanPrinter.json(plan).toString(),
                    "applicable", plan.applicable())));
        }
        mem = mem.withLastPlan(planKey);

        if (in.operator() instanceof Operator.Automatic) {
            for (Plan.Refusal r : plan.refusals()) {
                conditions.add(Conditions.refused(g, plan, r, now));
            }
            for (String p : g.providers()) {
                ProviderView v = mem.provider(p);
                if (v.failing()) {
                    conditions.add(Conditions.providerFailing(g, p, v, in.settings().providerFailingAfter()));
                }
            }
            if (Conditions.allDown(in.statuses())) {
                conditions.add(Conditions.allDown(g, in.statuses(), decision, now));
            }
            conditions.addAll(in.watched());
            Alarms.Step step = mem.alarms().update(conditions, g.name(), now, in.settings().remindEvery());
            mem = mem.withAlarms(step.next());
            fx.addAll(step.effects());
        }

        if (!(in.operator() instanceof Operator.Automatic) && !plan.refusals().isEmpty()) {
            // a refused command changes nothing, not even the journal: the operator reads the refusal on the terminal
            fx.removeIf(e -> e instanceof Effect.Journal || e instanceof Effect.Save);
        }
        String held = null;
        if (in.operator() instanceof Operator.Failback && state.override() != null) {
            fx.add(new Effect.Save(new StateChange.Pin(null, now)));
            fx.add(new Effect.Journal(Event.Type.OVERRIDE, Map.of("unpinned", state.override())));
        }
        if (in.operator() instanceof Operator.Pin pin && plan.refusals().isEmpty() && allRead) {
            fx.add(new Effect.Save(new StateChange.Pin(pin.target(), now)));
            fx.add(new Effect.Journal(Event.Type.OVERRIDE, Map.of("pinned", pin.target(), "force", pin.force(),
                    "reason", in.statuses().stream().filter(s -> s.name().equals(pin.target())).findFirst().orElseThrow().evidence())));
        }
        if (plan.applicable() && !writes) {
            held = "not written: some providers cannot be read, and an operator's move must leave them all equal ("
                    + String.join("; ", plan.unreadable().stream().map(u -> u.provider() + ": " + u.reason()).toList()) + ")";
        }
        List<Plan.ProviderChange> writable = plan.changes().stream().filter(pc -> !backingOff.contains(pc.provider())).toList();
        if (writes && !writable.isEmpty()) {
            fx.add(new Effect.Log(false, "group " + g.name() + ": applying\n" + PlanPrinter.text(plan).stripTrailing()));
            fx.add(new Effect.Save(new StateChange.Writing(plan.desired().values(), now)));
            int from = indexOf(in.statuses(), published);
            int to = indexOf(in.statuses(), plan.desired().values());
            boolean failback = from != Integer.MAX_VALUE && to < from;
            List<String> evidence = in.statuses().stream().filter(t -> t.health() != Health.UP)
                    .map(t -> t.name() + " " + t.health() + ": " + t.evidence()).toList();
            for (Plan.ProviderChange pc : writable) {
                fx.add(new Effect.Write(pc.provider(), pc.all(), pc.change().desired(), published, decision.reason(), evidence,
                        failback));
            }
        }
        return new TickResult(mem, decision, plan, fx, Set.of(), held);
    }

    /**
     * What is served now: the first provider with a good read that no write of ours is changing; else, while
     * reads fail, the newer of the last good read and the state's record of our last write.
     */
    static List<String> published(GroupConfig g, Memory mem, TickInput in, GroupState state) {
        ProviderRead newest = null;
        for (String p : g.providers()) {
            ProviderView v = mem.provider(p);
            if (good(v, in, p)) {
                return v.lastGood().record().map(r -> r.values()).orElse(List.of());
            }
            if (!in.busy().contains(p) && v.lastGood() != null && (newest == null || v.lastGood().at().isAfter(newest.at()))) {
                newest = v.lastGood();
            }
        }
        if (newest != null && (state.writtenAt() == null || newest.at().isAfter(state.writtenAt()))) {
            return newest.record().map(r -> r.values()).orElse(List.of());
        }
        return state.published();
    }

    private static boolean good(ProviderView v, TickInput in, String p) {
        return !in.busy().contains(p) && v.lastGood() != null && !v.readFailing() && !v.stale();
    }

    private static List<Planner.Current> currents(GroupConfig g, Memory mem, TickInput in) {
        List<Planner.Current> out = new ArrayList<>();
        for (String p : g.providers()) {
            if (in.busy().contains(p)) {
                continue; // a write of ours is under way there; its outcome comes first
            }
            ProviderView v = mem.provider(p);
            ProviderRead r = in.reads().get(p);
            var caps = in.settings().capabilities().get(p);
            if (r != null && r.pending()) {
                out.add(Planner.Current.failed(p, "no answer yet: a read has been in flight since " + r.at(), caps));
            } else if (v.readFailing()) {
                out.add(Planner.Current.failed(p, v.readFailure(), caps));
            } else {
                out.add(Planner.Current.served(p, v.lastGood().record(), v.lastGood().marker(), caps));
            }
        }
        return out;
    }

    /** What makes a plan the same plan for the journal: its changes and rails, not its reason's counters. */
    private static String planKey(Plan plan) {
        StringBuilder b = new StringBuilder();
        plan.changes().forEach(c -> b.append(c.provider()).append(' ').append(c.change()).append(' ').append(c.marker()).append('\n'));
        plan.refusals().forEach(r -> b.append("refused ").append(r.provider()).append(' ').append(r.message()).append('\n'));
        plan.unreadable().forEach(u -> b.append("unreadable ").append(u.provider()).append('\n'));
        return b.toString();
    }

    private static int indexOf(List<TargetStatus> statuses, List<String> values) {
        for (int i = 0; i < statuses.size(); i++) {
            if (values.contains(statuses.get(i).value())) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static Map<String, Object> command(Operator op) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (op instanceof Operator.Pin pin) {
            m.put("command", "failover --to " + pin.target() + (pin.force() ? " --force" : ""));
        } else if (op instanceof Operator.Failback) {
            m.put("command", "failback");
        }
        return m;
    }

    private static Map<String, Object> with(Map<String, Object> base, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Set<String> set(List<String> values) {
        return new HashSet<>(values);
    }
}
