package io.dnsfailover.controller.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Optional;

/**
 * The part of a group's {@link Memory} that a cluster's nodes share, because each group's ticks run on any node,
 * one at a time: the alarms (so that a condition is journalled and notified once, not once per node that sees
 * it start), and the latest decision and plan journalled (so that each is journalled once). The rest stays each
 * node's own: its probes, its provider reads (a write by another node shows in the state and makes it read
 * again), the state it last saw.
 *
 * @param version how many times it was saved (the saver adds one)
 */
public record SharedMemory(long version, String lastOutcome, String lastPlan, Alarms alarms) {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Where a cluster keeps it: one value per group. */
    public interface Store {

        /** The group's shared memory as saved last, or empty when none (or it cannot be used). */
        Optional<SharedMemory> load(String group);

        void save(String group, SharedMemory memory);
    }

    /** What {@code m} holds of it. */
    static SharedMemory of(Memory m, long version) {
        return new SharedMemory(version, m.lastOutcome(), m.lastPlan(), m.alarms());
    }

    /** {@code m} with this shared part in place of its own. */
    Memory into(Memory m) {
        return m.withLastOutcome(lastOutcome).withLastPlan(lastPlan).withAlarms(alarms);
    }

    /** The same content, as saved next. */
    boolean sameAs(SharedMemory other) {
        return other != null && java.util.Objects.equals(lastOutcome, other.lastOutcome)
                && java.util.Objects.equals(lastPlan, other.lastPlan) && alarms.equals(other.alarms);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a group's shared memory: " + e.getOriginalMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when {@code json} is not one */
    public static SharedMemory fromJson(String json) {
        try {
            return JSON.readValue(json, SharedMemory.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a group's shared memory cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
