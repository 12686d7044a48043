package io.dnsfailover.controller.config;

import io.dnsfailover.controller.config.GroupConfig.Failback;
import io.dnsfailover.controller.config.GroupConfig.Mode;
import io.dnsfailover.controller.config.GroupConfig.RecordConfig;
import io.dnsfailover.controller.config.GroupConfig.TargetConfig;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.DnsNames;
import io.dnsfailover.providers.DnsProviderFactory;
import io.dnsfailover.providers.RecordType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds and validates {@code groups:}: record, providers, targets, check and failover policy. */
final class GroupBinder {

    static final String[] GROUP_KEYS = {"record", "providers", "mode", "targets", "check", "failback", "failbackAfter",
        "holdDown", "whenAllDown", "clients", "takeover"};
    static final int MAX_TTL = 86_400;
    static final int RECOMMENDED_MAX_TTL = 60;
    /** The first label of every ownership marker: {@code _dnsfailover.<record name>} (TXT). */
    static final String MARKER_LABEL = "_dnsfailover";
    private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private final Problems problems;
    private final Map<String, ProviderConfig> providerConfigs;
    private final Set<String> providerNames;
    private final ProviderRegistry registry;
    private final CnameLoops loops = new CnameLoops();

    GroupBinder(Problems problems, Map<String, ProviderConfig> providers, ProviderRegistry registry) {
        this.problems = problems;
        this.providerConfigs = providers;
        this.providerNames = providers.keySet();
        this.registry = registry;
    }

    Map<String, GroupConfig> groups(Fields top) {
        Map<String, GroupConfig> out = new LinkedHashMap<>();
        Node.MapNode map = top.namedMap("groups", "group names with their settings",
                "followed by your server-level subdomains, e.g. groups: { atlanta1: { record: ..., targets: ... } }");
        if (map == null) {
            return out;
        }
        Map<String, String> ownerOfRecord = new HashMap<>();
        for (Node.Entry e : map.entries().values()) {
            String path = "groups." + e.key();
            GroupConfig g = group(e.key(), Fields.of(e.value(), path, problems, "a group", GROUP_KEYS));
            if (g == null) {
                continue;
            }
            String recordKey = g.record().name() + "/" + g.record().type();
            String owner = ownerOfRecord.putIfAbsent(recordKey, e.key());
            if (owner != null) {
                problems.at(e.value(), path + ".record", "the " + g.record().type() + " record " + g.record().name()
                        + " is already managed by group '" + owner + "'; two groups must not fight over one record");
            }
            out.put(e.key(), g);
        }
        loops.report(problems);
        return out;
    }

    private GroupConfig group(String name, Fields f) {
        if (f == null) {
            return null;
        }
        RecordConfig record = record(f);
        List<String> providers = f.strings("providers", p -> providerNames.contains(p) ? null
                : "provider '" + p + "' is not defined under providers:" + (providerNames.isEmpty() ? ""
                        : " (defined: " + String.join(", ", providerNames) + ")") + "; define it there or fix the name");
        if (!f.has("providers")) {
            f.missing("providers", "[" + (providerNames.isEmpty() ? "myprovider" : providerNames.iterator().next()) + "]");
        } else if (providers.size() != providers.stream().distinct().count()) {
            f.problem("providers", "a provider is listed twice; list each once");
        }
        if (record != null) {
            checkCapabilities(f, record, providers);
        }
        String modeText = f.choice("mode", "failover", "failover", "all-healthy");
        Mode mode = "all-healthy".equals(modeText) ? Mode.ALL_HEALTHY : Mode.FAILOVER;
        if (mode == Mode.ALL_HEALTHY && record != null && !record.type().allowsSeveralValues()) {
            f.problem("mode", "mode all-healthy publishes several values, which a " + record.type()
                    + " record cannot hold; use mode: failover, or type A/AAAA");
        }
        List<TargetConfig> targets = targets(name, f, record);
        CheckConfig check = new CheckBinder(problems).check(f, record);
        String failbackText = f.choice("failback", "auto", "auto", "manual", "one-way");
        Failback failback = failbackText == null ? Failback.AUTO : Failback.valueOf(failbackText.toUpperCase().replace('-', '_'));
        Duration failbackAfter = f.duration("failbackAfter", Duration.ofMinutes(5));
        Duration holdDown = f.duration("holdDown", Duration.ofSeconds(60));
        String written = f.string("whenAllDown");
        String whenAllDown = written == null ? "keep" : written.trim();
        if (!whenAllDown.equals("keep") && !targets.isEmpty() && targets.stream().noneMatch(t -> t.name().equals(whenAllDown))) {
            f.problem("whenAllDown", "'" + f.written("whenAllDown") + "' is neither keep nor one of this group's targets ("
                    + String.join(", ", targets.stream().map(TargetConfig::name).toList()) + "); write whenAllDown: keep "
                    + "or the name of a target");
        }
        List<String> clients = f.strings("clients", c -> !DnsNames.isHostName(c)
                ? "'" + c + "' is not a host name; write names like clientsite.com or www.clientsite.com"
                : record != null && DnsNames.normalise(c).equals(record.name())
                ? "'" + c + "' is this group's own record name; clients are the other names that CNAME to it: remove it"
                : null);
        if (record != null) {
            clients.forEach(c -> loops.client(name, DnsNames.normalise(c), record.name()));
        }
        boolean takeover = f.bool("takeover", false);
        if (record == null || check == null) {
            return null;
        }
        return new GroupConfig(name, record, providers, mode, targets, check, failback, failbackAfter, holdDown,
                whenAllDown, clients.stream().map(DnsNames::normalise).toList(), takeover);
    }

