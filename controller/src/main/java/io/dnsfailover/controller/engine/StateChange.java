package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.TargetHealth;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One change to a group's saved state, as a value: the executor applies it with
 * {@link io.dnsfailover.controller.state.StateStore#update} (so it lands on the latest saved state, next to
 * what other processes wrote), and tests compare it.
 */
public sealed interface StateChange {

    /** The new state, given the latest saved one. */
    GroupState apply(GroupState saved);

    /** The daemon's health of every target and its latest decision. */
    record Observed(Map<String, TargetHealth> health, String reason, Instant at) implements StateChange {
        public Observed {
            health = Map.copyOf(health);
        }

        @Override
        public GroupState apply(GroupState saved) {
            return saved.withHealth(health).withDecision(reason, at);
        }
    }

    /** An operator's pin to {@code target}, or its removal ({@code target} null). */
    record Pin(String target, Instant at) implements StateChange {
        @Override
        public GroupState apply(GroupState saved) {
            return saved.withOverride(target, at);
        }
    }

    /** A write of {@code values} is starting (empty: the write ended without landing anywhere). */
    record Writing(List<String> values, Instant at) implements StateChange {
        public Writing {
            values = List.copyOf(values);
        }

        @Override
        public GroupState apply(GroupState saved) {
            return saved.withWriting(values, at);
        }
    }

    /**
     * {@code values} are published by dnsfailover (written, or found at start to be the write it began).
     *
     * @param switchedAt the new last switch time (unchanged when the values did not change)
     */
    record Published(List<String> values, Instant switchedAt, Instant at) implements StateChange {
        public Published {
            values = List.copyOf(values);
        }

        @Override
        public GroupState apply(GroupState saved) {
            return saved.withPublished(values, switchedAt, at);
        }
    }
}
