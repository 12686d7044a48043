package io.dnsfailover.controller.config;

import io.dnsfailover.providers.RecordType;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One server-level subdomain and its ordered targets: the unit of decision.
 *
 * @param whenAllDown {@code keep}, or the name of the target to publish when every target is down
 * @param clients names expected to CNAME to the record (validated as host names)
 * @param takeover true when this install may take the record over from another owner's marker
 *     ({@code takeover: true}; default false: another owner's marker refuses every write)
 */
public record GroupConfig(
        String name,
        RecordConfig record,
        List<String> providers,
        Mode mode,
        List<TargetConfig> targets,
        CheckConfig check,
        Failback failback,
        Duration failbackAfter,
        Duration holdDown,
        String whenAllDown,
        List<String> clients,
        boolean takeover) {

    public GroupConfig {
        providers = List.copyOf(providers);
        targets = List.copyOf(targets);
        clients = List.copyOf(clients);
    }

    /** The record the group owns. {@code name} and {@code zone} are normalised (lower case, no trailing dot). */
    public record RecordConfig(String zone, String name, RecordType type, int ttl) {}

    /** One place the record can point at: an IP for A/AAAA, a host name for CNAME/ANAME. */
    public record TargetConfig(String name, String address) {}

    /** How many targets are published. */
    public enum Mode {
        /** exactly one target: the first healthy one in order */
        FAILOVER,
        /** every healthy target (round robin) */
        ALL_HEALTHY;

        public String written() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** How the group returns to a higher-priority target. */
    public enum Failback {
        /** automatically, after {@code failbackAfter} of continuous health */
        AUTO,
        /** only when an operator runs {@code failback} */
        MANUAL,
        /** never: only ever move down the list */
        ONE_WAY;

        public String written() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