    private RecordConfig record(Fields group) {
        if (!group.has("record")) {
            group.missing("record", "{ zone: hosting.com, name: atlanta1.hosting.com, type: A, ttl: 60 }");
            return null;
        }
        Fields f = Fields.of(group.node("record"), group.path("record"), problems, "the record", "zone", "name", "type", "ttl");
        if (f == null) {
            return null;
        }
        String zone = f.required("zone", "hosting.com");
        if (zone != null && !DnsNames.isHostName(zone)) {
            f.problem("zone", "'" + f.written("zone") + "' is not a DNS zone name; write the zone as your provider names it, e.g. hosting.com");
            zone = null;
        }
        String name = f.required("name", "atlanta1.hosting.com");
        if (name != null && !DnsNames.isHostName(name)) {
            f.problem("name", "'" + f.written("name") + "' is not a host name; write the full name, e.g. atlanta1.hosting.com");
            name = null;
        } else if (name != null && DnsNames.normalise(name).startsWith(MARKER_LABEL + ".")) {
            f.problem("name", "'" + f.written("name") + "' is where dnsfailover keeps its ownership markers ("
                    + MARKER_LABEL + ".<record name>), so no group's record may be named so; write the name the clients use, "
                    + "e.g. atlanta1.hosting.com");
            name = null;
        } else if (name != null && zone != null && !DnsNames.isInZone(name, zone)) {
            f.problem("name", "'" + f.written("name") + "' is not in zone " + zone + "; write a name ending in ." + DnsNames.normalise(zone)
                    + ", or fix the zone");
        }
        String typeText = f.required("type", "A (or AAAA, CNAME, ANAME)");
        RecordType type = RecordType.parse(typeText);
        if (type == RecordType.TXT) {
            type = null; // dnsfailover writes TXT only as its ownership marker, never as a group's record
        }
        if (typeText != null && type == null && RecordType.parse(typeText) == RecordType.TXT) {
            f.problem("type", "'" + f.written("type") + "' is not a record type a group can manage: dnsfailover writes TXT "
                    + "only for its ownership marker beside the record (_dnsfailover." + (name == null ? "<record name>"
                    : DnsNames.normalise(name)) + "); write A, AAAA, CNAME or ANAME");
        } else if (typeText != null && type == null) {
            f.problem("type", "'" + f.written("type") + "' is not a record type dnsfailover manages; write A, AAAA, CNAME or ANAME");
        }
        int ttl = f.integer("ttl", 60, 1, MAX_TTL, "failover needs a low TTL: write ttl: 60 or less");
        if (f.has("ttl") && ttl > RECOMMENDED_MAX_TTL) {
            problems.warn(f.node("ttl"), f.path("ttl"), "TTL " + ttl + " s: resolvers may keep sending clients to a dead server "
                    + "for up to " + ttl + " s after a failover; 60 or less is recommended");
        }
        return zone == null || name == null || type == null ? null
                : new RecordConfig(DnsNames.normalise(zone), DnsNames.normalise(name), type, ttl);
    }

