package io.dnsfailover.controller.config;

import java.util.List;
import java.util.stream.Collectors;

/** The config cannot be used: every problem found in it, each with its place and a fix. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public static ConfigException of(String file, String message) {
        return new ConfigException(List.of(new ConfigProblem(file, 0, 0, "", message)));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
