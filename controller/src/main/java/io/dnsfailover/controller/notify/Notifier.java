package io.dnsfailover.controller.notify;

/**
 * Delivers one notification to one place (an SMTP server, a webhook). Blocking; may fail. Retrying,
 * queueing and never delaying a failover are the dispatcher's job ({@link Notifications}), not the
 * notifier's. Implementations are thread safe and never put a secret in an exception message.
 *
 * <p>An implementation that holds resources (connections, threads) may also implement {@link AutoCloseable}:
 * {@link Notifications#close(java.time.Duration)} closes it, which should also cancel a send in flight.
 */
public interface Notifier {

    /** A short description for logs, without secrets, e.g. {@code email to ops@example.com via smtp.example.com:587}. */
    String describe();

    /** @throws Exception when delivery failed; the dispatcher retries */
    void send(Notification notification) throws Exception;
}
