package io.dnsfailover.controller.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * This machine's name, for the default owner. Loading a config must not wait on DNS, so the name is taken
 * from {@code $HOSTNAME}, then {@code /etc/hostname}; only when neither tells it is the JDK asked, which may
 * resolve the machine's own name (and nothing else).
 */
final class HostName {

    static final Path ETC_HOSTNAME = Path.of("/etc/hostname");

    private HostName() {}

    /** This machine's name; {@code localhost} when it cannot be told. */
    static String local() {
        return of(System::getenv, ETC_HOSTNAME, HostName::fromJdk);
    }

    /**
     * The first non-blank of: {@code env.apply("HOSTNAME")}, the first line of {@code etcHostname} that is
     * neither blank nor a comment, {@code lastResort}; {@code localhost} when none tells (or the last one fails).
     */
    static String of(Function<String, String> env, Path etcHostname, Supplier<String> lastResort) {
        String fromEnv = env.apply("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        try {
            if (Files.isRegularFile(etcHostname)) {
                for (String line : Files.readAllLines(etcHostname, StandardCharsets.UTF_8)) {
                    String name = line.strip();
                    if (!name.isEmpty() && !name.startsWith("#")) {
                        return name;
                    }
                }
            }
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // not readable, or not text: ask the JDK
        }
        try {
            String name = lastResort.get();
            return name == null || name.isBlank() ? "localhost" : name.trim();
        } catch (RuntimeException e) {
            return "localhost";
        }
    }

    private static String fromJdk() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
