package io.dnsfailover.controller.notify;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A notifier for tests: records what it delivered, and can fail, or block until released. */
final class RecordingNotifier implements Notifier {

    private final String name;
    private final int failures;
    private final boolean blocks;
    private final List<Notification> delivered = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private RecordingNotifier(String name, int failures, boolean blocks) {
        this.name = name;
        this.failures = failures;
        this.blocks = blocks;
    }

    static RecordingNotifier working(String name) {
        return new RecordingNotifier(name, 0, false);
    }

    /** Throws on the first {@code failures} attempts, then delivers. */
    static RecordingNotifier failingFirst(String name, int failures) {
        return new RecordingNotifier(name, failures, false);
    }

    static RecordingNotifier alwaysFailing(String name) {
        return new RecordingNotifier(name, Integer.MAX_VALUE, false);
    }

    /** Every send waits until {@link #release()} (or an interrupt), then delivers. */
    static RecordingNotifier blocking(String name) {
        return new RecordingNotifier(name, 0, true);
    }

    @Override
    public String describe() {
        return "recording notifier " + name;
    }

    @Override
    public void send(Notification notification) throws Exception {
        int attempt = attempts.incrementAndGet();
        entered.countDown();
        if (blocks) {
            released.await();
        }
        if (attempt <= failures) {
            throw new IllegalStateException(name + " is down (attempt " + attempt + ")");
        }
        delivered.add(notification);
    }

    void release() {
        released.countDown();
    }

    /** Waits until a send has started, so that a test knows the notifier's thread is busy. */
    void awaitEntered() throws InterruptedException {
        entered.await();
    }

    List<Notification> delivered() {
        return List.copyOf(delivered);
    }

    int attempts() {
        return attempts.get();
    }
}
