package io.dnsfailover.controller.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the place it was written: what the binder walks, so that every problem it finds
 * can name its line and column.
 */
sealed interface Node {

    int line();

    int column();

    /** What the user wrote, for messages: a type name for maps and lists. */
    String describe();

    /** A mapping, keys in file order. */
    record MapNode(int line, int column, Map<String, Entry> entries) implements Node {
        public MapNode {
            entries = new LinkedHashMap<>(entries);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A key of a mapping with its place, and its value. */
    record Entry(String key, int line, int column, Node value) {}

    record ListNode(int line, int column, List<Node> items) implements Node {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar.
     *
     * @param text the value after {@code ${env:...}} and {@code ${file:...}} were resolved, or {@code null}
     *     when one could not be (that problem is already recorded)
     * @param written the value as written in the file
     * @param interpolated true when a reference was resolved: the value may be a secret, so messages and
     *     printed config show {@code written}, never {@code text}
     */
    record Scalar(int line, int column, String text, String written, boolean interpolated) implements Node {
        @Override
        public String describe() {
            return "'" + written + "'";
        }
    }

    /** An explicit null or an empty value ({@code key:} with nothing after it). */
    record Null(int line, int column) implements Node {
        @Override
        public String describe() {
            return "nothing";
        }
    }
}
