package io.dnsfailover.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The daemon's journal ({@code STATE_DIR/events.jsonl}, one JSON object per line), read as any user could
 * read it. The lines used: {@code {"type":"daemon","event":"start",...}}, {@code {"group":...,"type":"health",
 * "target":...,"from":...,"to":...,"reason":...}} and any line of {@code "type":"late"}. Only the current file
 * is read: a run writes far less than the 64 MB that would rotate it.
 */
final class DaemonJournal {

    /**
     * @param falseTransitions health changes of a target that does not hang to DOWN or UNKNOWN after it had been UP
     * @param examples the first few of those, as {@code group/target from -> to (reason)}
     * @param hangingDown hanging targets that became DOWN
     * @param late lines of type {@code late}
     * @param lateLines those lines as written (the first few)
     */
    record Counts(int falseTransitions, List<String> examples, int hangingDown, int late, List<String> lateLines) {}

    private static final int EXAMPLES = 3;

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();

    DaemonJournal(Path file) {
        this.file = file;
    }

    /** True once the daemon has journalled its start. */
    boolean started() throws IOException {
        return events().stream().anyMatch(e -> e.path("type").asText().equals("daemon") && e.path("event").asText().equals("start"));
    }

    Counts counts(ScaleLayout layout) throws IOException {
        Set<String> wereUp = new HashSet<>();
        Set<String> hangingDown = new HashSet<>();
        List<String> examples = new ArrayList<>();
        int falseTransitions = 0;
        int late = 0;
        List<String> lateLines = new ArrayList<>();
        for (JsonNode e : events()) {
            String type = e.path("type").asText();
            if (type.equals("late")) {
                late++;
                if (lateLines.size() < EXAMPLES) {
                    lateLines.add(e.toString());
                }
            } else if (type.equals("health")) {
                int target = ScaleLayout.targetIndex(e.path("target").asText());
                String to = e.path("to").asText();
                String key = e.path("group").asText() + "/" + e.path("target").asText();
                if (target >= 0 && layout.hangs(target)) {
                    if (to.equals("DOWN")) {
                        hangingDown.add(key);
                    }
                } else if (to.equals("UP")) {
                    wereUp.add(key);
                } else if (wereUp.contains(key)) {
                    falseTransitions++;
                    if (examples.size() < EXAMPLES) {
                        examples.add(key + " " + e.path("from").asText() + " -> " + to + " (" + e.path("reason").asText() + ")");
                    }
                }
            }
        }
        return new Counts(falseTransitions, examples, hangingDown.size(), late, lateLines);
    }

    /** Every line that parses; the last may be torn while the daemon writes it, and is left for next time. */
    private List<JsonNode> events() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            try {
                events.add(json.readTree(line));
            } catch (JsonProcessingException torn) {
                // only the line being written can be incomplete
            }
        }
        return events;
    }
}
