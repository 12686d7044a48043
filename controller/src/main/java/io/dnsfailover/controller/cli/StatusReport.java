package io.dnsfailover.controller.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnsfailover.controller.config.Durations;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.Observations;
import io.dnsfailover.controller.state.State;
import io.dnsfailover.controller.state.StateStore;
import io.dnsfailover.health.Health;
import io.dnsfailover.providers.RecordSet;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Prints {@code status} as a table or as JSON. */
final class StatusReport {

    static final int MAX_RECOMMENDED_TTL = 60;

    /**
     * What one provider serves for one group.
     *
     * @param values normalised values, empty when there is no record or the read failed
     * @param ttl the TTL the provider serves the record with, {@code null} when there is no record
     * @param target the configured target(s) the values are, {@code foreign} when any value is none of them,
     *     {@code null} when there is no record
     * @param error why the provider could not be read, or {@code null}
     * @param proxied true when the provider serves the record through its proxy (its TTL is then the provider's)
     */
    record Row(String group, String provider, List<String> values, Integer ttl, String target, String error, boolean proxied) {

        static Row served(GroupConfig g, String provider, RecordSet live) {
            if (live == null) {
                return new Row(g.name(), provider, List.of(), null, null, null, false);
            }
            return new Row(g.name(), provider, live.values(), live.ttl(), targetOf(g, live), null, live.proxied());
        }

        static Row failed(GroupConfig g, String provider, String error) {
            return new Row(g.name(), provider, List.of(), null, null, error, false);
        }

        /** A proxied record's TTL keeps no old answer of ours in caches: clients are given the proxy's addresses. */
        String warning() {
            return !proxied && ttl != null && ttl > MAX_RECOMMENDED_TTL ? "TTL " + ttl + " s is above " + MAX_RECOMMENDED_TTL
                    + " s: resolvers keep the old answer that long after a failover" : null;
        }

        String note() {
            if (error != null) {
                return "ERROR: " + error;
            }
            if (ttl == null) {
                return "no record";
            }
            if (proxied) {
                return "proxied: clients resolve the provider's own addresses, not these; a failover changes the origin it"
                        + " forwards to, and the TTL is the provider's";
            }
            return warning() != null ? "WARNING: " + warning() : "";
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
            String note = r.note();
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
        StringBuilder line = new StringBuilder();
        for (String[] row : cells) {
            line.setLength(0);
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            // the line's trailing blanks go, not the whole table's copy per row (quadratic in the groups)
            int end = line.length();
            while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
                end--;
            }
            b.append(line, 0, end).append('\n');
        }
        return b.toString();
    }

    /**
     * Per group: the operator's pin, the last switch and the last decision, from the state directory; then each
     * target's health as the running daemon last saved it, with the age of its latest probe.
     */
    static String text(List<GroupConfig> groups, State state, StateStore.ObservationsRead seen, Instant now) {
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
            for (TargetRow t : targets(g, seen, now)) {
                b.append("  ").append(t.name()).append(": ").append(t.text()).append('\n');
            }
        }
        if (seen.observations() == null) {
            b.append("\ntarget health: none saved (").append(seen.absent()).append("); dnsfailover check probes them now\n");
        }
        return b.toString();
    }

    /**
     * One target as a running daemon last saw it.
     *
     * @param health {@code UNKNOWN} when its latest probe is older than two intervals
     * @param ageSeconds of its latest probe, or {@code null} when none
     */
    record TargetRow(String name, Health health, Observations.Target seen, Double ageSeconds, String text) {}

    /** Each target of the group as the daemon saw it; empty when no daemon saved its observations. */
    static List<TargetRow> targets(GroupConfig g, StateStore.ObservationsRead seen, Instant now) {
        if (seen.observations() == null) {
            return List.of();
        }
        List<TargetRow> out = new ArrayList<>();
        for (GroupConfig.TargetConfig t : g.targets()) {
            Observations.Target o = seen.observations().target(g.name(), t.name());
            if (o == null || o.lastProbe() == null) {
                out.add(new TargetRow(t.name(), Health.UNKNOWN, o, null, "UNKNOWN: the daemon has not probed it"
                        + (o == null ? " (it runs another config)" : " yet")));
                continue;
            }
            double age = Duration.between(o.lastProbe(), now).toMillis() / 1000.0;
            long tenths = Math.round(age * 10);
            String last = "last probe " + tenths / 10 + "." + Math.abs(tenths % 10) + " s ago: " + o.reason();
            String fast = o.fastSince() == null ? "" : "; probed every " + Durations.format(g.check().fastInterval()) + " since " + o.fastSince();
            if (!o.freshAt(now, g.check().interval().multipliedBy(2))) {
                out.add(new TargetRow(t.name(), Health.UNKNOWN, o, age, "UNKNOWN: " + last + " (more than two intervals: the daemon is not"
                        + " probing it; it last saw " + o.health() + ")"));
            } else {
                out.add(new TargetRow(t.name(), o.health(), o, age, o.health() + (o.since() == null ? "" : " since " + o.since()) + "; "
                        + last + fast));
            }
        }
        return out;
    }

    /**
     * {@code {"groups":[{"name":..,"providers":[{"name":..,"values":[..],"ttl":60,"target":"primary"}]}]}},
     * with {@code "proxied":true} for a record the provider serves through its proxy (whose {@code "ttl"} is the
     * provider's), {@code "warning"} for a TTL above 60 s otherwise, and {@code "error"} for a provider that could
     * not be read.
     */
    static String json(List<GroupConfig> groups, List<Row> rows, State state, StateStore.ObservationsRead seen, Instant now) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode gs = root.putArray("groups");
        for (GroupConfig g : groups) {
            ObjectNode gn = gs.addObject().put("name", g.name());
            ArrayNode ps = gn.putArray("providers");
            GroupState st = state.group(g.name());
            gn.put("pin", st.override());
            gn.put("lastSwitch", st.lastSwitch() == null ? null : st.lastSwitch().toString());
            gn.put("lastDecision", st.lastDecision());
            ArrayNode ts = gn.putArray("targets");
            for (TargetRow t : targets(g, seen, now)) {
                ObjectNode tn = ts.addObject().put("name", t.name()).put("health", t.health().name());
                if (t.ageSeconds() != null) {
                    tn.put("lastProbe", t.seen().lastProbe().toString()).put("lastProbeAgeSeconds", t.ageSeconds())
                            .put("reason", t.seen().reason());
                }
                if (t.seen() != null && t.seen().fastSince() != null) {
                    tn.put("fastSince", t.seen().fastSince().toString());
                }
            }
            rows.stream().filter(r -> r.group().equals(g.name())).forEach(r -> {
                ObjectNode p = ps.addObject().put("name", r.provider());
                r.values().forEach(p.putArray("values")::add);
                if (r.ttl() == null) {
                    p.putNull("ttl");
                } else {
                    p.put("ttl", r.ttl());
                }
                p.put("target", r.target());
                if (r.proxied()) {
                    p.put("proxied", true);
                }
                if (r.warning() != null) {
                    p.put("warning", r.warning());
                }
                if (r.error() != null) {
                    p.put("error", r.error());
                }
            });
        }
        if (seen.observations() == null) {
            root.put("targetHealth", "none saved: " + seen.absent());
        }
        try {
            return Json.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
