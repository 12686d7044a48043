package io.dnsfailover.controller.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dnsfailover.health.Health;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * {@code observations.json} in the state directory: {@code {"version":1,"at":...,"pid":...,"groups":{"atlanta1":
 * {"primary":{"health":"UP","lastProbe":...,...}}}}}. Only a running daemon writes it, every few seconds, by
 * atomic rename and without fsync: it is rewritten soon, and after a power cut a stale or missing file only
 * means that one-shot commands probe for themselves. A broken or newer file reads as absent, with the reason.
 */
final class ObservationsFile {

    static final String NAME = "observations.json";
    static final int VERSION = 1;

    /** One for the process, as {@link StateJson}'s. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(InstantText.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final ObjectMapper mapper = MAPPER;

    /** Reads observations of every kind of field once and throws them away: see {@link FileStateStore#warmUp}. */
    static void warmUp() {
        Instant t = Instant.parse("2026-01-01T00:00:00.123456789Z");
        Observations sample = new Observations(t, 1, Map.of("group", Map.of("primary",
                new Observations.Target(Health.UP, t, t, Health.UP, "warm-up", t))));
        try {
            MAPPER.readValue(MAPPER.writeValueAsBytes(new OnDisk(VERSION, sample)), OnDisk.class);
        } catch (IOException e) {
            throw new IllegalStateException("the observations' own sample does not read back: " + e.getMessage(), e);
        }
    }

    private final Path file;

    ObservationsFile(Path dir) {
        this.file = dir.resolve(NAME);
    }

    private record OnDisk(Integer version, Observations observations) {}

    void write(Observations o) {
        try {
            AtomicFiles.replaceWithoutSync(file, mapper.writeValueAsBytes(new OnDisk(VERSION, o)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The latest saved, or the reason there is none to use. */
    StateStore.ObservationsRead read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return StateStore.ObservationsRead.none("no daemon has saved its observations in " + file.getParent() + " yet");
        } catch (IOException e) {
            return StateStore.ObservationsRead.none("cannot read " + file + ": " + e.getMessage());
        }
        try {
            OnDisk d = mapper.readValue(bytes, OnDisk.class);
            if (d.version() == null || d.version() > VERSION || d.observations() == null) {
                return StateStore.ObservationsRead.none(file + " is of format " + d.version() + ", which this dnsfailover does not read");
            }
            return new StateStore.ObservationsRead(d.observations(), null);
        } catch (IOException | RuntimeException e) {
            return StateStore.ObservationsRead.none(file + " cannot be read (" + e.getClass().getSimpleName() + "); the daemon rewrites it every few seconds");
        }
    }
}
