package io.dnsfailover.controller.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one file, so that all of them are reported at once. */
final class Problems {

    private final String file;
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(int line, int column, String path, String message) {
        errors.add(new ConfigProblem(file, line, column, path, message));
    }

    void at(Node node, String path, String message) {
        add(node.line(), node.column(), path, message);
    }

    void warn(Node node, String path, String message) {
        warnings.add(new ConfigProblem(file, node.line(), node.column(), path, message));
    }

    /** True when a problem was already recorded at {@code path}, so a second opinion on it adds nothing. */
    boolean reported(String path) {
        return errors.stream().anyMatch(p -> p.path().equals(path));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** In file order. */
    List<ConfigProblem> errors() {
        return sorted(errors);
    }

    List<ConfigProblem> warnings() {
        return sorted(warnings);
    }

    private static List<ConfigProblem> sorted(List<ConfigProblem> list) {
        return list.stream()
                .sorted(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column))
                .toList();
    }
}
