package io.dnsfailover.controller.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingEndEvent;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceEndEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.events.StreamStartEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads YAML text into a tree of {@link Node}s that remember their line and column, resolving
 * {@code ${env:NAME}} and {@code ${file:/path}} in scalars on the way.
 *
 * <p>It reads SnakeYAML's events itself, not through Jackson's YAML parser: that one types every scalar (int,
 * float, bool, timestamp) with regular expressions, a fifth of a second of a cold JVM on a config of 10,000
 * targets, while the binder needs only a scalar's text and whether it is null. It reads what Jackson read
 * (config files were read with Jackson before): the same scalars are null, an alias reads as its anchor's
 * name, a syntax error is placed where the last good event ended.
 */
final class YamlTree {

    /** The plain scalars YAML 1.1 reads as null: nothing, {@code ~} and the word null. */
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    private static final String YAML_TAG = "tag:yaml.org,2002:";

    private final Problems problems;
    private final Interpolator interpolator;

    YamlTree(Problems problems, Interpolator interpolator) {
        this.problems = problems;
        this.interpolator = interpolator;
    }

    /** The document's root, or {@code null} when the text is not YAML (a problem is recorded). */
    Node read(String text) {
        Events events = new Events(text);
        try {
            Event first = events.next();
            if (first == null) {
                return new Node.Null(1, 1);
            }
            return value(events, first, "");
        } catch (YAMLException e) {
            int[] tab = indentTab(text);
            if (tab != null) {
                // snakeyaml's words for this ("while scanning for the next token") do not say what is wrong
                problems.add(tab[0], tab[1], "", "line " + tab[0] + " is indented with a tab; YAML indents with spaces only: "
                        + "replace the tab with spaces");
                return null;
            }
            Mark at = events.lastEnd();
            String why = e.getMessage().lines().findFirst().orElse("not valid YAML");
            problems.add(at == null ? 0 : at.getLine() + 1, at == null ? 0 : at.getColumn() + 1, "",
                    "this is not valid YAML (" + why + "); check the indentation and quoting on this line");
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

    private Node value(Events events, Event e, String path) {
        int line = e.getStartMark().getLine() + 1;
        int col = e.getStartMark().getColumn() + 1;
        if (e instanceof MappingStartEvent) {
            return map(events, line, col, path);
        }
        if (e instanceof SequenceStartEvent) {
            return list(events, line, col, path);
        }
        if (e instanceof AliasEvent alias) {
            return scalar(alias.getAnchor(), line, col, path); // aliases are not resolved: "*x" reads as "x"
        }
        ScalarEvent scalar = (ScalarEvent) e;
        return isNull(scalar) ? new Node.Null(line, col) : scalar(scalar.getValue(), line, col, path);
    }

    private Node map(Events events, int line, int col, String path) {
        Map<String, Node.Entry> entries = new LinkedHashMap<>();
        for (Event e = events.next(); !(e instanceof MappingEndEvent); e = events.next()) {
            if (!(e instanceof ScalarEvent keyEvent)) {
                // in the words of Jackson's YAML parser, which reported this before
                throw new YAMLException("Expected a field name (Scalar value in YAML), got this instead: " + e);
            }
            String key = keyEvent.getValue();
            Mark keyAt = keyEvent.getStartMark();
            String childPath = path.isEmpty() ? key : path + "." + key;
            Node child = value(events, events.next(), childPath);
            Node.Entry previous = entries.get(key);
            if (previous != null) {
                problems.add(keyAt.getLine() + 1, keyAt.getColumn() + 1, childPath,
                        "'" + key + "' is written twice here (first at line " + previous.line() + "); keep one of them");
            } else {
                entries.put(key, new Node.Entry(key, keyAt.getLine() + 1, keyAt.getColumn() + 1, child));
            }
        }
        return new Node.MapNode(line, col, entries);
    }

    private Node list(Events events, int line, int col, String path) {
        List<Node> items = new ArrayList<>();
        for (Event e = events.next(); !(e instanceof SequenceEndEvent); e = events.next()) {
            items.add(value(events, e, path + "[" + items.size() + "]"));
        }
        return new Node.ListNode(line, col, items);
    }

    private Node scalar(String written, int line, int col, String path) {
        String resolved = interpolator.resolve(written, line, col, path);
        return new Node.Scalar(line, col, resolved, written, !written.equals(resolved));
    }

    /** Null as YAML 1.1 has it: an untagged plain scalar in {@link #NULLS}, or a non-empty one tagged {@code !!null}. */
    private static boolean isNull(ScalarEvent scalar) {
        String tag = scalar.getTag();
        if (tag == null || tag.equals("!")) {
            return scalar.getImplicit().canOmitTagInPlainScalar() && NULLS.contains(scalar.getValue());
        }
        String type = tag.startsWith(YAML_TAG) ? tag.substring(YAML_TAG.length()).split(",", -1)[0] : tag;
        return type.equals("null") && !scalar.getValue().isEmpty();
    }

    /**
     * The events of the first document, without the markers of stream and document; remembers where the last
     * one read ended, which is where a syntax error is reported. Refuses mappings and lists nested deeper than
     * {@value #MAX_DEPTH}, as Jackson did, so that the reader's recursion cannot overflow the stack.
     */
    private static final class Events {
        static final int MAX_DEPTH = 1000;

        private final ParserImpl parser;
        private Mark lastEnd;
        private int depth;

        Events(String text) {
            parser = new ParserImpl(new StreamReader(new StringReader(text)), new LoaderOptions());
        }

        /** The next event, or {@code null} at the end of the stream. */
        Event next() {
            while (true) {
                Event e = parser.getEvent();
                lastEnd = e.getEndMark();
                if (e instanceof StreamEndEvent) {
                    return null;
                }
                if (!(e instanceof StreamStartEvent || e instanceof DocumentStartEvent || e instanceof DocumentEndEvent)) {
                    track(e);
                    return e;
                }
            }
        }

        private void track(Event e) {
            if (e instanceof MappingEndEvent || e instanceof SequenceEndEvent) {
                depth--;
            } else if ((e instanceof MappingStartEvent || e instanceof SequenceStartEvent) && ++depth > MAX_DEPTH) {
                throw new YAMLException("Document nesting depth (" + depth + ") exceeds the maximum allowed (" + MAX_DEPTH + ")");
            }
        }

        /** Where the last event read ended; {@code null} before the first. */
        Mark lastEnd() {
            return lastEnd;
        }
    }
}
