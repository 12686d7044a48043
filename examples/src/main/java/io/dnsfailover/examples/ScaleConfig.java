package io.dnsfailover.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The daemon's config for a {@link ScaleLayout}: one in-memory provider, one group of {@value
 * ScaleLayout#GROUP_SIZE} targets per A record in {@value #ZONE}, every group checked over HTTP on the target
 * server's port. Written as a user would write it, and read by the daemon like any other config.
 */
final class ScaleConfig {

    static final String ZONE = "scale.test";

    private ScaleConfig() {}

    /** Writes {@code dnsfailover.yaml} into {@code dir}, with the state in {@code stateDir}, and returns its path. */
    static Path write(Path dir, ScaleLayout layout, int port, Duration interval, Duration timeout, Path stateDir) throws IOException {
        String check = "{ type: http, port: %d, path: /, interval: %s, timeout: %s, fall: 3, rise: 2 }"
                .formatted(port, text(interval), text(timeout));
        StringBuilder yaml = new StringBuilder("providers:\n  mem: { type: inmemory }\n\ngroups:\n");
        for (int group = 0; group < layout.groups(); group++) {
            String name = ScaleLayout.groupName(group);
            yaml.append("  ").append(name).append(":\n")
                    .append("    record: { zone: ").append(ZONE).append(", name: ").append(name).append('.').append(ZONE)
                    .append(", type: A, ttl: 60 }\n")
                    .append("    providers: [mem]\n")
                    .append("    targets:\n");
            for (int target = group * ScaleLayout.GROUP_SIZE; target < (group + 1) * ScaleLayout.GROUP_SIZE; target++) {
                yaml.append("      - { name: ").append(ScaleLayout.targetName(target))
                        .append(", address: ").append(layout.address(target)).append(" }\n");
            }
            yaml.append("    check: ").append(check).append('\n');
        }
        yaml.append("\nstate: { dir: \"").append(stateDir).append("\" }\n");
        return Files.writeString(dir.resolve("dnsfailover.yaml"), yaml);
    }

    /** As config writes it: {@code 10s}, or {@code 1500ms} when it is no whole number of seconds. */
    static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
