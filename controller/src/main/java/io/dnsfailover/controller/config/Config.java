package io.dnsfailover.controller.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated config: what {@link ConfigLoader} gives when a file has no errors.
 *
 * @param file the file as the user named it (for messages)
 * @param providers DNS accounts by name, in file order
 * @param groups groups by name, in file order
 * @param notifiers where notifications go
 * @param state where state and journal are kept
 * @param owner this install's identity, written in the ownership marker beside every record it manages
 *     ({@code owner:}; default derived from the host name and the state directory, see {@link #defaultOwner})
 * @param alarms how conditions are notified
 * @param cluster the cluster this node belongs to ({@code cluster:}), or {@code null} for a single node on {@code state}
 * @param warnings things that work but deserve attention (e.g. a TTL above 60 s)
 */
public record Config(
        String file,
        Map<String, ProviderConfig> providers,
        Map<String, GroupConfig> groups,
        List<NotifierConfig> notifiers,
        StateConfig state,
        String owner,
        Alarms alarms,
        ClusterConfig cluster,
        List<ConfigProblem> warnings) {

    public Config {
        providers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(providers));
        groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
        notifiers = List.copyOf(notifiers);
        warnings = List.copyOf(warnings);
    }

    /** The local address probes leave from ({@code cluster.sourceAddress}), or {@code null}: the system's choice. */
    public java.net.InetAddress sourceAddress() {
        return cluster == null ? null : cluster.sourceAddress();
    }

    /**
     * Where state lives ({@code state:}).
     *
     * @param journalMaxSize the size in bytes at which {@code events.jsonl} is rotated ({@code journal.maxSize}, default 64 MB)
     * @param journalKeep how many rotated, compressed journal files are kept ({@code journal.keep}, default 10)
     */
    public record StateConfig(Path dir, long journalMaxSize, int journalKeep) {

        public static final long DEFAULT_JOURNAL_MAX_SIZE = 64L * 1024 * 1024;
        public static final int DEFAULT_JOURNAL_KEEP = 10;

        public StateConfig(Path dir) {
            this(dir, DEFAULT_JOURNAL_MAX_SIZE, DEFAULT_JOURNAL_KEEP);
        }
    }

    /**
     * How each condition (a guard refusal of one value, a provider failing, all targets down, state lost) is
     * notified ({@code alarms:}): once when it starts, once when it clears, and at most once per
     * {@code remindEvery} while it lasts.
     *
     * @param remindEvery {@code alarms.remindEvery}, default 1h
     * @param providerFailingAfter how long a provider must keep failing before it is notified
     *     ({@code alarms.providerFailingAfter}, default 30s); it is journalled and logged at the first failure
     */
    public record Alarms(java.time.Duration remindEvery, java.time.Duration providerFailingAfter) {

        public static final Alarms DEFAULT = new Alarms(java.time.Duration.ofHours(1), java.time.Duration.ofSeconds(30));
    }

    /**
     * The owner an install has when the config names none: {@code <host name>:<state directory>}, so that two
     * installs on one machine with different state directories are different owners. Only characters a
     * marker may hold are kept ({@code A-Z a-z 0-9 . _ : / @ -}); others become {@code -}. A name longer than
     * {@value #MAX_OWNER} characters (a deep state directory) keeps its start and ends in a hash of the whole,
     * so that it still fits the marker and still tells two installs apart.
     */
    public static String defaultOwner(String hostName, Path stateDir) {
        String owner = sanitiseOwner(hostName + ":" + stateDir.toAbsolutePath().normalize());
        if (owner.length() <= MAX_OWNER) {
            return owner;
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(owner.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return owner.substring(0, MAX_OWNER - 17) + "-" + java.util.HexFormat.of().formatHex(hash, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The longest owner: with {@code heritage=dnsfailover,owner=} it fits one TXT string (255). */
    public static final int MAX_OWNER = 200;

    /** {@code text} with every character an owner may not hold replaced by {@code -}. */
    public static String sanitiseOwner(String text) {
        return text.replaceAll("[^A-Za-z0-9._:/@-]", "-");
    }
}
