package io.dnsfailover.controller.schedule;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.engine.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.listeners.TriggerListenerSupport;
import org.quartz.spi.TriggerFiredBundle;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the daemon (DESIGN §3): a {@link ProbeSchedule} probes every target on its own phase, and Quartz
 * (in-memory job store; a clustered JDBC store can replace it later) runs {@link Engine#tick} for every group
 * at its check interval, each group's ticks on their own phase too, and at once when a probe changed a
 * target's health. Ticks never wait for probes. Late and skipped probes and ticks are counted and reported
 * ({@link LateReport}); every few seconds the targets' latest observations are saved for one-shot commands.
 * Policy lives in the engine; this class only decides when.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    /** How often lateness is looked at (and reported, rate-limited). */
    static final Duration LATE_WINDOW = Duration.ofSeconds(10);

    private final Scheduler scheduler;
    private final ProbeSchedule probes;
    private final ScheduledThreadPoolExecutor reports;

    private Daemon(Scheduler scheduler, ProbeSchedule probes, ScheduledThreadPoolExecutor reports) {
        this.scheduler = scheduler;
        this.probes = probes;
        this.reports = reports;
    }

    /** Schedules every group and starts probing and ticking at once. */
    public static Daemon start(Config config, Engine engine) {
        return start(config, engine, null, Clock.systemUTC());
    }

    /**
     * A node of a cluster: the ticks in Quartz's clustered job store in the cluster's database (one node runs each
     * group's tick, and the others take a dead node's ticks over), this node's observations saved every check-in and
     * at once when a target's health changes here.
     *
     * @param cluster the cluster's database, or {@code null} for a single node
     */
    public static Daemon start(Config config, Engine engine, ClusterDatabase cluster) {
        return start(config, engine, cluster, Clock.systemUTC());
    }

    /**
     * What a node of a cluster needs of its database.
     *
     * @param data the pool, shared with the state store
     * @param saveEvery how often this node saves its observations (and so says it is alive)
     */
    public record ClusterDatabase(DataSource data, Duration saveEvery) {}

    static Daemon start(Config config, Engine engine, ClusterDatabase cluster, Clock clock) {
        Lateness lateness = new Lateness(clock.instant());
        Map<String, AtomicBoolean> decideSoon = new ConcurrentHashMap<>();
        config.groups().keySet().forEach(g -> decideSoon.put(g, new AtomicBoolean()));
        Map<String, Long> lateAfter = new ConcurrentHashMap<>();
        config.groups().values().forEach(g -> lateAfter.put(g.name(), lateAfter(g.check().interval())));
        Scheduler s;
        try {
            s = scheduler(config, engine, lateness, new GroupJob.Shared(decideSoon, lateAfter), cluster, clock);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
        }
        ScheduledThreadPoolExecutor reports = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dnsfailover-reports");
            t.setDaemon(true);
            return t;
        });
        long pid = ProcessHandle.current().pid();
        DatabaseWatch watch = cluster == null ? null : new DatabaseWatch();
        java.util.function.Consumer<String> changed;
        if (cluster == null) {
            changed = group -> decideNow(s, group, decideSoon.get(group));
        } else {
            // the other nodes see this node's change once it is saved: saved first, then the tick asked for
            AtomicBoolean saving = new AtomicBoolean();
            changed = group -> {
                if (saving.compareAndSet(false, true)) {
                    reports.execute(() -> {
                        saving.set(false);
                        watch.quietly(() -> engine.saveObservations(pid));
                        decideNow(s, group, decideSoon.get(group));
                    });
                } else {
                    reports.execute(() -> decideNow(s, group, decideSoon.get(group)));
                }
            };
        }
        ProbeSchedule probes = ProbeSchedule.start(config, ProbeSchedule.Targets.of(engine), changed::accept, clock, lateness);
        LateReport late = new LateReport();
        reports.scheduleAtFixedRate(() -> report(() -> engine.report(late.step(lateness.take(clock.instant())))),
                LATE_WINDOW.toMillis(), LATE_WINDOW.toMillis(), TimeUnit.MILLISECONDS);
        long every = (cluster == null ? saveEvery(config) : cluster.saveEvery()).toMillis();
        if (watch == null) {
            reports.scheduleAtFixedRate(() -> report(() -> engine.saveObservations(pid)), every, every, TimeUnit.MILLISECONDS);
        } else {
            reports.scheduleAtFixedRate(() -> report(() -> watch.quietly(() -> engine.saveObservations(pid))), 0, every,
                    TimeUnit.MILLISECONDS);
        }
        return new Daemon(s, probes, reports);
    }

    private static Scheduler scheduler(Config config, Engine engine, Lateness lateness, GroupJob.Shared shared,
            ClusterDatabase cluster, Clock clock) throws SchedulerException {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "dnsfailover");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true"); // no traffic anywhere but our targets
        if (cluster == null) {
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        } else {
            clustered(p, config, cluster);
        }
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(Math.max(2, Math.min(config.groups().size(), 32))));
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        // a tick that could not start within a second of its time is skipped to the next one: counted and reported
        p.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        Scheduler s = new StdSchedulerFactory(p).getScheduler();
        s.setJobFactory((TriggerFiredBundle bundle, Scheduler sch) -> new GroupJob(engine, lateness, shared));
        s.getListenerManager().addTriggerListener(new TriggerListenerSupport() {
            @Override
            public String getName() {
                return "dnsfailover-misfires";
            }

            @Override
            public void triggerMisfired(Trigger trigger) {
                // a regular tick is skipped to its next time; one asked for by a probe still runs, as soon as it can
                if (trigger.getKey().getName().equals(trigger.getJobKey().getName())) {
                    lateness.skippedTick(trigger.getJobKey().getName());
                }
            }
        });
        long now = clock.millis();
        for (PhasedTick t : PhasedTick.of(config)) {
            GroupConfig g = config.groups().get(t.group());
            JobDetail job = JobBuilder.newJob(GroupJob.class).withIdentity(g.name()).usingJobData("group", g.name()).build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(g.name()).startAt(new Date(t.firstAtOrAfter(now)))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(g.check().interval().toMillis())
                            .repeatForever()
                            .withMisfireHandlingInstructionNextWithRemainingCount())
                    .build();
            if (cluster == null) {
                s.scheduleJob(job, trigger);
            } else if (!(s.getTrigger(trigger.getKey()) instanceof SimpleTrigger kept)
                    || kept.getRepeatInterval() != g.check().interval().toMillis()) {
                // a cluster's ticks outlive each node: scheduled by the first node, or anew when the interval changed
                s.scheduleJob(job, java.util.Set.of(trigger), true);
            }
        }
        if (cluster != null) {
            for (JobKey key : s.getJobKeys(GroupMatcher.anyJobGroup())) {
                if (!config.groups().containsKey(key.getName())) {
                    s.deleteJob(key); // a group no longer in the config
                }
            }
        }
        s.start();
        return s;
    }

    /** Quartz's clustered JDBC job store on the cluster's pool; this node's name is its instance id. */
    private static void clustered(Properties p, Config config, ClusterDatabase cluster) {
        String name = "dnsfailover-" + config.cluster().node();
        DBConnectionManager.getInstance().addConnectionProvider(name, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return cluster.data().getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the state store, which closes it
            }

            @Override
            public void initialize() {
                // the pool is open already
            }
        });
        p.setProperty("org.quartz.scheduler.instanceId", config.cluster().node());
        p.setProperty("org.quartz.jobStore.class", ClusterJobStore.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", name);
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(config.cluster().checkIn().toMillis()));
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // an idle node looks for due ticks every check-in, so that a dead node's are taken over that soon
        String checkIn = String.valueOf(config.cluster().checkIn().toMillis());
        p.setProperty("org.quartz.scheduler.idleWaitTime", checkIn);
        // with the database gone, Quartz retries every 15 s by default, and a node asked to stop waits for that retry
        p.setProperty("org.quartz.scheduler.dbFailureRetryInterval", checkIn);
        p.setProperty("org.quartz.jobStore.dbRetryInterval", checkIn);
    }

    /** Asks for a tick of the group now, unless one asked for has not started yet. */
    private static void decideNow(Scheduler s, String group, AtomicBoolean soon) {
        if (!soon.compareAndSet(false, true)) {
            return;
        }
        try {
            s.triggerJob(JobKey.jobKey(group));
        } catch (SchedulerException e) {
            soon.set(false);
            log.warn("group {}: cannot ask for a tick now ({}); it decides at its next tick", group, e.getMessage());
        }
    }

    /** A probe or tick starting later than this after its time is late: a quarter of the interval, at most 1 s. */
    static long lateAfter(Duration interval) {
        return Math.min(1000, interval.toMillis() / 4);
    }

    /** Observations are saved twice per shortest interval, every second at most and every 5 s at least. */
    static Duration saveEvery(Config config) {
        Duration shortest = config.groups().values().stream().map(g -> g.check().interval()).min(Duration::compareTo)
                .orElse(Duration.ofSeconds(10));
        Duration half = shortest.dividedBy(2);
        return half.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : half.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : half;
    }

    private static void report(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("daemon report failed: {}", e.toString(), e);
        }
    }

    /** Stops probing and scheduling and waits for ticks in flight (a write in flight finishes). Idempotent. */
    @Override
    public void close() {
        probes.close();
        reports.shutdownNow();
        try {
            if (!scheduler.isShutdown()) {
                // a cluster's ticks stay scheduled in its database for the other nodes: only this node stops
                scheduler.shutdown(true);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot stop the scheduler: " + e.getMessage(), e);
        }
    }

    /** One group's tick. Never two at once for one group. */
    @DisallowConcurrentExecution
    static final class GroupJob implements Job {

        /** Per group: whether a tick was asked for and has not started, and when a tick counts as late. */
        record Shared(Map<String, AtomicBoolean> decideSoon, Map<String, Long> lateAfter) {}

        private final Engine engine;
        private final Lateness lateness;
        private final Shared shared;

        GroupJob(Engine engine, Lateness lateness, Shared shared) {
            this.engine = engine;
            this.lateness = lateness;
            this.shared = shared;
        }

        @Override
        public void execute(JobExecutionContext context) {
            String group = context.getMergedJobDataMap().getString("group");
            shared.decideSoon().get(group).set(false);
            // only the regular ticks: one asked for by a probe may wait for the group's tick still running, which is not lateness
            if (context.getScheduledFireTime() != null && context.getTrigger().getKey().getName().equals(group)) {
                lateness.tick(group, context.getFireTime().getTime() - context.getScheduledFireTime().getTime(), shared.lateAfter().get(group));
            }
            engine.tick(group);
        }
    }
}
