package io.dnsfailover.controller.e2e;

import io.dnsfailover.providers.testkit.BindServer;
import io.dnsfailover.providers.testkit.PowerDnsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The config files of the end-to-end tests: one group, {@value #GROUP}, owning {@value #NAME} A (TTL {@value #TTL})
 * in zone {@value #ZONE}, with a primary ({@link Backends#PRIMARY}) and a backup ({@link Backends#BACKUP}) checked
 * over HTTP every second, DOWN after two failures, UP after one pass, failing back after {@value #FAILBACK_AFTER},
 * no hold-down (failbackAfter can be changed); the state directory is {@code state/} beside the file.
 */
final class E2eConfig {

    static final String ZONE = "e2e.test";
    static final String NAME = "atlanta1.e2e.test";
    static final String GROUP = "atlanta1";
    static final int TTL = 5;
    static final String FAILBACK_AFTER = "3s";

    private E2eConfig() {}

    /** A config publishing through PowerDNS's HTTP API (the key is written literally: the file is a test's own). */
    static Path powerDns(Path dir, PowerDnsServer pdns, int port) {
        return powerDns(dir, pdns, port, FAILBACK_AFTER);
    }

    /** The same with another {@code failbackAfter}, e.g. {@code 10m} to keep automation from failing back during a test. */
    static Path powerDns(Path dir, PowerDnsServer pdns, int port, String failbackAfter) {
        return write(dir, "pdns", "{ type: powerdns, endpoint: \"" + pdns.apiUrl() + "\", apiKey: \"" + pdns.apiKey() + "\" }", port,
                failbackAfter);
    }

    /** A config publishing through RFC 2136 UPDATEs signed with BIND's TSIG key. */
    static Path rfc2136(Path dir, BindServer bind, int port) {
        return write(dir, "bind", "{ type: rfc2136, server: 127.0.0.1, port: " + bind.dnsAddress().getPort() + ", tsigKeyName: "
                + bind.keyName() + ", tsigAlgorithm: " + bind.keyAlgorithm() + ", tsigSecret: \"" + bind.keySecret() + "\" }", port,
                FAILBACK_AFTER);
    }

    /** The state directory of a config written by this class. */
    static Path stateDir(Path dir) {
        return dir.resolve("state");
    }

    private static Path write(Path dir, String provider, String settings, int port, String failbackAfter) {
        String yaml = """
                providers:
                  %s: %s
                groups:
                  %s:
                    record: { zone: %s, name: %s, type: A, ttl: %d }
                    providers: [%s]
                    targets:
                      - { name: primary, address: %s }
                      - { name: backup, address: %s }
                    check: { type: http, port: %d, path: /healthz, expectBody: ok, interval: 1s, timeout: 500ms, fall: 2, rise: 1 }
                    failback: auto
                    failbackAfter: %s
                    holdDown: 0s
                state: { dir: "%s" }
                """.formatted(provider, settings, GROUP, ZONE, NAME, TTL, provider, Backends.PRIMARY, Backends.BACKUP, port,
                failbackAfter, stateDir(dir));
        Path file = dir.resolve("dnsfailover.yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
