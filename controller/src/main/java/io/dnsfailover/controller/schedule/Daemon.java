package io.dnsfailover.controller.schedule;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.engine.Engine;
import java.util.Properties;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Runs {@link Engine#runOnce} for every group at its check interval with Quartz (in-memory job store; a
 * clustered JDBC store can replace it later). Policy lives in the engine; this class only decides when.
 */
public final class Daemon implements AutoCloseable {

    private final Scheduler scheduler;

    private Daemon(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Schedules every group and starts ticking at once. */
    public static Daemon start(Config config, Engine engine) {
        try {
            Properties p = new Properties();
            p.setProperty("org.quartz.scheduler.instanceName", "dnsfailover");
            p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true"); // no traffic anywhere but our targets
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(Math.max(2, Math.min(config.groups().size(), 32))));
            p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
            // a tick that overran its interval is not made up for: the next one runs when due
            p.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
            Scheduler s = new StdSchedulerFactory(p).getScheduler();
            s.setJobFactory((TriggerFiredBundle bundle, Scheduler sch) -> new GroupJob(engine));
            for (GroupConfig g : config.groups().values()) {
                s.scheduleJob(JobBuilder.newJob(GroupJob.class).withIdentity(g.name()).usingJobData("group", g.name()).build(),
                        TriggerBuilder.newTrigger().withIdentity(g.name()).startNow()
                                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                                        .withIntervalInMilliseconds(g.check().interval().toMillis())
                                        .repeatForever()
                                        .withMisfireHandlingInstructionNextWithRemainingCount())
                                .build());
            }
            s.start();
            return new Daemon(s);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    /** Stops scheduling and waits for ticks in flight (a write in flight finishes). Idempotent. */
    @Override
    public void close() {
        try {
            if (!scheduler.isShutdown()) {
                scheduler.shutdown(true);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot stop the scheduler: " + e.getMessage(), e);
        }
    }

    /** One group's tick. Never two at once for one group. */
    @DisallowConcurrentExecution
    static final class GroupJob implements Job {
        private final Engine engine;

        GroupJob(Engine engine) {
            this.engine = engine;
        }

        @Override
        public void execute(JobExecutionContext context) {
            engine.runOnce(context.getMergedJobDataMap().getString("group"));
        }
    }
}
