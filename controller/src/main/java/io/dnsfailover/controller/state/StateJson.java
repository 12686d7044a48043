package io.dnsfailover.controller.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import io.dnsfailover.health.Health;
import java.time.Instant;
import java.util.List;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The file formats of the state directory, in one place so that they stay stable. Every file is pretty
 * printed with maps sorted by key, so that a diff of two versions shows what changed; instants are ISO-8601
 * strings. A later format adds fields; a file whose {@code version} is newer than this code is refused rather
 * than rewritten without the fields it does not know.
 *
 * <ul>
 *   <li>Format 2 (written now). {@code state.json} is the store's marker, {@code {"version":2,"layout":...}}:
 *       it says which format the directory is in and holds no state. Each group's state is in
 *       {@code groups/<group>.json}: {@code {"version":2,"state":{"published":[...],...}}}. A dnsfailover that
 *       knows only format 1 refuses the marker (a newer version) instead of reading it as an empty state.</li>
 *   <li>Format 1 (read, to be migrated). Everything in {@code state.json}:
 *       {@code {"version":1,"groups":{"atlanta1":{"published":[...],...}}}}; hand-written files may leave out
 *       {@code version}.</li>
 * </ul>
 *
 * <p>{@code events.jsonl}: one compact object per line, {@code {"at":...,"group":...,"type":"apply",
 * "dryRun":false, ...data}}, with the event's data flattened into the object.
 */
final class StateJson {

    /** The store format this code writes and the newest it reads. */
    static final int VERSION = 2;

    /** The format that kept every group in {@code state.json}. */
    static final int FORMAT_1 = 1;

    /** What the marker says about where the state is, for a human opening it. */
    static final String LAYOUT = "each group's state is in groups/<group>.json";

    /** The fields of a journal line that are not data; a data key may not take one of these names. */
    private static final String AT = "at";
    private static final String GROUP = "group";
    private static final String TYPE = "type";
    private static final String DRY_RUN = "dryRun";

    /** How every line written by {@link #eventLine} begins; used to find an event after a torn fragment. */
    static final String LINE_START = "{\"" + AT + "\":";

    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

    /** One for every store of the process: a mapper is safe to share, and each one made costs a cold start again. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(InstantText.module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            // a newer dnsfailover may add fields within the same version; reading them must not fail
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // "{...}garbage" is a broken file, not a state followed by noise
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ObjectMapper mapper = MAPPER;

    /** Reads a group's file of every kind of field once and throws it away: see {@link FileStateStore#warmUp}. */
    static void warmUp() {
        StateJson json = new StateJson();
        Instant t = Instant.parse("2026-01-01T00:00:00.123456789Z");
        GroupState sample = new GroupState(List.of("192.0.2.1"), List.of("192.0.2.1"), t, "primary", t, "warm-up", t,
                Map.of("primary", new TargetHealth(Health.UP, t, t, "warm-up")), List.of(), null, t);
        try {
            json.parseGroup(json.groupBytes(sample));
        } catch (JsonProcessingException | UnusableStateException e) {
            throw new IllegalStateException("the state's own sample does not read back: " + e.getMessage(), e);
        }
    }

    /**
     * What {@code state.json} holds on disk in either format: the marker ({@code version} 2, {@code layout}) or a
     * format-1 file ({@code version} 1 or absent, {@code groups}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StoreFile(Integer version, String layout, Map<String, GroupState> groups) {}

    /** What {@code groups/<group>.json} holds on disk; {@code version} is absent only in hand-written files. */
    record GroupFile(Integer version, GroupState state) {}

    /** The marker of the format this code writes. */
    byte[] markerBytes() {
        return pretty(new StoreFile(VERSION, LAYOUT, null));
    }

    /** A group's file. */
    byte[] groupBytes(GroupState state) {
        return pretty(new GroupFile(VERSION, state));
    }

    private byte[] pretty(Object value) {
        try {
            byte[] json = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
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
     * @return the state of a format-1 file, which is to be migrated; empty for the marker of this format
     * @throws JsonProcessingException when the text is not a state file (the caller names the file)
     * @throws UnusableStateException when it parses but holds nothing this code may use (a newer format)
     */
    Optional<State> parseStoreFile(byte[] json) throws JsonProcessingException, UnusableStateException {
        StoreFile file = read(json, StoreFile.class);
        int version = checkVersion(file == null ? null : file.version(), file == null, FORMAT_1);
        if (version == VERSION) {
            return Optional.empty();
        }
        if (file.groups() != null) {
            for (Map.Entry<String, GroupState> g : file.groups().entrySet()) {
                if (g.getValue() == null) {
                    throw new UnusableStateException("group '" + g.getKey() + "' is null; remove it, or write {} for a"
                            + " group with nothing remembered", false);
                }
            }
        }
        return Optional.of(new State(file.groups()));
    }

    /**
     * Parses {@code groups/<group>.json}.
     *
     * @throws JsonProcessingException when the text is not a group's state file (the caller names the file)
     * @throws UnusableStateException when it parses but holds no state this code may use (a newer format)
     */
    GroupState parseGroup(byte[] json) throws JsonProcessingException, UnusableStateException {
        GroupFile file = read(json, GroupFile.class);
        checkVersion(file == null ? null : file.version(), file == null, VERSION);
        if (file.state() == null) {
            throw new UnusableStateException("it holds no \"state\" object; write \"state\" : { } for a group with nothing"
                    + " remembered", false);
        }
        return file.state();
    }

    /** The file's format version ({@code absent} when it names none); refuses null files and unknown versions. */
    private static int checkVersion(Integer version, boolean nullFile, int absent) throws UnusableStateException {
        if (nullFile) {
            throw new UnusableStateException("the file holds JSON null instead of an object", false);
        }
        int v = version == null ? absent : version;
        if (v > VERSION) {
            throw new UnusableStateException("it is format version " + v + ", written by a newer dnsfailover; this one"
                    + " reads up to version " + VERSION, true);
        }
        if (v < FORMAT_1) {
            throw new UnusableStateException("format version " + v + " was never written by dnsfailover", false);
        }
        return v;
    }

    private <T> T read(byte[] json, Class<T> type) throws JsonProcessingException {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            // reading from a byte array does no I/O; Jackson declares it anyway
            throw new IllegalStateException(e);
        }
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

    /** A state file that parses but that this code must not use. */
    static final class UnusableStateException extends Exception {
        private static final long serialVersionUID = 1L;

        private final boolean newer;

        UnusableStateException(String message, boolean newer) {
            super(message);
            this.newer = newer;
        }

        /** True when a newer dnsfailover wrote it: it is not broken, and only that version may change it. */
        boolean newer() {
            return newer;
        }
    }
}
