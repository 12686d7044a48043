package io.dnsfailover.health;

import java.time.Duration;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The checker's threads: a pool that hands a probe to an idle thread when there is one, starts a new
 * thread when there is none (up to {@code max}), and queues only when {@code max} threads are busy. A
 * plain {@link ThreadPoolExecutor} does the opposite (it queues before it grows past its core size), which
 * would make healthy probes wait behind hanging ones.
 */
final class ProbePool {

    private ProbePool() {}

    static ThreadPoolExecutor create(int max, Duration idle, ThreadFactory threads) {
        HandOff queue = new HandOff();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, max, idle.toMillis(), TimeUnit.MILLISECONDS, queue, threads,
                (task, executor) -> {
                    if (executor.isShutdown()) {
                        throw new RejectedExecutionException("the checker is closed");
                    }
                    queue.enqueue(task); // every thread is busy: the probe waits for the first one free
                });
        return pool;
    }

    /**
     * Accepts a task through {@link #offer} only when a thread is waiting to take it, so that the pool
     * starts a thread instead; {@link #enqueue} is the real queue once the pool is full.
     */
    private static final class HandOff extends LinkedTransferQueue<Runnable> {
        @Override
        public boolean offer(Runnable task) {
            return tryTransfer(task);
        }

        void enqueue(Runnable task) {
            super.offer(task);
        }
    }
}
