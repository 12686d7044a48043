package io.dnsfailover.controller.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The file formats of the state directory, in one place so that they stay stable.
 *
 * <p>{@code state.json}: {@code {"version":1,"groups":{"atlanta1":{"published":[...],...}}}}, pretty printed,
 * groups and maps sorted by key so that a diff of two versions shows what changed. Instants are ISO-8601
 * strings. A later format adds fields; a file whose {@code version} is newer than this code is refused
 * rather than rewritten without the fields it does not know.
 *
 * <p>{@code events.jsonl}: one compact object per line, {@code {"at":...,"group":...,"type":"apply",
 * "dryRun":false, ...data}}, with the event's data flattened into the object.
 */
final class StateJson {

    /** The {@code state.json} format this code writes and the newest it reads. */
    static final int VERSION = 1;

    /** The fields of a journal line that are not data; a data key may not take one of these names. */
    private static final String AT = "at";
    private static final String GROUP = "group";
    private static final String TYPE = "type";
    private static final String DRY_RUN = "dryRun";

    /** How every line written by {@link #eventLine} begins; used to find an event after a torn fragment. */
    static final String LINE_START = "{\"" + AT + "\":";

    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            // a newer dnsfailover may add fields within the same version; reading them must not fail
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // "{...}garbage" is a broken file, not a state followed by noise
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** What {@code state.json} holds on disk; {@code version} is absent only in hand-written files. */
    record StateFile(Integer version, Map<String, GroupState> groups) {}

    byte[] stateBytes(State state) {
        try {
            byte[] json = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(new StateFile(VERSION, state.groups()));
            byte[] withNewline = java.util.Arrays.copyOf(json, json.length + 1);
            withNewline[json.length] = '\n';
            return withNewline;
        } catch (JsonProcessingException e) {
            // only records of strings, instants and enums go in: this is a bug, not a condition to handle
            throw new IllegalStateException("cannot serialise the state: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses {@code state.json}.
     *
     * @throws JsonProcessingException when the text is not a state file (the caller names the file)
     * @throws UnusableStateException when it parses but holds no state this code may use (a newer format)
     */
    State parseState(byte[] json) throws JsonProcessingException, UnusableStateException {
        StateFile file;
        try {
            file = mapper.readValue(json, StateFile.class);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            // reading from a byte array does no I/O; Jackson declares it anyway
            throw new IllegalStateException(e);
        }
        if (file == null) {
            throw new UnusableStateException("the file holds JSON null instead of an object");
        }
        if (file.version() != null && file.version() > VERSION) {
            throw new UnusableStateException("it is format version " + file.version() + ", written by a newer"
                    + " dnsfailover; this one reads up to version " + VERSION);
        }
        if (file.groups() != null) {
            for (Map.Entry<String, GroupState> g : file.groups().entrySet()) {
                if (g.getValue() == null) {
                    throw new UnusableStateException("group '" + g.getKey() + "' is null; remove it, or write {} for a"
                            + " group with nothing remembered");
                }
            }
        }
        return new State(file.groups());
    }

    /** The event as one journal line, newline included. */
    byte[] eventLine(Event event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put(AT, event.at().toString());
        line.put(GROUP, event.group());
        line.put(TYPE, event.type().written());
        line.put(DRY_RUN, event.dryRun());
        for (Map.Entry<String, Object> e : event.data().entrySet()) {
            if (line.containsKey(e.getKey())) {
                throw new IllegalArgumentException("event data may not use the key '" + e.getKey() + "': at, group, type"
                        + " and dryRun are the journal line's own fields; rename it (data was " + event.data().keySet() + ")");
            }
            line.put(e.getKey(), e.getValue());
        }
        try {
            // the compact writer never emits a raw newline (JSON escapes control characters in strings),
            // so one event is exactly one line
            String json = mapper.writer().without(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(line);
            return (json + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data cannot be written as JSON (use strings, numbers, booleans,"
                    + " lists and maps): " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads one journal line. A line that begins with a torn fragment of an event and continues with a whole
     * one (a writer was killed mid-line and the next writer did not start a new line) yields the whole one.
     *
     * @return the event, or empty when the line holds no complete event
     */
    Optional<Event> parseEvent(String line) {
        Optional<Event> whole = parseWholeLine(line);
        if (whole.isPresent()) {
            return whole;
        }
        // a raw {"at": cannot occur inside a JSON string (quotes are escaped there), so each occurrence
        // after the start is where some event begins; the first that parses to the end of the line wins
        for (int i = line.indexOf(LINE_START, 1); i > 0; i = line.indexOf(LINE_START, i + 1)) {
            Optional<Event> suffix = parseWholeLine(line.substring(i));
            if (suffix.isPresent()) {
                return suffix;
            }
        }
        return Optional.empty();
    }

    private Optional<Event> parseWholeLine(String line) {
        try {
            LinkedHashMap<String, Object> fields = mapper.readValue(line, OBJECT);
            if (fields == null || !(fields.remove(AT) instanceof String at) || !(fields.remove(TYPE) instanceof String type)) {
                return Optional.empty();
            }
            Object group = fields.remove(GROUP);
            Object dryRun = fields.remove(DRY_RUN);
            return Optional.of(new Event(
                    Instant.parse(at),
                    group instanceof String g ? g : null,
                    known(type),
                    Boolean.TRUE.equals(dryRun),
                    fields));
        } catch (JsonProcessingException | DateTimeParseException | IllegalArgumentException e) {
            // IllegalArgumentException: a type this version does not know (written by a newer one)
            return Optional.empty();
        }
    }

    /** The journal type {@code written} names; IllegalArgumentException for one a newer version wrote. */
    private static Event.Type known(String written) {
        Event.Type t = Event.Type.parse(written);
        if (t == null) {
            throw new IllegalArgumentException("unknown event type " + written);
        }
        return t;
    }

    /** A {@code state.json} that parses but that this code must not use. */
    static final class UnusableStateException extends Exception {
        private static final long serialVersionUID = 1L;

        UnusableStateException(String message) {
            super(message);
        }
    }
}
