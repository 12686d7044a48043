package io.dnsfailover.controller.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One install of dnsfailover for the fault tests: a directory of its own holding its config file and its state
 * directory, with its own {@code owner:}. The group is {@link E2eConfig#GROUP} on {@link E2eConfig#NAME} A (TTL
 * {@link E2eConfig#TTL}) with the primary and backup of {@link Backends}, checked over HTTP every
 * {@value #INTERVAL_SECONDS} s (timeout 500 ms), DOWN after {@value #FALL} failures, UP after one pass, no
 * hold-down. Providers are PowerDNS APIs by name (straight, or through a {@code FaultProxy}); the group
 * publishes to all of them in the order given.
 */
final class FaultInstall {

    static final int INTERVAL_SECONDS = 1;
    static final int FALL = 3;

    private record Api(String endpoint, String apiKey) {}

    private final Path dir;
    private final Map<String, Api> providers = new LinkedHashMap<>();
    private final String owner;
    private final int port;
    private String failback = "auto";
    private String failbackAfter = "3s";
    private String webhook;

    private FaultInstall(Path dir, String owner, int port) {
        this.dir = dir;
        this.owner = owner;
        this.port = port;
    }

    /**
     * An install in {@code dir} (created) named {@code owner} in the ownership marker, checking the backends on
     * {@code port}.
     */
    static FaultInstall in(Path dir, String owner, int port) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FaultInstall(dir, owner, port);
    }

    /** Adds a PowerDNS provider reached at {@code endpoint} (the webserver URL, or a proxy's). */
    FaultInstall powerDns(String name, String endpoint, String apiKey) {
        providers.put(name, new Api(endpoint, apiKey));
        return this;
    }

    /** {@code failback:} ({@code auto}, {@code manual}, {@code one-way}) and {@code failbackAfter:}. */
    FaultInstall failback(String mode, String after) {
        this.failback = mode;
        this.failbackAfter = after;
        return this;
    }

    /** Notifies a webhook at {@code url}. */
    FaultInstall webhook(String url) {
        this.webhook = url;
        return this;
    }

    String owner() {
        return owner;
    }

    Path dir() {
        return dir;
    }

    Path stateDir() {
        return dir.resolve("state");
    }

    StateDir state() {
        return new StateDir(stateDir());
    }

    /** Writes {@code dnsfailover.yaml} (replacing it) and returns its path. */
    Path write() {
        if (providers.isEmpty()) {
            throw new IllegalStateException("an install needs a provider");
        }
        String providerLines = providers.entrySet().stream()
                .map(e -> "  " + e.getKey() + ": { type: powerdns, endpoint: \"" + e.getValue().endpoint() + "\", apiKey: \""
                        + e.getValue().apiKey() + "\" }")
                .collect(Collectors.joining("\n"));
        String yaml = """
                owner: %s
                providers:
                %s
                groups:
                  %s:
                    record: { zone: %s, name: %s, type: A, ttl: %d }
                    providers: [%s]
                    targets:
                      - { name: primary, address: %s }
                      - { name: backup, address: %s }
                    check: { type: http, port: %d, path: /healthz, expectBody: ok, interval: %ds, timeout: 500ms, fall: %d, rise: 1 }
                    failback: %s
                    failbackAfter: %s
                    holdDown: 0s
                %sstate: { dir: "%s" }
                """.formatted(owner, providerLines, E2eConfig.GROUP, E2eConfig.ZONE, E2eConfig.NAME, E2eConfig.TTL,
                String.join(", ", providers.keySet()), Backends.PRIMARY, Backends.BACKUP, port, INTERVAL_SECONDS, FALL, failback,
                failbackAfter, webhook == null ? "" : "notify:\n  - { type: webhook, url: \"" + webhook + "\" }\n", stateDir());
        Path file = config();
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The config file's path. */
    Path config() {
        return dir.resolve("dnsfailover.yaml");
    }
}
