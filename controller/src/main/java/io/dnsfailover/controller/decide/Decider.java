package io.dnsfailover.controller.decide;

import io.dnsfailover.controller.config.Durations;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.config.GroupConfig.Failback;
import io.dnsfailover.controller.config.GroupConfig.Mode;
import io.dnsfailover.health.Health;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The failover policy (DESIGN §4) as a pure function: the same input always gives the same decision.
 *
 * <ul>
 *   <li>Until every target has been checked once, nothing changes.
 *   <li>An operator's pin wins over everything.
 *   <li>{@code failover}: the published target is left only when it is DOWN (never for UNKNOWN), for the
 *       first UP target in order; a move back up the list (failback) needs the target UP for
 *       {@code failbackAfter} and {@code holdDown} since the last switch ({@code manual}: never
 *       automatically; {@code one-way}: never).
 *   <li>{@code all-healthy}: DOWN targets are removed; UP targets are added (a returning one after
 *       {@code failbackAfter}); UNKNOWN ones keep their place.
 *   <li>All DOWN: {@code whenAllDown: keep} leaves the record, or the named target is published.
 * </ul>
 */
public final class Decider {

    private Decider() {}

    public static Decision decide(DecisionInput in) {
        GroupConfig g = in.group();
        long unchecked = in.targets().stream().filter(t -> !t.checked()).count();
        if (unchecked > 0) {
            return keep(in, "waiting for the first round of checks (" + (in.targets().size() - unchecked) + " of "
                    + in.targets().size() + " targets checked); nothing changes before it completes");
        }
        if (in.override() != null) {
            Optional<TargetStatus> pinned = find(in, in.override());
            if (pinned.isPresent()) {
                return publish(in, List.of(pinned.get()), "pinned to " + pinned.get().name() + " by an operator ("
                        + pinned.get().name() + " " + pinned.get().evidence() + "); run failback to hand it back to automation");
            }
            // a pin to a target no longer in the config is ignored rather than obeyed blindly
        }
        return g.mode() == Mode.ALL_HEALTHY ? allHealthy(in) : failover(in);
    }

    private static Decision failover(DecisionInput in) {
        GroupConfig g = in.group();
        List<TargetStatus> ts = in.targets();
        int current = currentIndex(in);
        if (current < 0) {
            // nothing of ours is published: the record is missing, or holds a value that is no target
            Optional<TargetStatus> first = ts.stream().filter(TargetStatus::up).findFirst();
            String was = in.published().isEmpty() ? "nothing is published" : "the published " + in.published()
                    + " is none of the targets";
            return first.map(t -> publish(in, List.of(t), was + "; " + t.name() + " is the first target UP (" + t.evidence() + ")"))
                    .orElseGet(() -> allDown(in, was + "; no target is UP (" + summary(ts) + ")"));
        }
        TargetStatus cur = ts.get(current);
        if (cur.down()) {
            Optional<TargetStatus> next = replacementFor(in, current);
            String why = cur.name() + " DOWN: " + cur.evidence();
            return next.map(t -> publish(in, List.of(t), why + "; " + t.name() + " is UP (" + t.evidence() + ")"))
                    .orElseGet(() -> allDown(in, why + "; no other target is UP (" + summary(others(ts, current)) + ")"));
        }
        // the current target is UP or UNKNOWN: stay, unless failing back is due
        for (int i = 0; i < current; i++) {
            TargetStatus higher = ts.get(i);
            if (!higher.up()) {
                continue;
            }
            String blocked = failbackBlocked(in, higher);
            if (blocked == null) {
                return publish(in, List.of(higher), "failback to " + higher.name() + ": UP since " + at(higher.since())
                        + (in.operatorFailback() ? " (operator's failback)" : " (" + dur(g.failbackAfter()) + " or more)")
                        + "; " + cur.name() + " " + cur.health());
            }
            return keep(in, cur.name() + " " + cur.health() + "; " + higher.name() + " is UP, but " + blocked);
        }
        return keep(in, cur.name() + " " + cur.health() + " (" + cur.evidence() + ")");
    }

    /** The target to move to when {@code current} is DOWN. */
    private static Optional<TargetStatus> replacementFor(DecisionInput in, int current) {
        List<TargetStatus> ts = in.targets();
        Optional<TargetStatus> below = ts.subList(current + 1, ts.size()).stream().filter(TargetStatus::up).findFirst();
        Optional<TargetStatus> above = ts.subList(0, current).stream().filter(TargetStatus::up).findFirst();
        if (in.group().failback() == Failback.ONE_WAY) {
            return below;
        }
        // moving up is a failback: prefer a target that may be failed back to; any UP target beats a DOWN one
        Optional<TargetStatus> due = above.filter(t -> failbackBlocked(in, t) == null);
        return due.or(() -> below).or(() -> above);
    }

