package io.dnsfailover.controller.config;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnsfailover.health.DnsCheckSpec;
import io.dnsfailover.health.HttpCheckSpec;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a loaded config for people (text) and tools (JSON), with every secret redacted: credentials
 * show as {@code ***} or as the {@code ${env:...}} reference they came from, header values as {@code ***},
 * webhook URLs as scheme and host only.
 */
public final class ConfigPrinter {

    private ConfigPrinter() {}

    public static ObjectNode toJson(Config c) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode providers = root.putObject("providers");
        c.providers().forEach((name, p) -> {
            ObjectNode n = providers.putObject(name).put("type", p.type());
            settings(p).forEach(n::put);
        });
        ObjectNode groups = root.putObject("groups");
        c.groups().forEach((name, g) -> {
            ObjectNode n = groups.putObject(name);
            n.putObject("record").put("zone", g.record().zone()).put("name", g.record().name())
                    .put("type", g.record().type().name()).put("ttl", g.record().ttl());
            g.providers().forEach(n.putArray("providers")::add);
            n.put("mode", g.mode().written());
            ArrayNode targets = n.putArray("targets");
            g.targets().forEach(t -> targets.addObject().put("name", t.name()).put("address", t.address()));
            ObjectNode check = n.putObject("check");
            check.put("type", g.check().type()).put("port", g.check().spec().port())
                    .put("interval", Durations.format(g.check().interval()))
                    .put("fastInterval", Durations.format(g.check().fastInterval()))
                    .put("timeout", Durations.format(g.check().spec().timeout()))
                    .put("fall", g.check().thresholds().fall()).put("rise", g.check().thresholds().rise());
            if (g.check().spec() instanceof HttpCheckSpec h) {
                check.put("path", h.path()).put("method", h.method()).put("host", g.check().hostName())
                        .put("expectStatus", h.expectStatus().toString()).put("tlsVerify", h.tlsVerify())
                        .put("followRedirects", h.followRedirects());
                if (h.expectBody() != null) {
                    check.put("expectBody", h.expectBody().toString());
                }
                if (h.maxLatency() != null) {
                    check.put("maxLatency", Durations.format(h.maxLatency()));
                }
                if (!h.headers().isEmpty()) {
                    ObjectNode headers = check.putObject("headers");
                    h.headers().keySet().forEach(k -> headers.put(k, "***"));
                }
            } else if (g.check().spec() instanceof DnsCheckSpec d) {
                check.put("query", d.query()).put("queryType", d.queryType()).put("expectRcode", d.expectRcode());
                if (d.expectAnswer() != null) {
                    check.put("expectAnswer", d.expectAnswer());
                }
            }
            n.put("failback", g.failback().written()).put("failbackAfter", Durations.format(g.failbackAfter()))
                    .put("holdDown", Durations.format(g.holdDown())).put("whenAllDown", g.whenAllDown());
            g.clients().forEach(n.putArray("clients")::add);
            n.put("takeover", g.takeover());
        });
        ArrayNode notify = root.putArray("notify");
        for (NotifierConfig nc : c.notifiers()) {
            if (nc instanceof NotifierConfig.Email e) {
                ObjectNode n = notify.addObject().put("type", "email");
                ObjectNode smtp = n.putObject("smtp").put("host", e.host()).put("port", e.port())
                        .put("starttls", e.starttls()).put("tls", e.tls());
                if (e.username() != null) {
                    smtp.put("username", e.username());
                }
                if (e.password() != null) {
                    smtp.put("password", e.password().toString());
                }
                n.put("from", e.from());
                e.to().forEach(n.putArray("to")::add);
            } else if (nc instanceof NotifierConfig.Webhook w) {
                ObjectNode n = notify.addObject().put("type", "webhook").put("url", redactUrl(w.url()));
                if (!w.headers().isEmpty()) {
                    ObjectNode headers = n.putObject("headers");
                    w.headers().forEach((k, v) -> headers.put(k, v.toString()));
                }
            }
        }
        root.putObject("alarms").put("remindEvery", Durations.format(c.alarms().remindEvery()))
                .put("providerFailingAfter", Durations.format(c.alarms().providerFailingAfter()));
        root.putObject("state").put("dir", c.state().dir().toString()).putObject("journal")
                .put("maxSize", Sizes.format(c.state().journalMaxSize())).put("keep", c.state().journalKeep());
        root.put("owner", c.owner());
        return root;
    }

    /** A summary for {@code validate}. */
    public static String toText(Config c) {
        StringBuilder b = new StringBuilder();
        long targets = c.groups().values().stream().mapToLong(g -> g.targets().size()).sum();
        b.append(c.file()).append(" is valid: ").append(count(c.providers().size(), "provider")).append(", ")
                .append(count(c.groups().size(), "group")).append(", ").append(count((int) targets, "target"))
                .append(", ").append(count(c.notifiers().size(), "notifier")).append(".\n");
        b.append("\nowner ").append(c.owner()).append('\n');
        b.append("state in ").append(c.state().dir()).append(", journal rotated at ").append(Sizes.format(c.state().journalMaxSize()))
                .append(", ").append(c.state().journalKeep()).append(" rotated files kept\n");
        b.append("alarms remind every ").append(Durations.format(c.alarms().remindEvery()))
                .append(", a failing provider is notified after ").append(Durations.format(c.alarms().providerFailingAfter()))
                .append('\n');
        b.append("\nproviders:\n");
        c.providers().forEach((name, p) -> {
            b.append("  ").append(name).append(" (").append(p.type()).append(")");
            settings(p).forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            b.append('\n');
        });
        b.append("\ngroups:\n");
        c.groups().forEach((name, g) -> {
            b.append("  ").append(name).append(": ").append(g.record().name()).append(' ').append(g.record().type())
                    .append(" ttl ").append(g.record().ttl()).append(" in zone ").append(g.record().zone())
                    .append(" via ").append(String.join(", ", g.providers())).append('\n');
            CheckConfig ch = g.check();
            b.append("    check ").append(ch.type()).append(" port ").append(ch.spec().port());
            if (ch.spec() instanceof HttpCheckSpec h) {
                b.append(' ').append(h.method()).append(' ').append(h.path()).append(" host ").append(ch.hostName())
                        .append(" expect ").append(h.expectStatus());
            } else if (ch.spec() instanceof DnsCheckSpec d) {
                b.append(" query ").append(d.query()).append(' ').append(d.queryType()).append(" expect ").append(d.expectRcode());
            }
            b.append(", every ").append(Durations.format(ch.interval())).append(", timeout ")
                    .append(Durations.format(ch.spec().timeout())).append(", fall ").append(ch.thresholds().fall())
                    .append(", rise ").append(ch.thresholds().rise()).append('\n');
            b.append("    ").append(g.mode().written()).append(", failback ").append(g.failback().written());
            if (g.failback() == GroupConfig.Failback.AUTO) {
                b.append(" after ").append(Durations.format(g.failbackAfter()));
            }
            b.append(", hold-down ").append(Durations.format(g.holdDown())).append(", when all down: ")
                    .append(g.whenAllDown()).append(g.takeover() ? ", takes the record over from another owner" : "")
                    .append('\n');
            for (int i = 0; i < g.targets().size(); i++) {
                GroupConfig.TargetConfig t = g.targets().get(i);
                b.append("    ").append(i + 1).append(". ").append(t.name()).append(' ').append(t.address())
                        .append(i == 0 ? " (primary)" : "").append('\n');
            }
        });
        if (!c.warnings().isEmpty()) {
            b.append("\nwarnings:\n");
            c.warnings().forEach(w -> b.append("  ").append(w).append('\n'));
        }
        return b.toString();
    }

    /** Settings for display, sorted, secrets redacted. */
    private static Map<String, String> settings(ProviderConfig p) {
        Map<String, String> out = new TreeMap<>(p.settings());
        p.secrets().forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    /** Scheme, host and port only: paths and queries of webhook URLs often carry tokens. */
    static String redactUrl(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/***";
    }

    private static String count(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
