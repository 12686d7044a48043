package io.dnsfailover.controller.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints plans. Text: one line per distinct change, in the form
 * {@code ~ atlanta1.hosting.com A 60 [203.0.113.10] -> [198.51.100.20] (primary DOWN: ...)}, followed by the
 * providers it applies to; {@code +} creates, {@code ~} replaces; a record the provider serves through its proxy
 * shows {@code proxied} after its TTL (which the provider keeps). JSON: one object per group.
 */
public final class PlanPrinter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanPrinter() {}

    public static String text(Plan plan) {
        StringBuilder b = new StringBuilder();
        // providers that need the same change share one line
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (Plan.ProviderChange pc : plan.changes()) {
            lines.computeIfAbsent(line(pc.change(), plan.decision().reason()), k -> new ArrayList<>()).add(pc.provider());
        }
        lines.forEach((line, providers) -> b.append(line).append("\n    on ").append(String.join(", ", providers)).append('\n'));
        // the ownership marker written with the change, where the provider holds one
        Map<String, List<String>> markers = new LinkedHashMap<>();
        for (Plan.ProviderChange pc : plan.changes()) {
            if (pc.marker() != null) {
                Change m = pc.marker();
                String line = (m.expected() == null ? "  + " : "  ~ ") + m.key() + " " + m.desired().values()
                        + (m.expected() == null ? " (ownership marker)" : " (ownership marker, replacing " + m.expected().values() + ")");
                markers.computeIfAbsent(line, k -> new ArrayList<>()).add(pc.provider());
            }
        }
        markers.forEach((line, providers) -> b.append(line).append(" on ").append(String.join(", ", providers)).append('\n'));
        if (plan.changes().isEmpty()) {
            b.append("  ").append(plan.key()).append(": no change (").append(plan.decision().reason()).append(")\n");
        }
        plan.refusals().forEach(r -> b.append("  REFUSED").append(r.provider().isEmpty() ? "" : " on " + r.provider()).append(": ")
                .append(r.message()).append('\n'));
        plan.unreadable().forEach(u -> b.append("  UNREADABLE ").append(u.provider()).append(": ").append(u.reason()).append('\n'));
        return b.toString();
    }

    static String line(Change c, String reason) {
        RecordSet to = c.desired();
        RecordSet from = c.expected();
        if (from == null) {
            return "+ " + c.key() + " " + to.ttl() + " " + to.values() + " (" + reason + ")";
        }
        String ttl = from.ttl() == to.ttl() ? String.valueOf(to.ttl()) : from.ttl() + " -> " + to.ttl();
        // a proxied record: the values are the origin behind the provider's proxy, and the TTL is the provider's
        String proxied = to.proxied() ? " proxied" : "";
        return "~ " + c.key() + " " + ttl + proxied + " " + from.values() + " -> " + to.values() + " (" + reason + ")";
    }

    /**
     * {@code {"name":..,"record":{..},"decision":{"targets":[..],"values":[..],"change":..,"reason":..},
     * "changes":[{"provider":..,"action":"create|update","from":{"ttl":..,"values":[..]},"to":{..},
     * "marker":{"name":..,"action":"create|update","values":[..]}}],
     * "refused":[{"provider":..,"rule":..,"message":..,"forcible":..}],"unreadable":[{"provider":..,"reason":..}]}};
     * {@code "from"} and {@code "to"} of a proxied record carry {@code "proxied":true}.
     */
    public static ObjectNode json(Plan plan) {
        ObjectNode n = JSON.createObjectNode().put("name", plan.group());
        n.putObject("record").put("zone", plan.key().zone()).put("name", plan.key().name()).put("type", plan.key().type().name());
        ObjectNode d = n.putObject("decision");
        plan.decision().targets().forEach(d.putArray("targets")::add);
        plan.decision().values().forEach(d.putArray("values")::add);
        d.put("change", plan.decision().change()).put("reason", plan.decision().reason());
        ArrayNode changes = n.putArray("changes");
        for (Plan.ProviderChange pc : plan.changes()) {
            ObjectNode c = changes.addObject().put("provider", pc.provider())
                    .put("action", pc.change().expected() == null ? "create" : "update");
            if (pc.change().expected() != null) {
                set(c.putObject("from"), pc.change().expected());
            }
            set(c.putObject("to"), pc.change().desired());
            if (pc.marker() != null) {
                ObjectNode m = c.putObject("marker").put("name", pc.marker().key().name())
                        .put("action", pc.marker().expected() == null ? "create" : "update");
                pc.marker().desired().values().forEach(m.putArray("values")::add);
            }
        }
        ArrayNode refused = n.putArray("refused");
        plan.refusals().forEach(r -> refused.addObject().put("provider", r.provider()).put("rule", r.rule().written())
                .put("message", r.message()).put("forcible", r.forcible()));
        ArrayNode unreadable = n.putArray("unreadable");
        plan.unreadable().forEach(u -> unreadable.addObject().put("provider", u.provider()).put("reason", u.reason()));
        return n;
    }

    private static void set(ObjectNode n, RecordSet s) {
        n.put("ttl", s.ttl());
        s.values().forEach(n.putArray("values")::add);
        if (s.proxied()) {
            n.put("proxied", true);
        }
    }
}
