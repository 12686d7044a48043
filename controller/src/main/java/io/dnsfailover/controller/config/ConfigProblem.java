package io.dnsfailover.controller.config;

/**
 * One thing wrong (or worth a warning) in a config file, where it is, and what to write instead.
 *
 * @param file the config file as the user named it
 * @param line 1-based line, or 0 when not known
 * @param column 1-based column, or 0 when not known
 * @param path where in the config, e.g. {@code groups.atlanta1.check.fall}
 * @param message what is wrong and what to write instead; never contains a secret
 */
public record ConfigProblem(String file, int line, int column, String path, String message) {

    /** {@code dnsfailover.yaml:12:7: groups.atlanta1.check.fall: must be at least 1, ...}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line).append(':').append(column);
        }
        b.append(": ");
        if (path != null && !path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(message).toString();
    }
}
