package io.dnsfailover.providers.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Real API traffic an adapter's tests replay: the bodies in the test resources' {@code recorded/} folder, each
 * named in {@code recorded/SOURCES.md} with where it was recorded. A fixture is a fact (a body a real API sent
 * or a real client sent), never a body written from the docs; {@link #assertEveryFixtureIsSourced} keeps the
 * folder honest: under a heading {@code ## <file>} each fixture names its {@code repository:}, {@code path:},
 * {@code commit:} (40 hex digits) and {@code licence:}.
 */
public final class Recorded {

    /** The folder, on the test class path. */
    public static final String FOLDER = "recorded";

    static final String SOURCES = "SOURCES.md";
    private static final Pattern HEADING = Pattern.compile("(?m)^## (\\S+)\\s*$");
    private static final Pattern COMMIT = Pattern.compile("(?m)^- commit: [0-9a-f]{40}\\s*$");

    private Recorded() {}

    /** The text of {@code recorded/<name>}, UTF-8. */
    public static String body(String name) {
        try (InputStream in = Recorded.class.getClassLoader().getResourceAsStream(FOLDER + "/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no " + FOLDER + "/" + name + " on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails unless every file of {@code recorded/} but the sources file itself has its source and licence noted there. */
    public static void assertEveryFixtureIsSourced() {
        String sources = body(SOURCES);
        List<String> files = files();
        assertThat(files).as("fixtures in " + FOLDER + "/").isNotEmpty();
        for (String file : files) {
            String section = section(sources, file);
            assertThat(section).as(file + " has a section '## " + file + "' in " + FOLDER + "/" + SOURCES).isNotNull();
            assertThat(section).as("the source of " + file).contains("- repository: ", "- path: ", "- licence: ");
            assertThat(COMMIT.matcher(section).find()).as("the commit of " + file + " (40 hex digits)").isTrue();
        }
    }

    /** The lines under {@code ## file} up to the next heading, or {@code null}. */
    static String section(String sources, String file) {
        Matcher m = HEADING.matcher(sources);
        while (m.find()) {
            if (m.group(1).equals(file)) {
                int start = m.end();
                return sources.substring(start, m.find() ? m.start() : sources.length());
            }
        }
        return null;
    }

    private static List<String> files() {
        URL folder = Recorded.class.getClassLoader().getResource(FOLDER);
        if (folder == null) {
            throw new IllegalStateException("no " + FOLDER + "/ folder on the test class path");
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(folder.toURI()))) {
            s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(SOURCES)).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
