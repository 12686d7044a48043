package io.dnsfailover.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.state.FileStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A one-shot command whose threads log as it starts says nothing about logging on stderr. */
class StartUpLoggingE2eTest {

    static final int GROUPS = 2500;

    @TempDir
    Path dir;

    @Test
    void statusAndPlanOnManyGroupsWithSavedStatePrintNoWordOfSlf4j() throws IOException {
        StringBuilder yaml = new StringBuilder("providers:\n  mem: { type: inmemory }\ngroups:\n");
        for (int g = 0; g < GROUPS; g++) {
            yaml.append("  g").append(g).append(":\n")
                    .append("    record: { zone: log.test, name: g").append(g).append(".log.test, type: A, ttl: 60 }\n")
                    .append("    providers: [mem]\n")
                    .append("    targets: [ { name: a, address: 127.0.0.1 }, { name: b, address: 127.0.0.2 } ]\n")
                    .append("    check: { type: tcp, port: 9, interval: 10s, timeout: 1s, fall: 3, rise: 2 }\n");
        }
        yaml.append("state: { dir: \"").append(dir.resolve("state")).append("\" }\n");
        Path config = Files.writeString(dir.resolve("c.yaml"), yaml);
        try (FileStateStore store = FileStateStore.open(dir.resolve("state"))) {
            for (int g = 0; g < GROUPS; g++) {
                store.update("g" + g, s -> s.withDecision("kept", Instant.now()));
            }
        }
        // the state is read on a thread of its own while the providers are read on others: all of them log
        Cli.Result status = Cli.inJvm(dir, "status", "--local", "--config", config.toString());
        assertThat(status.code()).as(status.describe()).isZero();
        assertThat(status.err()).as(status.describe()).doesNotContain("SLF4J");
        assertThat(status.out()).contains("g2499");
        Cli.Result plan = Cli.inJvm(dir, "plan", "--local", "--config", config.toString(), "g7");
        assertThat(plan.code()).as(plan.describe()).isZero();
        assertThat(plan.err()).as(plan.describe()).doesNotContain("SLF4J");
    }
}
