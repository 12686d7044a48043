package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every command. */
final class ConfigOption {

    static final String ENV = "DNSFAILOVER_CONFIG";
    static final String DEFAULT_FILE = "dnsfailover.yaml";

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: $" + ENV + ", else " + DEFAULT_FILE + " in the working directory).")
    Path file;

    Path file() {
        if (file != null) {
            return file;
        }
        String fromEnv = System.getenv(ENV);
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : DEFAULT_FILE);
    }

    /** @throws io.dnsfailover.controller.config.ConfigException when the file is missing or invalid */
    Config load() {
        return new ConfigLoader().load(file());
    }
}