    /** Why failing back to {@code t} must wait, or {@code null} when it may happen now. */
    private static String failbackBlocked(DecisionInput in, TargetStatus t) {
        if (in.operatorFailback()) {
            return null;
        }
        GroupConfig g = in.group();
        if (g.failback() == Failback.MANUAL) {
            return "failback is manual: run 'dnsfailover failback " + g.name() + "'";
        }
        if (g.failback() == Failback.ONE_WAY) {
            return "failback is one-way: traffic only moves down the list";
        }
        Duration upFor = t.since() == null ? Duration.ZERO : Duration.between(t.since(), in.now());
        if (upFor.compareTo(g.failbackAfter()) < 0) {
            return "it must stay UP for " + dur(g.failbackAfter()) + " (UP for " + dur(upFor) + ", since "
                    + at(t.since()) + ")";
        }
        if (in.lastSwitch() != null && Duration.between(in.lastSwitch(), in.now()).compareTo(g.holdDown()) < 0) {
            return "the last switch was at " + at(in.lastSwitch()) + ", within the hold-down of " + dur(g.holdDown());
        }
        return null;
    }

    private static Decision allHealthy(DecisionInput in) {
        List<TargetStatus> keepOrAdd = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean anyPublishedUp = in.targets().stream().anyMatch(t -> t.up() && in.published().contains(t.value()));
        for (TargetStatus t : in.targets()) {
            boolean published = in.published().contains(t.value());
            if (t.down()) {
                if (published) {
                    notes.add("removing " + t.name() + ": DOWN, " + t.evidence());
                }
            } else if (published) {
                keepOrAdd.add(t); // UP, or UNKNOWN: never removed for lack of evidence
            } else if (t.up()) {
                String blocked = anyPublishedUp ? failbackBlocked(in, t) : null;
                if (blocked == null) {
                    keepOrAdd.add(t);
                    notes.add("adding " + t.name() + ": UP since " + at(t.since()));
                } else {
                    notes.add(t.name() + " is UP, but " + blocked);
                }
            }
        }
        if (keepOrAdd.stream().noneMatch(TargetStatus::up) && in.targets().stream().noneMatch(TargetStatus::up)) {
            return allDown(in, "no target is UP (" + summary(in.targets()) + ")");
        }
        if (keepOrAdd.isEmpty()) {
            return keep(in, String.join("; ", notes));
        }
        String reason = notes.isEmpty() ? "publishing every healthy target (" + names(keepOrAdd) + ")" : String.join("; ", notes);
        return publish(in, keepOrAdd, reason);
    }

    /** No target is UP: the named fallback is published only when every target is DOWN (UNKNOWN is no evidence). */
    private static Decision allDown(DecisionInput in, String why) {
        String fallback = in.group().whenAllDown();
        List<TargetStatus> notDown = in.targets().stream().filter(t -> !t.down()).toList();
        if (!"keep".equals(fallback) && !notDown.isEmpty()) {
            return keep(in, why + "; not every target is DOWN (" + notDown.stream().map(t -> t.name() + " " + t.health())
                    .collect(Collectors.joining(", ")) + "), so " + fallback + " (whenAllDown) is not published; keeping the record as it is");
        }
        if (!"keep".equals(fallback)) {
            Optional<TargetStatus> t = find(in, fallback);
            if (t.isPresent()) {
                return publish(in, List.of(t.get()), why + "; publishing " + fallback + " (whenAllDown), whatever its own check says");
            }
        }
        return keep(in, why + "; keeping the record as it is (whenAllDown: keep)");
    }

    private static Decision publish(DecisionInput in, List<TargetStatus> targets, String reason) {
        List<String> values = targets.stream().map(TargetStatus::value).distinct().sorted().toList();
        boolean change = !new HashSet<>(values).equals(new HashSet<>(in.published()));
        return new Decision(targets.stream().map(TargetStatus::name).toList(), values, change, reason);
    }

    private static Decision keep(DecisionInput in, String reason) {
        List<String> names = in.targets().stream().filter(t -> in.published().contains(t.value())).map(TargetStatus::name).toList();
        return new Decision(names, in.published(), false, reason);
    }

    /** The index of the published target (failover mode: one value), or -1. */
    private static int currentIndex(DecisionInput in) {
        if (in.published().size() != 1) {
            return -1;
        }
        for (int i = 0; i < in.targets().size(); i++) {
            if (in.targets().get(i).value().equals(in.published().get(0))) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<TargetStatus> find(DecisionInput in, String name) {
        return in.targets().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static List<TargetStatus> others(List<TargetStatus> ts, int except) {
        List<TargetStatus> out = new ArrayList<>(ts);
        out.remove(except);
        return out;
    }

    private static String summary(List<TargetStatus> ts) {
        return ts.isEmpty() ? "there is no other target" : ts.stream().map(t -> t.name() + " " + t.health()
                + (t.health() == Health.UP ? "" : ": " + t.evidence())).collect(Collectors.joining("; "));
    }

    private static String names(List<TargetStatus> ts) {
        return ts.stream().map(TargetStatus::name).collect(Collectors.joining(", "));
    }

    static String at(Instant t) {
        return t == null ? "start-up" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A duration for reasons, as the config writes it. */
    private static String dur(Duration d) {
        return Durations.format(d.truncatedTo(ChronoUnit.SECONDS));
    }
}
