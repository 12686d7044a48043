package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.state.TargetHealth;
import io.dnsfailover.health.HealthStreak;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a group's tick takes its targets' health from: this node's own probes (a single node), or the views of
 * every node of a cluster made one by a quorum ({@code io.dnsfailover.controller.cluster.ClusterHealth}).
 */
public interface HealthSource {

    /**
     * @param statuses what the decision sees of each target, in the group's order
     * @param toSave the health to save with a decision, by target name ({@code null}: this node's own)
     * @param changed true when a health changed since the group's previous tick
     * @param conditions lasting conditions found on the way (a blinded node), alarmed like the tick's own
     */
    record Seen(List<TargetStatus> statuses, Map<String, TargetHealth> toSave, boolean changed, List<Alarms.Condition> conditions) {

        public Seen {
            statuses = List.copyOf(statuses);
            conditions = List.copyOf(conditions);
        }
    }

    /**
     * The group's targets as the tick should see them now.
     *
     * @param local this node's own view of each target (thresholds applied), in the group's order
     * @param localChanged true when one of those changed since the group's previous tick
     */
    Seen see(GroupConfig g, List<HealthStreak> local, boolean localChanged, Instant now);

    /** This node's own probes, nothing else. */
    HealthSource LOCAL = (g, local, changed, now) -> new Seen(Observe.statuses(g, local, now), null, changed, List.of());
}
