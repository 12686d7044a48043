package io.dnsfailover.controller.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A state directory seen from outside, as an operator would look at it: {@code state.json} and the journal
 * {@code events.jsonl} read as plain JSON (not through the product's own parser), and a snapshot of every file for
 * "nothing was written" comparisons.
 */
final class StateDir {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    StateDir(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** Every complete journal line, oldest first; a torn last line (a writer was killed) is skipped. */
    List<JsonNode> events() {
        List<JsonNode> out = new ArrayList<>();
        for (String line : journalText().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readTree(line));
            } catch (JsonProcessingException e) {
                // a line cut short by SIGKILL; the product's reader skips it too
            }
        }
        return out;
    }

    /** The journal lines of one type ({@code health}, {@code decision}, {@code plan}, {@code apply}, ...). */
    List<JsonNode> events(String type) {
        return events().stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    /** The journal lines of one type after the first {@code skip} lines of the journal. */
    List<JsonNode> eventsAfter(int skip, String type) {
        List<JsonNode> all = events();
        return all.subList(Math.min(skip, all.size()), all.size()).stream().filter(e -> type.equals(e.path("type").asText())).toList();
    }

    /** The journal as written, or "" when there is none. */
    String journalText() {
        return read(dir.resolve("events.jsonl"));
    }

    /** {@code state.json}, parsed; a missing file is an empty object. */
    JsonNode state() {
        String text = read(dir.resolve("state.json"));
        try {
            return text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("state.json is not JSON: " + e.getOriginalMessage() + "\n" + text, e);
        }
    }

    /** The group's state in {@code state.json} (a missing node when there is none). */
    JsonNode group(String name) {
        return state().path("groups").path(name);
    }

    /** Every file of the directory with its content and modification time; empty when the directory is missing. */
    Map<String, String> snapshot() {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.toList()) {
                if (Files.isRegularFile(f)) {
                    files.put(f.getFileName().toString(), "modified " + Files.getLastModifiedTime(f) + ":\n" + read(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The journal and state, for assertion messages. */
    String describe() {
        return "--- " + dir.resolve("events.jsonl") + "\n" + journalText() + "--- " + dir.resolve("state.json") + "\n"
                + read(dir.resolve("state.json"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
