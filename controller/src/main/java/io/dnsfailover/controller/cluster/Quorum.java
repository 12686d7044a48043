package io.dnsfailover.controller.cluster;

import io.dnsfailover.health.Health;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Several nodes' views of a target made one health (DESIGN §4 with a cluster): DOWN only when at least
 * {@code quorum} nodes with fresh observations see it DOWN, UP when at least {@code quorum} see it UP, otherwise
 * UNKNOWN, which never moves traffic. When both sides reach the quorum (a quorum below a majority), the larger
 * side wins and a tie is UNKNOWN. Pure: no I/O, no clock.
 */
public final class Quorum {

    private Quorum() {}

    /**
     * The agreed health of a target.
     *
     * @param health the agreed health
     * @param since when the quorum was reached: the latest of the earliest {@code quorum} nodes' own since
     *     ({@code null} when UNKNOWN or not known)
     * @param evidence e.g. {@code from atlanta, frankfurt (2 of 3): connection refused; UP from singapore}
     */
    public record Verdict(Health health, Instant since, String evidence) {}

    /**
     * @param views every alive node's view of the target (a node that has none yet is absent)
     * @param alive the names of the nodes seen alive (the denominator of the evidence)
     * @param quorum how many agreeing nodes it takes (at least 1)
     */
    public static Verdict of(Collection<NodeView> views, Collection<String> alive, int quorum) {
        if (quorum < 1) {
            throw new IllegalArgumentException("quorum must be at least 1, but was " + quorum);
        }
        List<NodeView> down = side(views, Health.DOWN);
        List<NodeView> up = side(views, Health.UP);
        int of = Math.max(alive.size(), (int) views.stream().map(NodeView::node).distinct().count());
        boolean downHolds = down.size() >= quorum && down.size() > (up.size() >= quorum ? up.size() : -1);
        boolean upHolds = up.size() >= quorum && up.size() > (down.size() >= quorum ? down.size() : -1);
        if (downHolds) {
            return new Verdict(Health.DOWN, reachedAt(down, quorum), evidence(down, of, views, alive, Health.DOWN));
        }
        if (upHolds) {
            return new Verdict(Health.UP, reachedAt(up, quorum), evidence(up, of, views, alive, Health.UP));
        }
        String need = "no quorum (" + quorum + " of " + of + " needed)";
        String rest = others(views, alive, null);
        return new Verdict(Health.UNKNOWN, null, rest.isEmpty() ? need : need + ": " + rest);
    }

    /**
     * The nodes blinded in a group: with a fresh view of every target, every one DOWN, while another node sees at
     * least one of them UP. Such a node's own network is the likelier fault than every target at once.
     *
     * @param byTarget per target of the group, every node's view
     */
    public static Set<String> blinded(Map<String, ? extends Collection<NodeView>> byTarget) {
        Set<String> nodes = new TreeSet<>();
        byTarget.values().forEach(vs -> vs.forEach(v -> nodes.add(v.node())));
        Set<String> out = new TreeSet<>();
        for (String node : nodes) {
            boolean allDown = !byTarget.isEmpty() && byTarget.values().stream()
                    .allMatch(vs -> vs.stream().anyMatch(v -> v.node().equals(node) && v.fresh() && v.health() == Health.DOWN));
            boolean othersSeeUp = byTarget.values().stream()
                    .anyMatch(vs -> vs.stream().anyMatch(v -> !v.node().equals(node) && v.fresh() && v.health() == Health.UP));
            if (allDown && othersSeeUp) {
                out.add(node);
            }
        }
        return out;
    }

    private static List<NodeView> side(Collection<NodeView> views, Health health) {
        return views.stream().filter(v -> v.fresh() && v.health() == health).sorted(Comparator.comparing(NodeView::node)).toList();
    }

    /** The quorum-th earliest since: until then fewer than quorum nodes agreed. */
    private static Instant reachedAt(List<NodeView> side, int quorum) {
        List<Instant> since = side.stream().map(NodeView::since).filter(Objects::nonNull).sorted().toList();
        return since.size() >= quorum ? since.get(quorum - 1) : null;
    }

    private static String evidence(List<NodeView> side, int of, Collection<NodeView> views, Collection<String> alive, Health h) {
        String reason = side.stream().map(NodeView::reason).filter(Objects::nonNull).findFirst().orElse(h.name());
        String head = "from " + names(side) + " (" + side.size() + " of " + of + "): " + reason;
        String rest = others(views, alive, h);
        return rest.isEmpty() ? head : head + "; " + rest;
    }

    /** The other sides, e.g. {@code UP from singapore; no fresh observation from frankfurt}. */
    private static String others(Collection<NodeView> views, Collection<String> alive, Health except) {
        List<String> parts = new ArrayList<>();
        for (Health h : List.of(Health.DOWN, Health.UP, Health.UNKNOWN)) {
            if (h == except) {
                continue;
            }
            List<NodeView> side = side(views, h);
            if (!side.isEmpty()) {
                String reason = h == Health.DOWN && except == null
                        ? side.stream().map(NodeView::reason).filter(Objects::nonNull).findFirst().map(r -> ": " + r).orElse("")
                        : "";
                parts.add(h.name() + " from " + names(side) + (except == null && h != Health.UNKNOWN
                        ? " (" + side.size() + ")" : "") + reason);
            }
        }
        Set<String> stale = new LinkedHashSet<>();
        views.stream().filter(v -> !v.fresh()).map(NodeView::node).sorted().forEach(stale::add);
        Set<String> seen = views.stream().map(NodeView::node).collect(Collectors.toSet());
        alive.stream().filter(n -> !seen.contains(n)).sorted().forEach(stale::add);
        if (!stale.isEmpty()) {
            parts.add("no fresh observation from " + String.join(", ", stale));
        }
        return String.join("; ", parts);
    }

    private static String names(List<NodeView> side) {
        return side.stream().map(NodeView::node).collect(Collectors.joining(", "));
    }
}
