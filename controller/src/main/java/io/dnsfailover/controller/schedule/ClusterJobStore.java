package io.dnsfailover.controller.schedule;

import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.SchedulerStateRecord;

/**
 * Quartz's JDBC job store, clustered, with a shorter grace before a silent node counts as failed: Quartz waits
 * its check-in interval plus 7.5 s; a failover controller whose deciding node died cannot wait that long. A node
 * is failed here once it missed about two check-ins (the interval twice, and at least a second of slack), after
 * which another node recovers the ticks it held. A node only paused that long is fenced by the group's lease.
 */
public class ClusterJobStore extends JobStoreTX {

    @Override
    protected long calcFailedIfAfter(SchedulerStateRecord rec) {
        return rec.getCheckinTimestamp() + rec.getCheckinInterval() + Math.max(rec.getCheckinInterval(), 1000L);
    }
}
