package io.dnsfailover.controller.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code cluster:} section (DESIGN §8): several checker nodes share one PostgreSQL database for state,
 * journal and observations, and Quartz's clustered job store in it, so that each group's decision runs on one
 * node at a time. Absent, dnsfailover is a single node on its state directory.
 *
 * @param database a {@code jdbc:postgresql://} URL
 * @param user the database user, a secret ({@code null}: the driver's default)
 * @param password the database password, a secret ({@code null} when none)
 * @param node this checker's name, e.g. its location; unique in the cluster
 * @param quorum how many nodes must agree on a target's health ({@code null}: a majority of the nodes seen alive)
 * @param sourceAddress the local address this node's probes leave from ({@code null}: the system's choice)
 * @param checkIn how often a node tells the cluster it is alive; a node silent for about twice this is taken for
 *     dead and its groups' ticks go to the others
 */
public record ClusterConfig(String database, Secret user, Secret password, String node, Integer quorum,
        InetAddress sourceAddress, Duration checkIn) {

    public static final Duration DEFAULT_CHECK_IN = Duration.ofSeconds(2);

    public ClusterConfig {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(checkIn, "checkIn");
    }

    /** How many agreeing nodes make a target DOWN or UP when {@code alive} nodes are seen: the set quorum, or a majority. */
    public int quorumOf(int alive) {
        return quorum != null ? quorum : alive / 2 + 1;
    }

    /** The owner of a cluster's records when none is set: the same on every node, for one database. */
    public String defaultOwner() {
        return Config.sanitiseOwner("cluster:" + withoutCredentials(database));
    }

    /** The URL without user, password or parameters, for messages (parameters may hold secrets). */
    public static String withoutCredentials(String url) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        int scheme = base.indexOf("//");
        int at = base.indexOf('@');
        return scheme >= 0 && at > scheme ? base.substring(0, scheme + 2) + base.substring(at + 1) : base;
    }
}
