package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.state.FileStateStore;
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

    /**
     * As {@link #load}, for a command that reads the state next: the state's readers are warmed up on another
     * thread meanwhile ({@link FileStateStore#warmUp}), which a cold JVM makes worth a few tenths of a second on
     * thousands of groups. A warm-up that fails only leaves the reads cold; the reads say what is wrong.
     */
    Config loadWarmingState() {
        Thread warm = new Thread(() -> {
            try {
                FileStateStore.warmUp();
            } catch (RuntimeException e) {
                // nothing to report: the real read follows
            }
        }, "dnsfailover-warm-up");
        warm.setDaemon(true);
        warm.start();
        return load();
    }
}
