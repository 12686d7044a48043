package io.dnsfailover.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every sample config in examples/configs loads without errors or warnings. */
class ExampleConfigsTest {

    static final Path CONFIGS = Path.of("configs");

    @TestFactory
    Stream<DynamicTest> everyExampleConfigLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(CONFIGS)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("example configs in " + CONFIGS.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(4);
        // ${env:...} gets a stand-in value; ${file:...} paths are on the user's machine, so they are not read here
        ConfigLoader loader = new ConfigLoader(name -> "stand-in-" + name);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String text = Files.readString(file).replaceAll("\\$\\{file:[^}]*}", "c3RhbmQtaW4=");
            Config c = loader.parse(file.toString(), text, file.toAbsolutePath().getParent());
            assertThat(c.groups()).isNotEmpty();
            assertThat(c.warnings()).extracting(ConfigProblem::toString).isEmpty();
        }));
    }
}
