package io.dnsfailover.controller.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into a tree of {@link Node}s that remember their line and column, resolving
 * {@code ${env:NAME}} and {@code ${file:/path}} in scalars on the way.
 */
final class YamlTree {

    private static final YAMLFactory YAML = new YAMLFactory();

    private final Problems problems;
    private final Interpolator interpolator;

    YamlTree(Problems problems, Interpolator interpolator) {
        this.problems = problems;
        this.interpolator = interpolator;
    }

    /** The document's root, or {@code null} when the text is not YAML (a problem is recorded). */
    Node read(String text) {
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new Node.Null(1, 1);
            }
            return value(p, "");
        } catch (JsonProcessingException e) {
            int[] tab = indentTab(text);
            if (tab != null) {
                // snakeyaml's words for this ("while scanning for the next token") do not say what is wrong
                problems.add(tab[0], tab[1], "", "line " + tab[0] + " is indented with a tab; YAML indents with spaces only: "
                        + "replace the tab with spaces");
                return null;
            }
            JsonLocation at = e.getLocation();
            String why = e.getOriginalMessage().lines().findFirst().orElse("not valid YAML");
            problems.add(at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), "",
                    "this is not valid YAML (" + why + "); check the indentation and quoting on this line");
            return null;
        } catch (IOException e) {
            problems.add(0, 0, "", "cannot read the file: " + e.getMessage());
            return null;
        }
    }

    /** The line and column (1-based) of the first tab in a line's indentation, or {@code null}. */
    static int[] indentTab(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            for (int c = 0; c < line.length() && (line.charAt(c) == ' ' || line.charAt(c) == '\t'); c++) {
                if (line.charAt(c) == '\t') {
                    return new int[] {i + 1, c + 1};
                }
            }
        }
        return null;
    }

    private Node value(JsonParser p, String path) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        int line = at.getLineNr();
        int col = at.getColumnNr();
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation keyAt = p.currentTokenLocation();
                    String key = p.currentName();
                    p.nextToken();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    Node child = value(p, childPath);
                    Node.Entry previous = entries.get(key);
                    if (previous != null) {
                        problems.add(keyAt.getLineNr(), keyAt.getColumnNr(), childPath,
                                "'" + key + "' is written twice here (first at line " + previous.line()
                                        + "); keep one of them");
                    } else {
                        entries.put(key, new Node.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), child));
                    }
                }
                return new Node.MapNode(line, col, entries);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, path + "[" + items.size() + "]"));
                }
                return new Node.ListNode(line, col, items);
            }
            case VALUE_NULL -> {
                return new Node.Null(line, col);
            }
            default -> {
                String written = p.getText();
                String resolved = interpolator.resolve(written, line, col, path);
                return new Node.Scalar(line, col, resolved, written, !written.equals(resolved));
            }
        }
    }
}
