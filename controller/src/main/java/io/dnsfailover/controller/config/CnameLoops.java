package io.dnsfailover.controller.config;

import io.dnsfailover.providers.RecordType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;

/**
 * Finds CNAME/ANAME loops as far as the config shows them: a target naming its own record, or a chain of
 * names that leads back to it through the records of other groups (their targets) and the {@code clients:}
 * that CNAME to a group's record. A resolver gives up on a loop, so no name in it resolves.
 */
final class CnameLoops {

    /** One name pointing at another: a group's record at one of its targets, or a client at the group's record. */
    private record Hop(String from, String to, String group, boolean client, RecordType type, String path, Node at) {}

    private final List<Hop> targets = new ArrayList<>();
    private final Map<String, List<Hop>> byFrom = new HashMap<>();

    /** {@code record} (a CNAME or ANAME of {@code group}) points at {@code address}, written at {@code at}. */
    void target(String group, GroupConfig.RecordConfig record, String address, String path, Node at) {
        Hop hop = new Hop(record.name(), address, group, false, record.type(), path, at);
        targets.add(hop);
        byFrom.computeIfAbsent(hop.from(), k -> new ArrayList<>()).add(hop);
    }

    /** {@code client} is expected to CNAME to {@code record}, the record of {@code group}. */
    void client(String group, String client, String record) {
        byFrom.computeIfAbsent(client, k -> new ArrayList<>()).add(new Hop(client, record, group, true, null, null, null));
    }

    /** Reports each loop once, at the first target (in file order) that closes it. */
    void report(Problems problems) {
        Set<String> reported = new HashSet<>();
        for (Hop hop : targets) {
            if (hop.to().equals(hop.from())) {
                problems.at(hop.at(), hop.path(), "'" + hop.to() + "' is this group's own record name; a " + hop.type()
                        + " to itself is a loop that never resolves: point it at another host, e.g. backup.example.net");
                continue;
            }
            List<Hop> back = pathBack(hop.to(), hop.from());
            if (back == null) {
                continue;
            }
            List<Hop> loop = new ArrayList<>();
            loop.add(hop);
            loop.addAll(back);
            if (reported.add(key(loop))) {
                problems.at(hop.at(), hop.path(), "'" + hop.to() + "' leads back to this record: " + describe(loop)
                        + "; whenever these targets are published together, resolvers give up on the loop and none of its "
                        + "names resolves: point this target at a host outside the loop");
            }
        }
    }

    /** The shortest chain of hops from {@code start} to {@code goal}, or {@code null}. */
    private List<Hop> pathBack(String start, String goal) {
        Map<String, Hop> reachedBy = new HashMap<>();
        Set<String> seen = new HashSet<>(List.of(start));
        Queue<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String name = queue.remove();
            for (Hop hop : byFrom.getOrDefault(name, List.of())) {
                if (!seen.add(hop.to())) {
                    continue;
                }
                reachedBy.put(hop.to(), hop);
                if (hop.to().equals(goal)) {
                    LinkedList<Hop> path = new LinkedList<>();
                    for (Hop h = hop; h != null; h = h.from().equals(start) ? null : reachedBy.get(h.from())) {
                        path.addFirst(h);
                    }
                    return path;
                }
                queue.add(hop.to());
            }
        }
        return null;
    }

    /** The same for every rotation of one loop. */
    private static String key(List<Hop> loop) {
        List<String> names = new ArrayList<>(loop.stream().map(Hop::from).toList());
        Collections.rotate(names, -names.indexOf(Collections.min(names)));
        return String.join(" ", names);
    }

    private static String describe(List<Hop> loop) {
        StringBuilder b = new StringBuilder();
        for (Hop hop : loop) {
            b.append(hop.from()).append(hop.client() ? " (client of group " : " (group ").append(hop.group()).append(") -> ");
        }
        return b.append(loop.get(0).from()).toString();
    }
}
