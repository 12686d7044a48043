package io.dnsfailover.controller.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.dnsfailover.controller.config.ClusterConfig;
import io.dnsfailover.health.Health;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The state store of a cluster (DESIGN §8): every group's state, the journal and each node's observations in
 * PostgreSQL tables, their schema made and moved on by Flyway migrations ({@code db/dnsfailover}) when the store
 * opens. A group's state is the same JSON its file would hold, in a {@code jsonb} column; writers of one group
 * take turns under a transaction-scoped advisory lock of that group, so that an absent group is created once.
 *
 * <p>A database that cannot be reached makes each call throw {@link StoreUnreachableException}, naming the
 * database (never its password) and what to check; it is never taken for an empty store.
 */
public final class DatabaseStateStore implements StateStore {

    /** How many journal lines {@link Journal#read()} returns at most: the latest. */
    static final int JOURNAL_READ_LIMIT = 10_000;

    private static final ThreadLocal<Boolean> IN_CHANGE = new ThreadLocal<>();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DatabaseStateStore.class);

    /** The longest {@link #close} waits for the database to let go. */
    static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(3);

    /**
     * Who a store's saves are fenced as. A lease is taken with each save of a group's state, in the same
     * transaction, by the database's clock: for {@code tickHold}, or for {@code writeHold} when the state saved
     * says a write is under way (so that nobody else writes until that write's deadline has passed).
     */
    public enum Fence {
        /** Saves take no lease (tests of the store alone). */
        NONE,
        /** A daemon: saves only while the lease is free, expired or its own; never takes one that is held. */
        DAEMON,
        /** A one-shot command: may also take a lease held by a daemon between writes (no write under way). */
        COMMAND
    }

    private final HikariDataSource pool;
    private final String where;
    private final String node;
    private volatile Fence fence = Fence.NONE;
    private volatile String holder;
    private volatile java.time.Duration tickHold = java.time.Duration.ZERO;
    private volatile java.time.Duration writeHold = java.time.Duration.ZERO;
    private final Clock clock;
    private final StateJson json = new StateJson();
    private final Journal journal = new DatabaseJournal();

    private DatabaseStateStore(HikariDataSource pool, String where, String node, Clock clock) {
        this.pool = pool;
        this.where = where;
        this.node = node;
        this.clock = clock;
        this.holder = node;
    }

    /**
     * Fences this store's saves from now on. Each save sets the lease's end anew: a save that ends a write
     * shortens it back to {@code tickHold}, so that a node that dies right after a write is taken over soon.
     *
     * @param tickHold how long a save holds the group's lease
     * @param writeHold how long a save that starts a write holds it: at least the longest a write may take
     */
    public void fence(Fence mode, java.time.Duration tickHold, java.time.Duration writeHold) {
        this.fence = Objects.requireNonNull(mode, "mode");
        this.tickHold = tickHold;
        this.writeHold = writeHold;
        this.holder = mode == Fence.COMMAND ? node + "/command-" + ProcessHandle.current().pid() : node;
    }

    /** Who this store's leases are held as: the node, or the node and the command's pid. */
    public String holder() {
        return holder;
    }

    /** The store of the cluster this node's config names. */
    public static DatabaseStateStore open(ClusterConfig cluster, Clock clock) {
        return open(cluster.database(), cluster.user() == null ? null : cluster.user().reveal(),
                cluster.password() == null ? null : cluster.password().reveal(), cluster.node(), clock);
    }

    /**
     * Connects, brings the schema up to date and returns the store of {@code node}.
     *
     * @param url a {@code jdbc:postgresql://} URL
     * @throws StoreUnreachableException when the database cannot be reached or its schema cannot be migrated
     */
    public static DatabaseStateStore open(String url, String user, String password, String node, Clock clock) {
        Objects.requireNonNull(node, "node");
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setPoolName("dnsfailover-state");
        c.setMaximumPoolSize(8);
        c.setMinimumIdle(1);
        // a database gone is said within a few seconds, not after a long wait for a connection
        c.setConnectionTimeout(2_000);
        c.setValidationTimeout(2_000);
        // a pool that cannot connect now still opens: the first call says why, and the daemon waits for the database
        c.setInitializationFailTimeout(-1);
        c.addDataSourceProperty("connectTimeout", "2");
        // a statement of this store takes milliseconds: one that waits 10 s is on a connection whose server is gone
        c.addDataSourceProperty("socketTimeout", "10");
        c.addDataSourceProperty("tcpKeepAlive", "true");
        c.addDataSourceProperty("ApplicationName", "dnsfailover " + node);
        HikariDataSource pool = new HikariDataSource(c);
        String where = ClusterConfig.withoutCredentials(url);
        try {
            migrate(pool, where);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new DatabaseStateStore(pool, where, node, clock);
    }

    /** Creates or moves on the schema; concurrent nodes wait for each other (Flyway takes a lock). */
    static void migrate(DataSource data, String where) {
        Flyway flyway = Flyway.configure().dataSource(data).locations("classpath:db/dnsfailover")
                .table("dnsfailover_schema_history").baselineOnMigrate(true).baselineVersion("0")
                .javaMigrations(new QuartzSchema()).load();
        for (int attempt = 1; ; attempt++) {
            try {
                flyway.migrate();
                return;
            } catch (FlywayException e) {
                // nodes started at once on an empty database: one creates the history table while another looks at
                // it still empty and fails; the next look finds it migrated (or migrating, under Flyway's lock)
                if (attempt < 3) {
                    sleepQuietly(500L * attempt);
                    continue;
                }
                throw unprepared(where, e);
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static StoreUnreachableException unprepared(String where, FlywayException e) {
        {
            return new StoreUnreachableException("the state database " + where + " cannot be reached or prepared: "
                    + firstLine(e.getMessage()) + "; check that PostgreSQL is running, that cluster.database is right and"
                    + " that its user may create tables", e);
        }
    }

    /** The pool, for Quartz's clustered job store, which keeps its tables in the same database. */
    public DataSource dataSource() {
        return pool;
    }

    /** The database's URL without credentials, for messages. */
    public String where() {
        return where;
    }

    public String node() {
        return node;
    }

    @Override
    public State load() {
        return query("read the state of every group", c -> {
            Map<String, GroupState> out = new TreeMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT group_name, state::text FROM dnsfailover_group_state");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String group = r.getString(1);
                    GroupRead read = parse(group, r.getString(2));
                    if (read.unusable() != null) {
                        throw new StateUnusableException(null, read.unusable());
                    }
                    out.put(group, read.state());
                }
            }
            return new State(out);
        });
    }

    @Override
    public GroupRead read(String group) {
        return query("read the state of group " + group, c -> readFor(c, group));
    }

    private GroupRead parse(String group, String text) {
        try {
            return new GroupRead(json.parseGroup(text.getBytes(StandardCharsets.UTF_8)), true, null);
        } catch (JsonProcessingException | StateJson.UnusableStateException e) {
            return new GroupRead(GroupState.EMPTY, false, "the state of group " + group + " in " + where + " cannot be used ("
                    + firstLine(e.getMessage()) + "); dnsfailover left it unchanged. Restore it from a backup, or delete"
                    + " its row of table dnsfailover_group_state to start that group afresh (its pin is then forgotten)");
        }
    }

    @Override
    public GroupState update(String group, UnaryOperator<GroupState> change) {
        return update(group, change, false).orElseThrow();
    }

    @Override
    public Optional<GroupState> updateIfPresent(String group, UnaryOperator<GroupState> change) {
        return update(group, change, true);
    }

    private Optional<GroupState> update(String group, UnaryOperator<GroupState> change, boolean onlyIfPresent) {
        Objects.requireNonNull(change, "change");
        refuseNesting("update");
        return transaction("save the state of group " + group, c -> {
            lockGroup(c, group);
            GroupRead current = readFor(c, group);
            if (current.unusable() != null) {
                throw new StateUnusableException(null, current.unusable());
            }
            if (!current.present() && onlyIfPresent) {
                return Optional.empty();
            }
            GroupState next;
            IN_CHANGE.set(Boolean.TRUE);
            try {
                next = Objects.requireNonNull(change.apply(current.state()), "the change returned null instead of a state");
            } finally {
                IN_CHANGE.remove();
            }
            if (!current.present() || !next.equals(current.state())) {
                takeLease(c, group, current.state(), next);
                write(c, group, next);
            }
            return Optional.of(next);
        });
    }

    @Override
    public void restore(String group, GroupState state) {
        Objects.requireNonNull(state, "state");
        refuseNesting("restore");
        transaction("restore the state of group " + group, c -> {
            lockGroup(c, group);
            if (readFor(c, group).unusable() != null) {
                // kept aside, never deleted: an operator may want what it held
                try (PreparedStatement s = c.prepareStatement("INSERT INTO dnsfailover_group_state_aside (group_name, state, kept_at)"
                        + " SELECT group_name, state::text, now() FROM dnsfailover_group_state WHERE group_name = ?")) {
                    s.setString(1, group);
                    s.executeUpdate();
                }
            }
            takeLease(c, group, GroupState.EMPTY, state);
            write(c, group, state);
            return null;
        });
    }

    /**
     * Takes (or keeps) the group's lease for this store's holder, or throws when another holds it; runs in the
     * transaction that saves the state, under the group's lock, so that the lease and the state change together.
     */
    private void takeLease(Connection c, String group, GroupState current, GroupState next) throws SQLException {
        Fence mode = fence;
        if (mode == Fence.NONE) {
            return;
        }
        String me = holder;
        try (PreparedStatement s = c.prepareStatement("SELECT holder, expires_at, expires_at > now() FROM dnsfailover_leases"
                + " WHERE group_name = ?")) {
            s.setString(1, group);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    String other = r.getString(1);
                    boolean live = r.getBoolean(3);
                    boolean free = !live || other.equals(me) || (mode == Fence.COMMAND && current.writing().isEmpty());
                    if (!free) {
                        throw new FencedException("group " + group + ": not saved, and nothing written: " + other
                                + " holds the group's lease until " + instant(r, 2) + (current.writing().isEmpty() ? ""
                                : " (it is writing " + current.writing() + ")") + "; it is the one writer of the group until then");
                    }
                }
            }
        }
        java.time.Duration hold = next.writing().isEmpty() ? tickHold : writeHold;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dnsfailover_leases (group_name, holder, epoch, expires_at)"
                + " VALUES (?, ?, 1, now() + ? * interval '1 millisecond') ON CONFLICT (group_name) DO UPDATE SET"
                + " holder = EXCLUDED.holder,"
                + " epoch = CASE WHEN dnsfailover_leases.holder = EXCLUDED.holder THEN dnsfailover_leases.epoch"
                + " ELSE dnsfailover_leases.epoch + 1 END,"
                + " expires_at = EXCLUDED.expires_at")) {
            s.setString(1, group);
            s.setString(2, me);
            s.setLong(3, hold.toMillis());
            s.executeUpdate();
        }
    }

    /** Gives up every lease this store's holder has (a command that ended, a daemon that stops). */
    public void releaseLeases() {
        if (fence == Fence.NONE) {
            return;
        }
        transaction("give up the leases of " + holder, c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE dnsfailover_leases SET expires_at = now()"
                    + " WHERE holder = ? AND expires_at > now()")) {
                s.setString(1, holder);
                s.executeUpdate();
            }
            return null;
        });
    }

    /**
     * One other node's view of one target of a group, as that node saved it last.
     *
     * @param fresh true when its probe is younger than {@code freshFor} (by the database's clock and the node's own
     *     measure of the probe's age when it saved it: the nodes' clocks need not agree)
     */
    public record View(String node, String target, io.dnsfailover.health.Health health, Instant since, String reason,
            boolean fresh) {}

    /** Every other node's view of each target of {@code group}, by target. */
    public Map<String, List<View>> views(String group, java.time.Duration freshFor) {
        return views(group, freshFor, node);
    }

    /** Every node's view of each target of {@code group}, this node's as saved included, by target. */
    public Map<String, List<View>> allViews(String group, java.time.Duration freshFor) {
        return views(group, freshFor, "");
    }

    private Map<String, List<View>> views(String group, java.time.Duration freshFor, String except) {
        return query("read the nodes' observations of group " + group, c -> {
            Map<String, List<View>> out = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT node, target, health, since, reason,"
                    + " extract(epoch from (now() - recorded_at)) * 1000 + coalesce(probe_age_ms, 1e15) < ?"
                    + " FROM dnsfailover_observations WHERE group_name = ? AND node <> ? ORDER BY node")) {
                s.setLong(1, freshFor.toMillis());
                s.setString(2, group);
                s.setString(3, except);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.computeIfAbsent(r.getString(2), t -> new ArrayList<>()).add(new View(r.getString(1), r.getString(2),
                                Health.valueOf(r.getString(3)), instant(r, 4), r.getString(5), r.getBoolean(6)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * A node that ran a daemon on this database.
     *
     * @param ageMillis how long ago it was last heard of, by the database's clock
     */
    public record Node(String name, String host, long pid, Instant seenAt, long ageMillis) {}

    /** Every node that ever ran a daemon here, by name. */
    public List<Node> nodes() {
        return query("read the nodes", c -> {
            List<Node> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT node, host, pid, seen_at,"
                    + " (extract(epoch from (now() - seen_at)) * 1000)::bigint FROM dnsfailover_nodes ORDER BY node");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Node(r.getString(1), r.getString(2), r.getLong(3), instant(r, 4), r.getLong(5)));
                }
            }
            return out;
        });
    }

    /** The nodes heard of within {@code window} (this one included once it saved observations), by name. */
    public List<String> aliveNodes(java.time.Duration window) {
        return query("read the nodes alive", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT node FROM dnsfailover_nodes"
                    + " WHERE seen_at > now() - ? * interval '1 millisecond' ORDER BY node")) {
                s.setLong(1, window.toMillis());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** What a group's ticks share across the nodes, as saved last ({@code SharedMemory}'s JSON), or empty. */
    public Optional<String> loadMemory(String group) {
        return query("read the shared memory of group " + group, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT memory::text FROM dnsfailover_group_memory WHERE group_name = ?")) {
                s.setString(1, group);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public void saveMemory(String group, String json) {
        transaction("save the shared memory of group " + group, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dnsfailover_group_memory (group_name, memory, updated_at,"
                    + " updated_by) VALUES (?, ?::jsonb, now(), ?) ON CONFLICT (group_name) DO UPDATE SET memory = EXCLUDED.memory,"
                    + " updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by")) {
                s.setString(1, group);
                s.setString(2, json);
                s.setString(3, node);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** The group's lease as the database holds it now: holder and whether it is live, or empty when none. */
    public Optional<Lease> lease(String group) {
        return query("read the lease of group " + group, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT holder, epoch, expires_at, expires_at > now()"
                    + " FROM dnsfailover_leases WHERE group_name = ?")) {
                s.setString(1, group);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(new Lease(r.getString(1), r.getLong(2), instant(r, 3), r.getBoolean(4)))
                            : Optional.empty();
                }
            }
        });
    }

    /** A group's lease: who holds it, how many times it changed hands, until when, and whether that is still ahead. */
    public record Lease(String holder, long epoch, Instant expiresAt, boolean live) {}

    private GroupRead readFor(Connection c, String group) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT state::text FROM dnsfailover_group_state WHERE group_name = ?")) {
            s.setString(1, group);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? parse(group, r.getString(1)) : GroupRead.absent();
            }
        }
    }

    private void write(Connection c, String group, GroupState state) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO dnsfailover_group_state (group_name, state, updated_at, updated_by)"
                + " VALUES (?, ?::jsonb, now(), ?) ON CONFLICT (group_name) DO UPDATE"
                + " SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by")) {
            s.setString(1, group);
            s.setString(2, new String(json.groupBytes(state), StandardCharsets.UTF_8));
            s.setString(3, node);
            s.executeUpdate();
        }
    }

    /** Until the transaction ends, this connection alone writes {@code group} (also where it has no row yet). */
    static void lockGroup(Connection c, String group) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            s.setLong(1, key("group:" + group));
            s.execute();
        }
    }

    /** A stable 64-bit advisory lock key of {@code name}. */
    static long key(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("dnsfailover:" + name).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) {
                k = (k << 8) | (d[i] & 0xff);
            }
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** Nothing in the database itself can be lost from under a daemon the way a file can; reachability is the cluster's. */
    @Override
    public List<String> problems() {
        return List.of();
    }

    /** {@inheritDoc} As this node's rows, one per target, replacing its previous ones. */
    @Override
    public void saveObservations(Observations o) {
        transaction("save the observations of node " + node, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dnsfailover_observations"
                    + " (node, group_name, target, health, since, last_probe, result, reason, fast_since, probe_age_ms,"
                    + " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now()) ON CONFLICT (node, group_name, target)"
                    + " DO UPDATE SET health = EXCLUDED.health, since = EXCLUDED.since, last_probe = EXCLUDED.last_probe,"
                    + " result = EXCLUDED.result, reason = EXCLUDED.reason, fast_since = EXCLUDED.fast_since,"
                    + " probe_age_ms = EXCLUDED.probe_age_ms, recorded_at = EXCLUDED.recorded_at")) {
                for (Map.Entry<String, Map<String, Observations.Target>> g : o.groups().entrySet()) {
                    for (Map.Entry<String, Observations.Target> t : g.getValue().entrySet()) {
                        Observations.Target v = t.getValue();
                        s.setString(1, node);
                        s.setString(2, g.getKey());
                        s.setString(3, t.getKey());
                        s.setString(4, v.health().name());
                        s.setObject(5, timestamp(v.since()));
                        s.setObject(6, timestamp(v.lastProbe()));
                        s.setString(7, v.result() == null ? null : v.result().name());
                        s.setString(8, v.reason());
                        s.setObject(9, timestamp(v.fastSince()));
                        if (v.lastProbe() == null) {
                            s.setNull(10, java.sql.Types.BIGINT);
                        } else {
                            s.setLong(10, Math.max(0, java.time.Duration.between(v.lastProbe(), o.at()).toMillis()));
                        }
                        s.addBatch();
                    }
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dnsfailover_nodes (node, pid, host, seen_at)"
                    + " VALUES (?, ?, ?, now()) ON CONFLICT (node) DO UPDATE SET pid = EXCLUDED.pid, host = EXCLUDED.host,"
                    + " seen_at = EXCLUDED.seen_at")) {
                s.setString(1, node);
                s.setLong(2, o.pid());
                s.setString(3, host());
                s.executeUpdate();
            }
            return null;
        });
    }

    /** {@inheritDoc} This node's rows, as saved last. */
    @Override
    public ObservationsRead observations() {
        try {
            return query("read the observations of node " + node, c -> {
                Map<String, Map<String, Observations.Target>> groups = new LinkedHashMap<>();
                Instant at = null;
                try (PreparedStatement s = c.prepareStatement("SELECT group_name, target, health, since, last_probe, result,"
                        + " reason, fast_since, recorded_at FROM dnsfailover_observations WHERE node = ? ORDER BY group_name")) {
                    s.setString(1, node);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            String result = r.getString(6);
                            groups.computeIfAbsent(r.getString(1), g -> new LinkedHashMap<>()).put(r.getString(2),
                                    new Observations.Target(Health.valueOf(r.getString(3)), instant(r, 4),
                                            instant(r, 5), result == null ? null : Health.valueOf(result),
                                            r.getString(7), instant(r, 8)));
                            Instant recorded = instant(r, 9);
                            at = at == null || recorded.isAfter(at) ? recorded : at;
                        }
                    }
                }
                long pid = 0;
                try (PreparedStatement s = c.prepareStatement("SELECT pid FROM dnsfailover_nodes WHERE node = ?")) {
                    s.setString(1, node);
                    try (ResultSet r = s.executeQuery()) {
                        pid = r.next() ? r.getLong(1) : 0;
                    }
                }
                return at == null ? ObservationsRead.none("node " + node + " saved no observations in " + where)
                        : new ObservationsRead(new Observations(at, pid, groups), null);
            });
        } catch (StoreUnreachableException e) {
            return ObservationsRead.none(e.getMessage());
        }
    }

    @Override
    public Journal journal() {
        return journal;
    }

    /**
     * {@inheritDoc} A session-level advisory lock of this node's name, on a connection held for as long as the
     * handle is open: a second daemon of the same node name is refused; one of another name is a peer.
     */
    @Override
    public AutoCloseable lockForDaemon() {
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            throw unreachable("take the daemon lock of node " + node, e);
        }
        try {
            boolean got;
            try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                s.setLong(1, key("node:" + node));
                try (ResultSet r = s.executeQuery()) {
                    got = r.next() && r.getBoolean(1);
                }
            }
            if (!got) {
                String holder = "";
                try (PreparedStatement s = c.prepareStatement("SELECT pid, host FROM dnsfailover_nodes WHERE node = ?")) {
                    s.setString(1, node);
                    try (ResultSet r = s.executeQuery()) {
                        holder = r.next() ? " (pid " + r.getLong(1) + " on " + r.getString(2) + ")" : "";
                    }
                }
                pool.evictConnection(c);
                throw new IllegalStateException("another dnsfailover daemon" + holder + " is running as node '" + node + "' on "
                        + where + "; stop it, or give this one another cluster.node");
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO dnsfailover_nodes (node, pid, host, started_at, seen_at)"
                    + " VALUES (?, ?, ?, now(), now()) ON CONFLICT (node) DO UPDATE SET pid = EXCLUDED.pid,"
                    + " host = EXCLUDED.host, started_at = EXCLUDED.started_at, seen_at = EXCLUDED.seen_at")) {
                s.setString(1, node);
                s.setLong(2, ProcessHandle.current().pid());
                s.setString(3, host());
                s.executeUpdate();
            }
        } catch (SQLException e) {
            pool.evictConnection(c);
            throw unreachable("take the daemon lock of node " + node, e);
        }
        // unlocked, then closed for good rather than handed back to the pool (eviction closes it later, elsewhere)
        return () -> {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                s.setLong(1, key("node:" + node));
                s.execute();
            } catch (SQLException e) {
                // the session is gone, and its lock with it
            } finally {
                pool.evictConnection(c);
            }
        };
    }

    /**
     * Gives up this holder's leases and closes the pool, waiting {@link #CLOSE_WAIT} at most: with the database gone,
     * the pool's own shutdown waits for connections it cannot close, and a stopping daemon must not wait for that
     * (its leases lapse on their own).
     */
    @Override
    public void close() {
        Thread closing = new Thread(() -> {
            try {
                releaseLeases();
            } catch (StoreUnreachableException e) {
                // they lapse on their own
            }
            pool.close();
        }, "dnsfailover-state-close");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            log.warn("the state database {} did not let go within {} s; leaving it (leases lapse on their own)", where,
                    CLOSE_WAIT.toSeconds());
        }
    }

    @Override
    public String toString() {
        return "state database " + where + " (node " + node + ")";
    }

    private final class DatabaseJournal implements Journal {

        @Override
        public void append(Event event) {
            transaction("append to the journal", c -> {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO dnsfailover_journal (at, group_name, type, node, line)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
                    s.setObject(1, timestamp(event.at()));
                    s.setString(2, event.group());
                    s.setString(3, event.type().written());
                    s.setString(4, node);
                    byte[] line = json.eventLine(event);
                    // the file's line ends in a newline; the column holds the object alone
                    int end = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
                    s.setString(5, new String(line, 0, end, StandardCharsets.UTF_8));
                    s.executeUpdate();
                }
                return null;
            });
        }

        @Override
        public List<Event> read() {
            return query("read the journal", c -> {
                List<Event> out = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT line FROM (SELECT id, line FROM dnsfailover_journal"
                        + " ORDER BY id DESC LIMIT " + JOURNAL_READ_LIMIT + ") latest ORDER BY id")) {
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            json.parseEvent(r.getString(1)).ifPresent(out::add);
                        }
                    }
                }
                return out;
            });
        }
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T query(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw unreachable(what, e);
        }
    }

    private <T> T transaction(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T out = work.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unreachable(what, e);
        }
    }

    private StoreUnreachableException unreachable(String what, SQLException e) {
        return new StoreUnreachableException("cannot " + what + " in the state database " + where + ": "
                + firstLine(e.getMessage()) + "; check that PostgreSQL is running and cluster.database is right", e);
    }

    private static void refuseNesting(String call) {
        if (IN_CHANGE.get() != null) {
            throw new IllegalStateException(call + "() was called from inside an update's change; return the new state"
                    + " from the change instead");
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the connection is broken: the transaction ends with it
        }
    }

    /** For a {@code timestamptz} parameter: with its offset, so that the JVM's time zone plays no part. */
    static OffsetDateTime timestamp(Instant i) {
        return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet r, int column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown host";
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
