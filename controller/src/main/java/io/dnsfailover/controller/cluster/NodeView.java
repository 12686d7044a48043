package io.dnsfailover.controller.cluster;

import io.dnsfailover.health.Health;
import java.time.Instant;
import java.util.Objects;

/**
 * One node's view of one target, as it recorded it: its own thresholds applied.
 *
 * @param node the node's name
 * @param health that node's health of the target
 * @param since when that health began on that node ({@code null} while its initial UNKNOWN)
 * @param reason the reason of that node's latest probe ({@code null} before its first)
 * @param fresh true when that node's latest probe is younger than two of the target's intervals
 */
public record NodeView(String node, Health health, Instant since, String reason, boolean fresh) {

    public NodeView {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(health, "health");
    }
}
