package io.dnsfailover.controller.decide;

import io.dnsfailover.controller.config.GroupConfig;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a decision depends on; nothing else is consulted (no clock, no I/O).
 *
 * @param group the group's config (order of targets, mode, failback policy, all-down policy, timings)
 * @param targets every target's status, in the group's order
 * @param published the values served now (normalised); empty when nothing is published or not yet known
 * @param override the target an operator pinned the group to, or {@code null}
 * @param operatorFailback true for one decision taken on an operator's {@code failback}: consent to move
 *     back up the list at once, past {@code failbackAfter}, {@code failback: manual} and the hold-down
 * @param lastSwitch when the published value last changed, or {@code null}
 * @param now the time of the decision
 */
public record DecisionInput(
        GroupConfig group,
        List<TargetStatus> targets,
        List<String> published,
        String override,
        boolean operatorFailback,
        Instant lastSwitch,
        Instant now) {

    public DecisionInput {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(now, "now");
        targets = List.copyOf(targets);
        published = published == null ? List.of() : List.copyOf(published);
        if (targets.size() != group.targets().size()) {
            throw new IllegalArgumentException("a status for each of the " + group.targets().size() + " targets of "
                    + group.name() + " is needed, but " + targets.size() + " were given");
        }
    }
}
