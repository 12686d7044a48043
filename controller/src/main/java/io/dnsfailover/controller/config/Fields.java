package io.dnsfailover.controller.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the keys of one YAML mapping, recording a problem (with its place and a fix) for each key that
 * is unknown, missing or malformed. Getters answer {@code null} (or the default) after a problem, so the
 * binder goes on and every problem of the file is found in one pass.
 */
final class Fields {

    private final Node.MapNode map;
    private final String path;
    private final Problems problems;

    private Fields(Node.MapNode map, String path, Problems problems) {
        this.map = map;
        this.path = path;
        this.problems = problems;
    }

    /**
     * The mapping at {@code node}, with every key not in {@code allowed} reported; {@code null} (and a
     * problem) when {@code node} is not a mapping.
     */
    static Fields of(Node node, String path, Problems problems, String what, String... allowed) {
        if (!(node instanceof Node.MapNode map)) {
            problems.at(node, path, "expected " + what + " (keys: " + String.join(", ", allowed) + "), but found "
                    + node.describe());
            return null;
        }
        Fields f = new Fields(map, path, problems);
        for (Node.Entry e : map.entries().values()) {
            if (!Arrays.asList(allowed).contains(e.key())) {
                String near = Suggest.closest(e.key(), Arrays.asList(allowed));
                problems.add(e.line(), e.column(), f.path(e.key()), "unknown key '" + e.key() + "'"
                        + (near != null ? "; did you mean '" + near + "'?" : "; " + what + " takes: " + String.join(", ", allowed)));
            }
        }
        return f;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Problems problems() {
        return problems;
    }

    Node.MapNode map() {
        return map;
    }

    boolean has(String key) {
        Node.Entry e = map.entries().get(key);
        return e != null && !(e.value() instanceof Node.Null);
    }

    /** The value node, or {@code null} when the key is absent or empty. */
    Node node(String key) {
        Node.Entry e = map.entries().get(key);
        return e == null || e.value() instanceof Node.Null ? null : e.value();
    }

    /** Reports that a required key is missing, at the mapping that should hold it. */
    void missing(String key, String example) {
        problems.at(map, path(key), "missing '" + key + "'; add " + key + ": " + example);
    }

    /** The scalar text; {@code null} when absent, not a scalar, or unresolved (problems recorded). */
    String string(String key) {
        Node n = node(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof Node.Scalar s)) {
            problems.at(n, path(key), "expected a single value, but found " + n.describe());
            return null;
        }
        return s.text();
    }

    String required(String key, String example) {
        if (!has(key)) {
            missing(key, example);
            return null;
        }
        return string(key);
    }

    /** A secret value, shown as its reference or {@code ***}. */
    Secret secret(String key) {
        return string(key) == null ? null : secret((Node.Scalar) node(key));
    }

    /** A resolved scalar as a secret, shown as its reference or {@code ***}. */
    static Secret secret(Node.Scalar s) {
        return s.interpolated() ? Secret.fromReference(s.text(), s.written()) : Secret.of(s.text());
    }

    /** Reports at {@code key}'s value. */
    void problem(String key, String message) {
        Node n = node(key);
        problems.at(n != null ? n : map, path(key), message);
    }

    /** What the user wrote for {@code key}, safe to echo (references are not resolved). */
    String written(String key) {
        return node(key) instanceof Node.Scalar s ? s.written() : "";
    }

    int integer(String key, int dflt, int min, int max, String advice) {
        String text = string(key);
        if (text == null) {
            return dflt;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            problem(key, "expected a whole number, but was '" + written(key) + "'; " + advice);
            return dflt;
        }
        if (value < min || value > max) {
            problem(key, "must be between " + min + " and " + max + ", but was " + value + "; " + advice);
            return dflt;
        }
        return (int) value;
    }

    boolean bool(String key, boolean dflt) {
        String text = string(key);
        if (text == null) {
            return dflt;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem(key, "expected true or false, but was '" + written(key) + "'");
                yield dflt;
            }
        };
    }

    Duration duration(String key, Duration dflt) {
        String text = string(key);
        if (text == null) {
            return dflt;
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return dflt;
        }
    }

    /** One of {@code choices} (case-insensitive); {@code dflt} when absent or wrong. */
    String choice(String key, String dflt, String... choices) {
        String text = string(key);
        if (text == null) {
            return dflt;
        }
        for (String c : choices) {
            if (c.equalsIgnoreCase(text.trim())) {
                return c;
            }
        }
        problem(key, "'" + written(key) + "' is not one of: " + String.join(", ", choices)
                + (choices.length > 0 ? "; write " + key + ": " + choices[0] : ""));
        return null;
    }

    /** The items of a list; a single scalar is taken as a list of one. {@code null} when absent. */
    List<Node> list(String key) {
        Node n = node(key);
        if (n == null) {
            return null;
        }
        if (n instanceof Node.ListNode l) {
            return l.items();
        }
        if (n instanceof Node.Scalar) {
            return List.of(n);
        }
        problems.at(n, path(key), "expected a list, but found " + n.describe());
        return null;
    }

    /**
     * The mapping under {@code key} whose keys are names of the user's choosing (providers, groups):
     * reports it missing (with {@code example}) or not a mapping; {@code null} then.
     */
    Node.MapNode namedMap(String key, String what, String example) {
        if (!has(key)) {
            missing(key, example);
            return null;
        }
        Node n = node(key);
        if (!(n instanceof Node.MapNode m)) {
            problems.at(n, path(key), "expected " + what + ", but found " + n.describe());
            return null;
        }
        return m;
    }

    /**
     * Header names and values under {@code key}, kept as {@link Node.Scalar}s so the caller decides how
     * to keep values that may be secrets. Malformed entries are reported and left out.
     */
    Map<String, Node.Scalar> headers(String key) {
        Map<String, Node.Scalar> out = new LinkedHashMap<>();
        if (!has(key)) {
            return out;
        }
        if (!(node(key) instanceof Node.MapNode m)) {
            problem(key, "expected header names with values, e.g. " + key + ": { X-Check: dnsfailover }");
            return out;
        }
        for (Node.Entry h : m.entries().values()) {
            if (!(h.value() instanceof Node.Scalar s)) {
                problems.at(h.value(), path(key) + "." + h.key(), "expected a header value, but found " + h.value().describe());
            } else if (s.text() != null) {
                out.put(h.key(), s);
            }
        }
        return out;
    }

    /** The value of {@code node.key} when {@code node} is a mapping that has it, else {@code null}. */
    static Node child(Node node, String key) {
        return node instanceof Node.MapNode m && m.entries().get(key) != null ? m.entries().get(key).value() : null;
    }

    /** The text of {@code node.key} when it is a resolved scalar, else {@code null}. */
    static String peek(Node node, String key) {
        return child(node, key) instanceof Node.Scalar s && s.text() != null ? s.text().trim() : null;
    }

    /** Scalar items of a list, each checked by {@code check} (which answers an error or {@code null}). */
    List<String> strings(String key, Function<String, String> check) {
        List<Node> items = list(key);
        List<String> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = path(key) + "[" + i + "]";
            if (!(item instanceof Node.Scalar s)) {
                problems.at(item, itemPath, "expected a single value, but found " + item.describe());
            } else if (s.text() != null) {
                String error = check.apply(s.text().trim());
                if (error != null) {
                    problems.at(item, itemPath, error);
                } else {
                    out.add(s.text().trim());
                }
            }
        }
        return out;
    }
}
