package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.state.FileStateStore;
import io.dnsfailover.controller.state.Observations;
import io.dnsfailover.controller.state.StateStore;
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

    /**
     * What the daemon answering a command on this thread lends it ({@link DaemonAnswers}): its config, its state store
     * and its observations as they are now.
     */
    record Answering(Config config, StateStore store, java.util.function.Supplier<Observations> observations) {}

    private static final ThreadLocal<Answering> ANSWERING = new ThreadLocal<>();

    /** Runs {@code command} on this thread with {@code answering}'s config as every {@link #load}'s result. */
    static <T> T answering(Answering answering, java.util.function.Supplier<T> command) {
        ANSWERING.set(answering);
        try {
            return command.get();
        } finally {
            ANSWERING.remove();
        }
    }

    /** True while a daemon answers a command on this thread: the command must not ask a daemon itself. */
    static boolean answering() {
        return ANSWERING.get() != null;
    }

    /**
     * The state store the command reads: the answering daemon's (read only, left open when closed), else the one in
     * config's ({@link Stores#forReading}), or {@code null} when a state directory does not exist (a read-only command
     * makes none).
     */
    static StateStore readState(Config c) {
        return stateReader().apply(c);
    }

    /** {@link #readState} as this thread would do it, for a command that reads its state on another thread. */
    static java.util.function.Function<Config, StateStore> stateReader() {
        Answering a = ANSWERING.get();
        if (a != null) {
            return c -> new ReadOnlyStore(a.store(), a.observations());
        }
        return Stores::forReading;
    }

    /** @throws io.dnsfailover.controller.config.ConfigException when the file is missing or invalid */
    Config load() {
        Answering preset = ANSWERING.get();
        return preset != null ? preset.config() : new ConfigLoader().load(file());
    }

    /** As {@link #load}, with the digest of the bytes read (the daemon: {@link DaemonAnswers}). */
    ConfigLoader.Loaded loadFile() {
        return new ConfigLoader().loadFile(file());
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
