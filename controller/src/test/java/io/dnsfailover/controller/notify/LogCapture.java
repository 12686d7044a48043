package io.dnsfailover.controller.notify;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Captures what one class logs (DEBUG and up) while open; safe to read while other threads log. */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final boolean previousAdditive;
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    private LogCapture(Class<?> source) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        this.previous = logger.getLevel();
        this.previousAdditive = logger.isAdditive();
        setName("capture");
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false); // DEBUG is for the assertions, not for the console
    }

    static LogCapture of(Class<?> source) {
        return new LogCapture(source);
    }

    @Override
    protected void append(ILoggingEvent event) {
        events.add(event);
    }

    /** Formatted messages at {@code level}. */
    List<String> messages(Level level) {
        return events.stream().filter(e -> e.getLevel().equals(level)).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Everything logged, each message followed by its throwable chain's messages, for secret checks. */
    String everything() {
        StringBuilder b = new StringBuilder();
        for (ILoggingEvent e : events) {
            b.append(e.getFormattedMessage()).append('\n');
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                b.append("  ").append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(previous);
        logger.setAdditive(previousAdditive);
        stop();
    }
}
