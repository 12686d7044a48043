package io.dnsfailover.controller.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnsfailover.controller.config.Durations;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.state.Observations;
import java.time.temporal.ChronoUnit;
import io.dnsfailover.health.CheckResult;
import java.io.UncheckedIOException;
import java.util.List;

/** Prints the results of {@code check} as a table or as JSON. */
final class CheckReport {

    /** One probed target. */
    record Row(String group, String target, String address, CheckResult result) {}

    private CheckReport() {}

    static String text(List<Row> rows) {
        String[] header = {"GROUP", "TARGET", "ADDRESS", "RESULT", "LATENCY", "REASON"};
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        List<String[]> cells = rows.stream().map(r -> new String[] {r.group(), r.target(), r.address(),
            r.result().state().name(), r.result().latency() == null ? "-" : r.result().latencyMillis() + " ms",
            r.result().reason()}).toList();
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder("One probe per target; fall/rise thresholds apply only in the daemon.\n");
        line(b, header, width);
        cells.forEach(row -> line(b, row, width));
        long down = rows.stream().filter(r -> r.result().state() != io.dnsfailover.health.Health.UP).count();
        b.append(rows.size()).append(rows.size() == 1 ? " target, " : " targets, ").append(rows.size() - down)
                .append(" UP, ").append(down).append(" not UP\n");
        return b.toString();
    }

    /**
     * One line per target a running daemon probes at {@code fastInterval} now (its streak turned), e.g. {@code the
     * daemon probes www/primary every 250ms since 2026-12-03T12:00:02Z: its streak turned against UP}; empty when none.
     */
    static String fastProbing(List<GroupConfig> groups, Observations daemon) {
        if (daemon == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (GroupConfig g : groups) {
            for (GroupConfig.TargetConfig t : g.targets()) {
                Observations.Target o = daemon.target(g.name(), t.name());
                if (o != null && o.fastSince() != null) {
                    b.append("the daemon probes ").append(g.name()).append('/').append(t.name()).append(" every ")
                            .append(Durations.format(g.check().fastInterval())).append(" since ")
                            .append(o.fastSince().truncatedTo(ChronoUnit.SECONDS)).append(": its streak turned against ").append(o.health())
                            .append('\n');
                }
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String[] row, int[] width) {
        for (int i = 0; i < row.length; i++) {
            b.append(row[i]);
            if (i < row.length - 1) {
                b.append(" ".repeat(width[i] - row[i].length() + 2));
            }
        }
        b.append('\n');
    }

    /** {@code {"groups":[{"name":..,"targets":[{"name":..,"address":..,"state":..,"latencyMs":..,"reason":..}]}]}}. */
    static String json(List<GroupConfig> groups, List<Row> rows, Observations daemon) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode gs = root.putArray("groups");
        for (GroupConfig g : groups) {
            ArrayNode ts = gs.addObject().put("name", g.name()).putArray("targets");
            rows.stream().filter(r -> r.group().equals(g.name())).forEach(r -> {
                ObjectNode t = ts.addObject().put("name", r.target()).put("address", r.address())
                        .put("state", r.result().state().name());
                if (r.result().latency() == null) {
                    t.putNull("latencyMs");
                } else {
                    t.put("latencyMs", r.result().latencyMillis());
                }
                t.put("reason", r.result().reason());
                Observations.Target o = daemon == null ? null : daemon.target(g.name(), r.target());
                if (o != null && o.fastSince() != null) {
                    t.put("daemonFastSince", o.fastSince().toString());
                }
            });
        }
        try {
            return Json.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
