package io.dnsfailover.controller.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnsfailover.controller.cluster.ClusterView;
import io.dnsfailover.controller.state.DatabaseStateStore;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What {@code status} adds for a cluster: its nodes, alive or not, the quorum, and the blinded nodes. */
final class ClusterReport {

    private ClusterReport() {}

    /**
     * e.g. <pre>
     * cluster: quorum 2 of 3 nodes alive
     *   atlanta    seen 0.4 s ago (vm, pid 4242)
     *   singapore  seen 31.0 s ago (vm, pid 4250): not alive
     * blinded: singapore in www (sees every target DOWN while other nodes see them UP)
     * </pre>; nothing for a single node
     */
    static String text(ClusterView c) {
        if (c == null) {
            return "";
        }
        long alive = c.nodes().stream().filter(c::alive).count();
        StringBuilder out = new StringBuilder("cluster: quorum " + c.quorum() + " of " + alive + " node" + (alive == 1 ? "" : "s")
                + " alive\n");
        int width = c.nodes().stream().mapToInt(n -> n.name().length()).max().orElse(0);
        for (DatabaseStateStore.Node n : c.nodes()) {
            out.append("  ").append(String.format(Locale.ROOT, "%-" + width + "s", n.name()))
                    .append(String.format(Locale.ROOT, "  seen %.1f s ago (%s, pid %d)", n.ageMillis() / 1000.0, n.host(), n.pid()))
                    .append(c.alive(n) ? "" : ": not alive").append('\n');
        }
        for (Map.Entry<String, Set<String>> b : c.blinded().entrySet()) {
            out.append("blinded: ").append(String.join(", ", b.getValue())).append(" in ").append(b.getKey())
                    .append(" (sees every target DOWN while other nodes see them UP)\n");
        }
        return out.toString();
    }

    /** The status JSON with a {@code "cluster"} object: {@code quorum}, {@code nodes}, {@code blinded}. */
    static String withCluster(String statusJson, ClusterView c) {
        if (c == null) {
            return statusJson;
        }
        ObjectNode root;
        try {
            root = (ObjectNode) Json.MAPPER.readTree(statusJson);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("status wrote JSON it cannot read: " + e.getMessage(), e);
        }
        ObjectNode cn = root.putObject("cluster").put("quorum", c.quorum());
        ArrayNode nodes = cn.putArray("nodes");
        for (DatabaseStateStore.Node n : c.nodes()) {
            nodes.addObject().put("name", n.name()).put("host", n.host()).put("pid", n.pid())
                    .put("seenSecondsAgo", n.ageMillis() / 1000.0).put("alive", c.alive(n));
        }
        ObjectNode blinded = cn.putObject("blinded");
        c.blinded().forEach((g, ns) -> ns.forEach(blinded.putArray(g)::add));
        return root.toString();
    }
}
