package io.dnsfailover.controller.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${env:NAME}} (an environment variable) and {@code ${file:/path}} (a file's content,
 * without its trailing newline) inside config values. {@code $${} writes a literal {@code ${}.
 * A missing variable or file is a problem naming it; the resolved value is never put in a message.
 */
final class Interpolator {

    private static final Pattern REF = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");

    private final Function<String, String> env;
    private final Path baseDir;
    private final Problems problems;

    Interpolator(Function<String, String> env, Path baseDir, Problems problems) {
        this.env = env;
        this.baseDir = baseDir;
        this.problems = problems;
    }

    /** The resolved value, or {@code null} when a reference could not be resolved (a problem is recorded). */
    String resolve(String written, int line, int column, String path) {
        if (written.indexOf("${") < 0) {
            return written;
        }
        Matcher m = REF.matcher(written);
        StringBuilder out = new StringBuilder();
        boolean failed = false;
        while (m.find()) {
            String replacement = m.group(1) == null ? "${" : lookup(m.group(1).trim(), line, column, path);
            if (replacement == null) {
                failed = true;
                replacement = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return failed ? null : out.toString();
    }

    private String lookup(String ref, int line, int column, String path) {
        if (ref.startsWith("env:")) {
            String name = ref.substring(4).trim();
            String value = name.isEmpty() ? null : env.apply(name);
            if (value == null) {
                problems.add(line, column, path, "environment variable " + (name.isEmpty() ? "(no name)" : name)
                        + " is not set; export it before starting dnsfailover, or write the value here");
                return null;
            }
            return value;
        }
        if (ref.startsWith("file:")) {
            String name = ref.substring(5).trim();
            Path file = baseDir.resolve(name);
            try {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
                        : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
            } catch (NoSuchFileException e) {
                problems.add(line, column, path, "file " + file + " does not exist; create it or fix the path");
            } catch (IOException | SecurityException e) {
                problems.add(line, column, path, "file " + file + " cannot be read (" + e.getClass().getSimpleName()
                        + "); check its permissions");
            }
            return null;
        }
        problems.add(line, column, path, "'${" + ref + "}' is not a reference dnsfailover knows; write ${env:NAME} "
                + "or ${file:/path} (or $${ for a literal ${)");
        return null;
    }
}
