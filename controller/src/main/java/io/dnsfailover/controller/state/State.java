package io.dnsfailover.controller.state;

import java.util.Map;
import java.util.TreeMap;

/** Every group's saved state, as {@link StateStore#load()} finds it: per group, its {@link GroupState}. Immutable. */
public record State(Map<String, GroupState> groups) {

    public static final State EMPTY = new State(Map.of());

    public State {
        groups = groups == null ? Map.of() : Map.copyOf(groups);
    }

    /** The group's state, or {@link GroupState#EMPTY}. */
    public GroupState group(String name) {
        return groups.getOrDefault(name, GroupState.EMPTY);
    }

    public State with(String name, GroupState state) {
        Map<String, GroupState> copy = new TreeMap<>(groups);
        copy.put(name, state);
        return new State(copy);
    }
}
