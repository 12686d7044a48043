package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.notify.Notification;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a tick wants done, as a value (DNSControl's "a correction is a message plus a deferred action"):
 * {@link Tick} only returns effects; {@link EffectRunner} runs them, for the daemon and the one-shot commands
 * alike. Dry-run and preview are that runner skipping some kinds, in one place.
 */
public sealed interface Effect {

    /** One journal line. */
    record Journal(Event.Type type, Map<String, Object> data) implements Effect {
        public Journal {
            data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }
    }

    /** A notification to every notifier. */
    record Notify(Notification notification) implements Effect {}

    /** A log line for the operator watching the daemon (journal lines are logged too, by the runner). */
    record Log(boolean warning, String message) implements Effect {}

    /** A change to the group's saved state. */
    record Save(StateChange change) implements Effect {}

    /** Put back the group's state, lost from under the daemon, as the daemon knew it. */
    record Restore(GroupState state, String why) implements Effect {}

    /**
     * One provider's write: apply {@code changes} in order (the ownership marker first), wait for the
     * provider's sync signal where it has one, read back.
     *
     * @param desired the record set the write is for
     * @param before the values published before it (to tell a failover from a failback when it lands)
     * @param reason the decision's reason, for the notification when it lands
     * @param evidence the targets that were not UP, one line each, for the notification
     */
    record Write(String provider, List<Change> changes, RecordSet desired, List<String> before, String reason,
            List<String> evidence, boolean failback) implements Effect {
        public Write {
            changes = List.copyOf(changes);
            before = List.copyOf(before);
            evidence = List.copyOf(evidence);
        }
    }
}
