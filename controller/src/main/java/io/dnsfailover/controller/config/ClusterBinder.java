package io.dnsfailover.controller.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/** Binds {@code cluster:} (see {@link ClusterConfig}). */
final class ClusterBinder {

    static final int MAX_NODE = 63;
    static final int MAX_QUORUM = 99;
    static final Duration MIN_CHECK_IN = Duration.ofMillis(500);
    static final Duration MAX_CHECK_IN = Duration.ofSeconds(60);
    private static final String EXAMPLE = "cluster: { database: jdbc:postgresql://db.example.com:5432/dnsfailover,"
            + " user: dnsfailover, password: ${env:DNSFAILOVER_DB_PASSWORD}, node: atlanta }";

    private final Fields top;
    private final Problems problems;

    ClusterBinder(Fields top, Problems problems) {
        this.top = top;
        this.problems = problems;
    }

    /** The section, or {@code null} when there is none (a single node) or it has problems (reported). */
    ClusterConfig cluster() {
        if (!top.has("cluster")) {
            return null;
        }
        if (top.has("state")) {
            top.problem("state", "state: and cluster: are both set, but a cluster keeps its state in cluster.database;"
                    + " remove state: (or cluster:, to keep the state in files on this machine)");
        }
        Fields f = Fields.of(top.node("cluster"), "cluster", problems, "the cluster settings", "database", "user", "password",
                "node", "quorum", "sourceAddress", "checkIn");
        if (f == null) {
            return null;
        }
        int before = problems.errors().size();
        String database = database(f);
        String node = node(f);
        Integer quorum = f.has("quorum") ? f.integer("quorum", 0, 1, MAX_QUORUM, "quorum is how many nodes must agree"
                + " that a target is DOWN (or UP) before it counts; write quorum: 2 for three nodes, or remove it for a"
                + " majority of the nodes seen alive") : null;
        InetAddress source = sourceAddress(f);
        Duration checkIn = f.duration("checkIn", ClusterConfig.DEFAULT_CHECK_IN);
        if (checkIn.compareTo(MIN_CHECK_IN) < 0 || checkIn.compareTo(MAX_CHECK_IN) > 0) {
            f.problem("checkIn", "must be between " + Durations.format(MIN_CHECK_IN) + " and " + Durations.format(MAX_CHECK_IN)
                    + ", but was " + Durations.format(checkIn) + "; a node silent for about twice checkIn is taken for dead:"
                    + " write checkIn: " + Durations.format(ClusterConfig.DEFAULT_CHECK_IN));
        }
        if (problems.errors().size() > before || database == null || node == null) {
            return null;
        }
        return new ClusterConfig(database, f.secret("user"), f.secret("password"), node, quorum, source, checkIn);
    }

    private static String database(Fields f) {
        String url = f.required("database", "database: jdbc:postgresql://db.example.com:5432/dnsfailover (" + EXAMPLE + ")");
        if (url == null) {
            return null;
        }
        String u = url.trim();
        if (!u.startsWith("jdbc:postgresql://") || u.length() == "jdbc:postgresql://".length()) {
            f.problem("database", "'" + ClusterConfig.withoutCredentials(u) + "' is not a PostgreSQL JDBC URL; write"
                    + " database: jdbc:postgresql://HOST:5432/DATABASE (user and password go in user: and password:)");
            return null;
        }
        if (u.substring("jdbc:postgresql://".length()).contains("@") || u.matches("(?i).*[?&]password=.*")) {
            f.problem("database", "the database URL holds a password; put it in password: as a secret, e.g."
                    + " password: ${env:DNSFAILOVER_DB_PASSWORD}, and keep the URL to jdbc:postgresql://HOST:5432/DATABASE");
            return null;
        }
        return u;
    }

    private static String node(Fields f) {
        String node = f.required("node", "node: atlanta (this checker's name, e.g. its location; unique in the cluster)");
        if (node == null) {
            return null;
        }
        String n = node.trim();
        if (n.isEmpty() || n.length() > MAX_NODE || !n.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            f.problem("node", "'" + node + "' cannot name a node: use 1 to " + MAX_NODE + " letters, digits, '.', '_' or"
                    + " '-', starting with a letter or digit, e.g. node: " + suggest(n));
            return null;
        }
        return n;
    }

    private static String suggest(String n) {
        String s = n.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        s = s.length() > MAX_NODE ? s.substring(0, MAX_NODE) : s;
        return s.isEmpty() ? "atlanta" : s;
    }

    private static InetAddress sourceAddress(Fields f) {
        String text = f.string("sourceAddress");
        if (text == null) {
            return null;
        }
        String t = text.trim();
        boolean literal = t.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (t.contains(":") && t.matches("[0-9A-Fa-f:.]+"));
        if (literal) {
            try {
                InetAddress a = InetAddress.getByName(t); // a literal: parsed, never looked up
                if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
                    f.problem("sourceAddress", "'" + text + "' is not one address of this machine; write the local address"
                            + " this node's probes leave from, e.g. sourceAddress: 192.0.2.10, or remove sourceAddress:");
                    return null;
                }
                String unusable = io.dnsfailover.health.Checker.checkSourceAddress(a);
                if (unusable != null) {
                    // a floating address may come up later: said, not refused; its probes are UNKNOWN until then
                    f.problems().warn(f.node("sourceAddress"), f.path("sourceAddress"), unusable
                            + "; until it is, this node's probes are UNKNOWN and it counts toward no quorum");
                }
                return a;
            } catch (UnknownHostException e) {
                // not a valid literal after all: said below
            }
        }
        f.problem("sourceAddress", "'" + text + "' is not an IP address; write the local address this node's probes"
                + " leave from, e.g. sourceAddress: 192.0.2.10, or remove sourceAddress: to let the system choose");
        return null;
    }
}
