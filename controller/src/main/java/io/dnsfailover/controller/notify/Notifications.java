package io.dnsfailover.controller.notify;

import io.dnsfailover.controller.config.Durations;
import io.dnsfailover.controller.config.NotifierConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to every configured {@link Notifier} in the background, so that a slow or failing
 * mail server or webhook never delays a failover.
 *
 * <p>Each notifier has its own queue and its own daemon thread: notifiers are independent (one that hangs
 * delays no other), and each receives notifications in the order they were published. A failed delivery is
 * retried with doubling backoff, per {@link Retry}; every failure and the final give-up are logged without
 * secrets. A queue holds at most {@value #DEFAULT_QUEUE} notifications; when it is full, the oldest waiting one
 * is dropped with a warning, because a notifier that far behind is better served with the latest news.
 *
 * <p>Thread safe. {@link #close(Duration)} lets queued deliveries finish until a deadline, then stops.
 */
public final class Notifications implements AutoCloseable {

    /** Notifications waiting per notifier before the oldest is dropped. */
    public static final int DEFAULT_QUEUE = 1000;

    /** What {@link #close()} waits for queued deliveries. */
    public static final Duration DEFAULT_CLOSE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);

    /**
     * How a failed delivery is retried.
     *
     * @param attempts deliveries tried per notification and notifier, the first included
     * @param initialBackoff wait after the first failure; it doubles after each further failure
     * @param maxBackoff the longest wait between two attempts
     */
    public record Retry(int attempts, Duration initialBackoff, Duration maxBackoff) {

        /** 5 attempts, waiting 2 s, 4 s, 8 s and 16 s between them (at most 60 s). */
        public static final Retry DEFAULT = new Retry(5, Duration.ofSeconds(2), Duration.ofSeconds(60));

        public Retry {
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1, but was " + attempts);
            }
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("backoff must be 0 <= initialBackoff <= maxBackoff, but was "
                        + initialBackoff + " and " + maxBackoff);
            }
        }

        /** The wait after failed attempt number {@code attempt} (1 for the first): initial × 2^(attempt-1), capped. */
        public Duration backoff(int attempt) {
            Duration wait = initialBackoff;
            for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
        }
    }

    private final List<Notifier> notifiers;
    private final List<Lane> lanes;
    private final Retry retry;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set when {@link #close(Duration)} ran out of time: deliveries still running give up instead of retrying. */
    private volatile boolean abandoned;

    /**
     * One notifier per config entry, with the {@link Retry#DEFAULT default retry}.
     *
     * @throws IllegalArgumentException when an entry cannot be built (a bad address, URL or header), naming no secret
     */
    public static Notifications from(List<NotifierConfig> configs) {
        List<Notifier> built = new ArrayList<>();
        for (NotifierConfig config : configs) {
            if (config instanceof NotifierConfig.Email email) {
                built.add(new EmailNotifier(email));
            } else if (config instanceof NotifierConfig.Webhook webhook) {
                built.add(new WebhookNotifier(webhook));
            } else {
                throw new IllegalArgumentException("unknown notifier config " + config.getClass().getSimpleName());
            }
        }
        return new Notifications(built, Retry.DEFAULT);
    }

    /** Delivers to {@code notifiers}, retrying per {@code retry}. Starts no thread until the first publish. */
    public Notifications(List<Notifier> notifiers, Retry retry) {
        this(notifiers, retry, DEFAULT_QUEUE);
    }

    /** For tests: a smaller queue. */
    Notifications(List<Notifier> notifiers, Retry retry, int queueCapacity) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, but was " + queueCapacity);
        }
        this.notifiers = List.copyOf(notifiers);
        this.retry = Objects.requireNonNull(retry, "retry");
        List<Lane> built = new ArrayList<>();
        for (int i = 0; i < this.notifiers.size(); i++) {
            built.add(new Lane(this.notifiers.get(i), i, queueCapacity));
        }
        this.lanes = List.copyOf(built);
    }

    /** The notifiers, in config order, e.g. to describe them at start-up. */
    public List<Notifier> notifiers() {
        return notifiers;
    }

    /**
     * Queues {@code notification} for every notifier and returns at once. Never blocks on a notifier and never
     * throws: a problem (a full queue, a closed dispatcher, even {@code null}) is logged, never raised, because the
     * caller is in the middle of a failover.
     */
    public void publish(Notification notification) {
        try {
            if (notification == null) {
                log.error("Ignored a null notification", new IllegalArgumentException("notification is null"));
                return;
            }
            String line = NotificationText.line(notification);
            if (closed.get()) {
                log.warn("Not sent, notifications are closed: {}", line);
                return;
            }
            log.info("Notifying {}: {}", count(lanes.size(), "notifier"), line);
            for (Lane lane : lanes) {
                lane.offer(notification);
            }
        } catch (RuntimeException e) {
            log.error("Could not queue a notification", e);
        }
    }

    /**
     * Stops taking notifications, lets queued and running deliveries finish (retries included) until
     * {@code timeout} has passed, then abandons the rest, cancels what a notifier can cancel, and logs what was not
     * delivered. Closes notifiers that are {@link AutoCloseable}. Calling it again does nothing.
     *
     * @return true when every queued delivery finished (delivered or given up) in time
     */
    public boolean close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return lanes.stream().allMatch(Lane::terminated);
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        lanes.forEach(Lane::shutdown);
        boolean drained = true;
        for (Lane lane : lanes) {
            drained &= lane.awaitUntil(deadline);
        }
        if (!drained) {
            abandoned = true;
            int left = 0;
            for (Lane lane : lanes) {
                left += lane.abandon();
            }
            log.warn("Closed notifications after {}, abandoning {} still running or queued",
                    Durations.format(timeout), count(left, "delivery"));
        }
        for (Notifier notifier : notifiers) {
            if (notifier instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    log.warn("Could not close {}: {}", notifier.describe(), message(e));
                }
            }
        }
        return drained;
    }

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE);
    }

    /** Delivers one notification to one notifier, retrying; runs on the notifier's own thread. */
    private void deliver(Notifier notifier, Notification notification) {
        String line = NotificationText.line(notification);
        for (int attempt = 1; ; attempt++) {
            try {
                notifier.send(notification);
                if (attempt > 1) {
                    log.info("Delivered to {} on attempt {} of {}: {}", notifier.describe(), attempt,
                            retry.attempts(), line);
                } else {
                    log.debug("Delivered to {}: {}", notifier.describe(), line);
                }
                return;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) { // any failure of a plug-in is its failure to deliver, not the dispatcher's
                log.debug("Delivery to {} failed", notifier.describe(), e);
                if (abandoned) {
                    log.error("Gave up notifying {} while closing (attempt {} failed: {}): {}", notifier.describe(),
                            attempt, message(e), line);
                    return;
                }
                if (attempt >= retry.attempts()) {
                    log.error("Gave up notifying {} after {}, last failure: {}: {}", notifier.describe(),
                            count(attempt, "attempt"), message(e), line);
                    return;
                }
                Duration wait = retry.backoff(attempt);
                log.warn("Notifying {} failed (attempt {} of {}): {}; retrying in {}: {}", notifier.describe(),
                        attempt, retry.attempts(), message(e), Durations.format(wait), line);
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    log.error("Gave up notifying {} while closing, after {}: {}", notifier.describe(),
                            count(attempt, "attempt"), line);
                    return;
                }
            }
        }
    }

    /** Notifiers promise messages without secrets; a bare exception still says what it was. */
    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getName() : m.replaceAll("[\\r\\n]+", " ");
    }

    private static String count(int n, String word) {
        return n + " " + (n == 1 ? word : word.endsWith("y") ? word.substring(0, word.length() - 1) + "ies" : word + "s");
    }

    /** One queued delivery; a named type so that a dropped one can be reported. */
    private record Delivery(Notification notification, Runnable work) implements Runnable {
        @Override
        public void run() {
            work.run();
        }
    }

    /** One notifier's queue and thread. */
    private final class Lane {

        private final Notifier notifier;
        private final ThreadPoolExecutor executor;

        Lane(Notifier notifier, int index, int capacity) {
            this.notifier = notifier;
            RejectedExecutionHandler dropOldest = (task, pool) -> {
                if (pool.isShutdown()) {
                    log.warn("Not sent to {}, notifications are closed: {}", notifier.describe(),
                            NotificationText.line(((Delivery) task).notification()));
                    return;
                }
                if (pool.getQueue().poll() instanceof Delivery dropped) {
                    log.warn("{} notifications wait for {}: dropped the oldest: {}", capacity, notifier.describe(),
                            NotificationText.line(dropped.notification()));
                }
                pool.execute(task);
            };
            this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(capacity), runnable -> {
                        Thread t = new Thread(runnable, "dnsfailover-notify-" + index);
                        t.setDaemon(true); // never keeps the JVM alive for an alert
                        return t;
                    }, dropOldest);
        }

        void offer(Notification notification) {
            executor.execute(new Delivery(notification, () -> deliver(notifier, notification)));
        }

        void shutdown() {
            executor.shutdown();
        }

        boolean awaitUntil(long deadline) {
            try {
                return executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        boolean terminated() {
            return executor.isTerminated();
        }

        /** Interrupts the running delivery and drops the queued ones, logging each; returns how many. */
        int abandon() {
            List<Runnable> queued = executor.shutdownNow();
            for (Runnable r : queued) {
                log.error("Gave up notifying {}, not sent before close: {}", notifier.describe(),
                        NotificationText.line(((Delivery) r).notification()));
            }
            return queued.size() + (executor.getActiveCount() > 0 ? 1 : 0);
        }
    }
}
