package io.dnsfailover.controller.cluster;

import io.dnsfailover.controller.config.ClusterConfig;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.state.DatabaseStateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code status} says of a cluster: its nodes, which are alive, the quorum that makes, and the nodes blinded
 * in each group (every target DOWN from them while another node sees one UP), read from the database.
 *
 * @param blinded per group, the blinded nodes (groups with none are absent)
 */
public record ClusterView(List<DatabaseStateStore.Node> nodes, Duration aliveWindow, int quorum, Map<String, Set<String>> blinded) {

    /** Reads it for {@code groups}. */
    public static ClusterView read(DatabaseStateStore store, ClusterConfig cluster, List<GroupConfig> groups) {
        List<DatabaseStateStore.Node> nodes = store.nodes();
        Duration window = cluster.checkIn().multipliedBy(3);
        long alive = nodes.stream().filter(n -> n.ageMillis() < window.toMillis()).count();
        Map<String, Set<String>> blinded = new LinkedHashMap<>();
        for (GroupConfig g : groups) {
            Map<String, List<NodeView>> byTarget = new LinkedHashMap<>();
            store.allViews(g.name(), g.check().interval().multipliedBy(2).plus(cluster.checkIn())).forEach((target, views) -> {
                List<NodeView> vs = new ArrayList<>();
                views.forEach(v -> vs.add(new NodeView(v.node(), v.health(), v.since(), v.reason(), v.fresh())));
                byTarget.put(target, vs);
            });
            Set<String> b = Quorum.blinded(byTarget);
            if (!b.isEmpty()) {
                blinded.put(g.name(), b);
            }
        }
        return new ClusterView(nodes, window, cluster.quorumOf((int) Math.max(1, alive)), blinded);
    }

    public boolean alive(DatabaseStateStore.Node n) {
        return n.ageMillis() < aliveWindow.toMillis();
    }
}
