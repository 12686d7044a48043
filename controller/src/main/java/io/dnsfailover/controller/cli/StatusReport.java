package io.dnsfailover.controller.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.State;
import io.dnsfailover.providers.RecordSet;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Prints {@code status} as a table or as JSON. */
final class StatusReport {

    static final int MAX_RECOMMENDED_TTL = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What one provider serves for one group.
     *
     * @param values normalised values, empty when there is no record or the read failed
     * @param ttl {@code null} when there is no record
     * @param target the configured target(s) the values are, {@code foreign} when any value is none of them,
     *     {@code null} when there is no record
     * @param error why the provider could not be read, or {@code null}
     */
    record Row(String group, String provider, List<String> values, Integer ttl, String target, String error) {

        static Row served(GroupConfig g, String provider, RecordSet live) {
            if (live == null) {
                return new Row(g.name(), provider, List.of(), null, null, null);
            }
            return new Row(g.name(), provider, live.values(), live.ttl(), targetOf(g, live), null);
        }

        static Row failed(GroupConfig g, String provider, String error) {
            return new Row(g.name(), provider, List.of(), null, null, error);
        }

        String warning() {
            return ttl != null && ttl > MAX_RECOMMENDED_TTL ? "TTL " + ttl + " s is above " + MAX_RECOMMENDED_TTL
                    + " s: resolvers keep the old answer that long after a failover" : null;
        }
    }

    private StatusReport() {}

    /** The names of the targets the values are, comma-separated, or {@code foreign}. */
    static String targetOf(GroupConfig g, RecordSet live) {
        List<String> names = new ArrayList<>();
        for (String value : live.values()) {
            String name = g.targets().stream()
                    .filter(t -> RecordSet.normaliseValue(g.record().type(), t.address()).equals(value))
                    .map(GroupConfig.TargetConfig::name).findFirst().orElse(null);
            if (name == null) {
                return "foreign";
            }
            names.add(name);
        }
        return String.join(",", names);
    }

    static String text(List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"GROUP", "PROVIDER", "TTL", "VALUES", "TARGET", "NOTE"});
        for (Row r : rows) {
            String note = r.error() != null ? "ERROR: " + r.error() : r.ttl() == null ? "no record" : r.warning() != null ? "WARNING: " + r.warning() : "";
            cells.add(new String[] {r.group(), r.provider(), r.ttl() == null ? "-" : String.valueOf(r.ttl()),
                r.values().isEmpty() ? "-" : String.join(",", r.values()), r.target() == null ? "-" : r.target(), note});
        }
        int[] width = new int[6];
        cells.forEach(row -> {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        });
        StringBuilder b = new StringBuilder();
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                b.append(row[i]);
                if (i < row.length - 1) {
                    b.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            b.setLength(b.toString().stripTrailing().length());
            b.append('\n');
        }
        return b.toString();
    }

    /** Per group: the operator's pin, the last switch and the last decision, from the state directory. */
    static String text(List<GroupConfig> groups, State state) {
        StringBuilder b = new StringBuilder();
        for (GroupConfig g : groups) {
            GroupState st = state.group(g.name());
            b.append('\n').append(g.name()).append(": ")
                    .append(st.override() == null ? "not pinned" : "PINNED to " + st.override() + " since " + st.overrideAt()
                            + " (dnsfailover failback " + g.name() + " releases it)")
                    .append("; last switch ").append(st.lastSwitch() == null ? "never" : st.lastSwitch().toString()).append('\n');
            if (st.lastDecision() != null) {
                b.append("  last decision (").append(st.lastDecisionAt()).append("): ").append(st.lastDecision()).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * {@code {"groups":[{"name":..,"providers":[{"name":..,"values":[..],"ttl":60,"target":"primary"}]}]}},
     * with {@code "warning"} for a TTL above 60 s and {@code "error"} for a provider that could not be read.
     */
    static String json(List<GroupConfig> groups, List<Row> rows, State state) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode gs = root.putArray("groups");
        for (GroupConfig g : groups) {
            ObjectNode gn = gs.addObject().put("name", g.name());
            ArrayNode ps = gn.putArray("providers");
            GroupState st = state.group(g.name());
            gn.put("pin", st.override());
            gn.put("lastSwitch", st.lastSwitch() == null ? null : st.lastSwitch().toString());
            gn.put("lastDecision", st.lastDecision());
            rows.stream().filter(r -> r.group().equals(g.name())).forEach(r -> {
                ObjectNode p = ps.addObject().put("name", r.provider());
                r.values().forEach(p.putArray("values")::add);
                if (r.ttl() == null) {
                    p.putNull("ttl");
                } else {
                    p.put("ttl", r.ttl());
                }
                p.put("target", r.target());
                if (r.warning() != null) {
                    p.put("warning", r.warning());
                }
                if (r.error() != null) {
                    p.put("error", r.error());
                }
            });
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
