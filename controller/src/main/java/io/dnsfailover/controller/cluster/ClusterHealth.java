package io.dnsfailover.controller.cluster;

import io.dnsfailover.controller.config.ClusterConfig;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.engine.Alarms;
import io.dnsfailover.controller.engine.Conditions;
import io.dnsfailover.controller.engine.HealthSource;
import io.dnsfailover.controller.engine.Observe;
import io.dnsfailover.controller.state.DatabaseStateStore;
import io.dnsfailover.controller.state.TargetHealth;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Health;
import io.dnsfailover.health.HealthStreak;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cluster's health of each target (issue "several checkers"): this node's own view, from its probes in memory,
 * and every other alive node's, from the database, made one by {@link Quorum}. A node is alive when it saved its
 * observations within {@link #aliveWindow}; the quorum defaults to a majority of the nodes alive. Another node's
 * view is fresh when its probe is younger than two intervals plus one save period (its views reach the database
 * once per save).
 */
public final class ClusterHealth implements HealthSource {

    private final DatabaseStateStore store;
    private final ClusterConfig cluster;
    private final Clock clock;
    private final Map<String, List<Health>> lastVerdicts = new ConcurrentHashMap<>();
    private volatile Alive alive = new Alive(Instant.MIN, List.of());

    private record Alive(Instant readAt, List<String> nodes) {}

    public ClusterHealth(DatabaseStateStore store, ClusterConfig cluster, Clock clock) {
        this.store = store;
        this.cluster = cluster;
        this.clock = clock;
    }

    /** How long a node that saved nothing still counts as alive: three check-ins. */
    public Duration aliveWindow() {
        return cluster.checkIn().multipliedBy(3);
    }

    /** How often each node saves its observations (and so says it is alive): every check-in. */
    public Duration saveEvery() {
        return cluster.checkIn();
    }

    @Override
    public Seen see(GroupConfig g, List<HealthStreak> local, boolean localChanged, Instant now) {
        List<TargetStatus> mine = Observe.statuses(g, local, now);
        Map<String, List<DatabaseStateStore.View>> others = store.views(g.name(), g.check().interval().multipliedBy(2).plus(saveEvery()));
        Set<String> nodes = new LinkedHashSet<>(aliveNodes());
        nodes.add(cluster.node());
        int quorum = cluster.quorumOf(nodes.size());
        Map<String, List<NodeView>> byTarget = new LinkedHashMap<>();
        List<TargetStatus> statuses = new ArrayList<>();
        Map<String, TargetHealth> toSave = new LinkedHashMap<>();
        List<Health> verdicts = new ArrayList<>();
        Instant staleBefore = now.minus(g.check().interval().multipliedBy(2));
        for (int i = 0; i < mine.size(); i++) {
            TargetStatus own = mine.get(i);
            CheckResult last = local.get(i).last();
            List<NodeView> views = new ArrayList<>();
            views.add(new NodeView(cluster.node(), own.health(), own.since(), last == null ? null : last.reason(),
                    last != null && !last.startedAt().isBefore(staleBefore)));
            for (DatabaseStateStore.View v : others.getOrDefault(own.name(), List.of())) {
                if (nodes.contains(v.node())) {
                    views.add(new NodeView(v.node(), v.health(), v.since(), v.reason(), v.fresh()));
                }
            }
            byTarget.put(own.name(), views);
            Quorum.Verdict verdict = Quorum.of(views, nodes, quorum);
            boolean checked = views.stream().anyMatch(v -> v.reason() != null);
            statuses.add(new TargetStatus(own.name(), own.value(), verdict.health(), verdict.since(), verdict.evidence(), checked));
            if (checked) {
                toSave.put(own.name(), new TargetHealth(verdict.health(), verdict.since(), now, verdict.evidence()));
            }
            verdicts.add(verdict.health());
        }
        List<Health> before = lastVerdicts.put(g.name(), verdicts);
        List<Alarms.Condition> conditions = new ArrayList<>();
        for (String node : Quorum.blinded(byTarget)) {
            List<String> evidence = new ArrayList<>();
            byTarget.forEach((target, views) -> evidence.add(target + ": " + views.stream().filter(v -> v.fresh())
                    .map(v -> v.health() + " from " + v.node()).reduce((a, b) -> a + ", " + b).orElse("no fresh view")));
            conditions.add(Conditions.blinded(g, node, evidence, now));
        }
        return new Seen(statuses, toSave, localChanged || !verdicts.equals(before), conditions);
    }

    /** The nodes alive, read at most once per second for all groups. */
    private List<String> aliveNodes() {
        Alive a = alive;
        Instant now = clock.instant();
        if (a.readAt().plusSeconds(1).isBefore(now)) {
            a = new Alive(now, store.aliveNodes(aliveWindow()));
            alive = a;
        }
        return a.nodes();
    }
}
