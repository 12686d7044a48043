package io.dnsfailover.controller.e2e;

import io.dnsfailover.controller.demo.DemoWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The two web servers a group checks: the primary on {@value #PRIMARY} and the backup on {@value #BACKUP}, on the
 * same port (a group's check has one port), each answering {@code /healthz} "ok" for the group's host name only.
 * A test stops and restarts either one to make it DOWN or UP for real. {@link #close()} stops both.
 */
final class Backends implements AutoCloseable {

    static final String PRIMARY = "127.0.0.1";
    static final String BACKUP = "127.0.0.2";

    private final String hostName;
    private final int port;
    private DemoWebServer primary;
    private DemoWebServer backup;

    private Backends(String hostName, DemoWebServer primary, DemoWebServer backup) {
        this.hostName = hostName;
        this.port = primary.port();
        this.primary = primary;
        this.backup = backup;
    }

    /** Starts both on a free port. */
    static Backends start(String hostName) {
        DemoWebServer primary = web(PRIMARY, 0, hostName, "primary");
        try {
            return new Backends(hostName, primary, web(BACKUP, primary.port(), hostName, "backup"));
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
    }

    /** The port both listen on. */
    int port() {
        return port;
    }

    /** The primary refuses connections from now on. Idempotent. */
    void stopPrimary() {
        if (primary != null) {
            primary.close();
            primary = null;
        }
    }

    /** A new primary on the same address and port. */
    void startPrimary() {
        if (primary == null) {
            primary = web(PRIMARY, port, hostName, "primary");
        }
    }

    /** The backup refuses connections from now on. Idempotent. */
    void stopBackup() {
        if (backup != null) {
            backup.close();
            backup = null;
        }
    }

    private static DemoWebServer web(String address, int port, String hostName, String label) {
        try {
            return DemoWebServer.start(address, port, hostName, label);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + label + " web server on " + address + ":" + port, e);
        }
    }

    @Override
    public void close() {
        stopPrimary();
        stopBackup();
    }
}