    private List<TargetConfig> targets(String groupName, Fields group, RecordConfig record) {
        List<TargetConfig> out = new ArrayList<>();
        List<Node> items = group.list("targets");
        if (items == null) {
            group.missing("targets", "[ { name: primary, address: 203.0.113.10 }, { name: backup1, address: 198.51.100.20 } ]");
            return out;
        }
        if (items.isEmpty()) {
            group.problem("targets", "a group needs at least one target; list the primary first, then the backups");
        }
        Map<String, Integer> seenNames = new HashMap<>();
        Map<String, Integer> seenAddresses = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = group.path("targets") + "[" + i + "]";
            Fields t = Fields.of(items.get(i), path, problems, "a target", "name", "address");
            if (t == null) {
                continue;
            }
            String name = t.required("name", i == 0 ? "primary" : "backup" + i);
            if (name != null && !TARGET_NAME.matcher(name).matches()) {
                t.problem("name", "'" + t.written("name") + "' is not a usable target name; use letters, digits, '-', '_' and '.'");
                name = null;
            } else if (name != null && seenNames.putIfAbsent(name, i) != null) {
                t.problem("name", "target name '" + name + "' is used twice in this group (also at targets[" + seenNames.get(name)
                        + "]); give each target its own name");
                name = null;
            }
            String address = t.required("address", record == null || !record.type().holdsHostNames() ? "203.0.113.10" : "backup.example.net");
            if (address != null && record != null) {
                address = address.trim();
                String error = addressError(address, t.written("address"), record.type());
                if (error == null) {
                    error = Addresses.notAServer(address, t.written("address"), record.type());
                }
                String doubt = error == null ? Addresses.doubtful(address, t.written("address"), record.type()) : null;
                if (doubt != null) {
                    problems.warn(t.node("address"), t.path("address"), doubt);
                }
                if (error != null) {
                    t.problem("address", error);
                    address = null;
                } else {
                    if (record.type().holdsHostNames()) {
                        address = DnsNames.normalise(address);
                    }
                    if (seenAddresses.putIfAbsent(address, i) != null) {
                        t.problem("address", "address " + address + " is already target " + seenAddresses.get(address)
                                + " of this group; list each address once");
                    } else if (record.type().holdsHostNames()) {
                        loops.target(groupName, record, address, t.path("address"), t.node("address"));
                    }
                }
            }
            if (name != null && address != null) {
                out.add(new TargetConfig(name, address));
            }
        }
        if (items.size() == 1 && out.size() == 1) {
            problems.warn(group.node("targets"), group.path("targets"), "only one target: when '" + out.get(0).name()
                    + "' is down there is nothing to fail over to; add a backup after it (another server, or a static "
                    + "\"we'll be back\" page)");
        }
        return out;
    }

    /** What is wrong with {@code address} for a record of {@code type}, or {@code null}. */
    static String addressError(String address, String written, RecordType type) {
        return switch (type) {
            case A -> DnsNames.isIpv4(address) ? null : "'" + written + "' is not an IPv4 address, which a type A record needs; "
                    + "write four numbers 0-255 like 203.0.113.10" + (DnsNames.isIpv6(address) ? " (or use type: AAAA for IPv6)"
                    : DnsNames.isHostName(address) ? " (or use type: CNAME to point at a host name)" : "");
            case AAAA -> DnsNames.isIpv6(address) ? null : "'" + written + "' is not an IPv6 address, which a type AAAA record "
                    + "needs; write an address like 2001:db8::10" + (DnsNames.isIpv4(address) ? " (or use type: A for IPv4)" : "");
            case CNAME, ANAME -> DnsNames.isHostName(address) ? null : "'" + written + "' is not a host name, which a type " + type
                    + " record needs; write a name like backup.example.net" + (DnsNames.isIpAddress(address)
                    ? " (or use type: A/AAAA to point at an address)" : "");
            case TXT -> "a group's record cannot be TXT";
        };
    }

    /** Each provider of the group can hold the record: type supported, TTL not below its minimum. */
    private void checkCapabilities(Fields group, RecordConfig record, List<String> providers) {
        for (String name : providers) {
            ProviderConfig p = providerConfigs.get(name);
            Capabilities caps = p == null ? null : registry.factory(p.type()).map(DnsProviderFactory::capabilities).orElse(null);
            if (caps == null) {
                continue; // unknown type: already reported at the provider
            }
            Node recordNode = group.node("record");
            if (!caps.supports(record.type())) {
                problems.at(Fields.child(recordNode, "type"), group.path("record") + ".type",
                        "provider '" + name + "' (" + p.type() + ") cannot hold " + record.type() + " records; it supports "
                        + caps.recordTypes().stream().filter(t -> t != RecordType.TXT).map(Enum::name).sorted().toList());
            }
            if (!caps.supports(RecordType.TXT)) {
                problems.warn(group.node("providers"), group.path("providers"), "provider '" + name
                        + "' (" + p.type() + ") cannot hold the ownership marker (a TXT record at " + MARKER_LABEL + "."
                        + record.name() + "), so another dnsfailover install writing this record would go unnoticed: make"
                        + " sure only one install manages " + record.name());
            }
            if (record.ttl() < caps.minimumTtl()) {
                Node ttl = Fields.child(recordNode, "ttl");
                problems.at(ttl != null ? ttl : recordNode, group.path("record") + ".ttl",
                        "provider '" + name + "' (" + p.type() + ") keeps no TTL below " + caps.minimumTtl() + " s; write ttl: "
                        + caps.minimumTtl() + " or more");
            }
        }
    }
}
