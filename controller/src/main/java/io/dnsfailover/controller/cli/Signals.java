package io.dnsfailover.controller.cli;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop cleanly. A plain shutdown hook would run too, but the JVM would
 * then exit 143; a daemon told to stop that stopped cleanly exits 0, so service managers see success.
 */
final class Signals {

    private Signals() {}

    static void onTerminate(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> action.run());
            } catch (IllegalArgumentException e) {
                // the platform lacks this signal: the default handling stays
            }
        }
    }
}
