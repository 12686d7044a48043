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
 * A state directory seen from outside, as an operator would look at it: each group's {@code groups/<group>.json}
 * and the journal {@code events.jsonl} read as plain JSON (not through the product's own parser), and a snapshot
 * of every file for "nothing was written" comparisons.
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

    /**
     * The group's state in {@code groups/<name>.json} (a missing node when there is none). Only for names that are
     * file names as they are (lower case, digits, dashes): the e2e configs use such names.
     */
    JsonNode group(String name) {
        Path file = dir.resolve("groups").resolve(name + ".json");
        String text = read(file);
        try {
            return text.isEmpty() ? JSON.missingNode() : JSON.readTree(text).path("state");
        } catch (JsonProcessingException e) {
            throw new AssertionError(file + " is not JSON: " + e.getOriginalMessage() + "\n" + text, e);
        }
    }

    /**
     * Every file of the directory and its {@code groups/} (as {@code groups/<file>}) with its content and
     * modification time; empty when the directory is missing.
     */
    Map<String, String> snapshot() {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> list = Files.walk(dir, 2)) {
            for (Path f : list.toList()) {
                if (Files.isRegularFile(f)) {
                    files.put(dir.relativize(f).toString(), "modified " + Files.getLastModifiedTime(f) + ":\n" + read(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The journal, the marker and every group's state, for assertion messages. */
    String describe() {
        StringBuilder out = new StringBuilder("--- " + dir.resolve("events.jsonl") + "\n" + journalText());
        for (Map.Entry<String, String> f : snapshot().entrySet()) {
            if (f.getKey().endsWith(".json")) {
                out.append("--- ").append(dir.resolve(f.getKey())).append("\n").append(f.getValue()).append("\n");
            }
        }
        return out.toString();
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
