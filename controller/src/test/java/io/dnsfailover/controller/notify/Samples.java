package io.dnsfailover.controller.notify;

import java.time.Instant;
import java.util.List;

/** Notifications for tests. */
final class Samples {

    static final Instant AT = Instant.parse("2026-11-21T12:00:03Z");

    private Samples() {
    }

    static Notification failover() {
        return new Notification(Notification.Kind.FAILOVER, "atlanta1", AT,
                "atlanta1: failed over from primary to backup1",
                List.of("primary: https check failed 3 times in a row since 2026-11-21T11:59:33Z (connection refused)",
                        "backup1: https check passed at 2026-11-21T12:00:02Z"),
                List.of("cf: atlanta1.hosting.com A 203.0.113.10 -> 198.51.100.20"));
    }

    /** Numbered, so that order and loss can be checked. */
    static Notification numbered(int i) {
        return new Notification(Notification.Kind.FAILBACK, "group" + i, AT.plusSeconds(i), "group" + i + ": event " + i,
                List.of(), List.of());
    }
}
