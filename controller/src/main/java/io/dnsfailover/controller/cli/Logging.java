package io.dnsfailover.controller.cli;

import org.slf4j.LoggerFactory;

/**
 * Starts logging (SLF4J with logback: a fifth of a second of a cold JVM) on a thread of its own, to be joined before
 * the command starts threads that log: calls made on other threads while logging is still starting are held and
 * replayed by SLF4J, which says so on stderr.
 */
final class Logging {

    private Logging() {}

    /** Starts logging on another thread; {@link #ready} waits for it. */
    static Thread start() {
        Thread t = new Thread(LoggerFactory::getILoggerFactory, "dnsfailover-logging");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Returns once logging has started. */
    static void ready(Thread started) {
        try {
            started.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
