package io.dnsfailover.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.state.FileStateStore;
import io.dnsfailover.controller.state.Observations;
import io.dnsfailover.health.Health;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} and {@code plan} answered by a running daemon of the same config, and computed here otherwise. */
class DaemonAnswersTest {

    static final AtomicInteger RUN = new AtomicInteger();
    static final String ANSWERED = "answered by the daemon running this config (pid " + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    Path config;
    FileStateStore store;
    final AtomicReference<Observations> live = new AtomicReference<>();

    @BeforeEach
    void setUp() throws IOException {
        String provider = "answers-" + RUN.incrementAndGet();
        config = Files.writeString(dir.resolve("c.yaml"), """
                providers:
                  %s: { type: inmemory }
                groups:
                  www:
                    record: { zone: answers.test, name: www.answers.test, type: A, ttl: 60 }
                    providers: [%s]
                    targets: [ { name: primary, address: 127.0.0.1 }, { name: backup, address: 127.0.0.2 } ]
                    check: { type: tcp, port: 9, interval: 10s, timeout: 1s, fall: 3, rise: 2 }
                  "-dash":
                    record: { zone: answers.test, name: dash.answers.test, type: A, ttl: 60 }
                    providers: [%s]
                    targets: [ { name: only, address: 127.0.0.3 } ]
                    check: { type: tcp, port: 9, interval: 10s, timeout: 1s, fall: 3, rise: 2 }
                state: { dir: "%s" }
                """.formatted(provider, provider, provider, dir.resolve("state")));
        store = FileStateStore.open(dir.resolve("state"));
        Instant now = Instant.now();
        store.update("www", g -> g.withOverride("backup", now));
        Map<String, Observations.Target> targets = new LinkedHashMap<>();
        targets.put("primary", new Observations.Target(Health.DOWN, now.minusSeconds(60), now.minusSeconds(1), Health.DOWN,
                "connection refused (127.0.0.1)", null));
        targets.put("backup", new Observations.Target(Health.UP, now.minusSeconds(600), now.minusSeconds(1), Health.UP,
                "TCP connect in 1 ms", null));
        live.set(new Observations(now, 4242, Map.of("www", targets, "-dash", Map.of("only", new Observations.Target(Health.UP,
                now.minusSeconds(600), now.minusSeconds(1), Health.UP, "TCP connect in 1 ms", null)))));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    DaemonAnswers start() {
        ConfigLoader.Loaded loaded = new ConfigLoader().loadFile(config);
        return DaemonAnswers.start(config, loaded.sha256(), loaded.config(), store, live::get).orElseThrow();
    }

    @Test
    void statusAndPlanAreAnsweredByTheDaemonWithItsLiveViewAndPrintWhatALocalRunPrints() {
        try (DaemonAnswers answers = start()) {
            assertThat(answers.socket()).exists();
            CliTest.Run status = CliTest.run("status", "--config", config.toString());
            assertThat(status.err()).contains(ANSWERED);
            assertThat(status.out()).contains("PINNED to backup")
                    // the daemon's memory, not a file: no observations were saved in the state directory
                    .contains("  primary: DOWN since ").contains("  backup: UP since ");
            assertThat(dir.resolve("state/observations.json")).doesNotExist();

            CliTest.Run json = CliTest.run("status", "-o", "json", "--config", config.toString(), "www");
            assertThat(json.err()).contains(ANSWERED);
            assertThat(json.out()).startsWith("{").contains("\"pin\":\"backup\"").doesNotContain("-dash");
            CliTest.Run dash = CliTest.run("status", "--config", config.toString(), "--", "-dash");
            assertThat(dash.err()).as("a group named like an option stays a group").contains(ANSWERED);
            assertThat(dash.out()).contains("-dash").doesNotContain("www");

            CliTest.Run plan = CliTest.run("plan", "--detailed-exitcode", "--config", config.toString());
            assertThat(plan.err()).contains(ANSWERED).contains("health: the daemon's view of all 3 targets");
            store.saveObservations(live.get()); // what a daemon saves for commands it does not answer
            CliTest.Run local = CliTest.run("plan", "--detailed-exitcode", "--local", "--config", config.toString());
            assertThat(local.err()).doesNotContain(ANSWERED).contains("health: the daemon's view of all 3 targets");
            assertThat(plan.code()).isEqualTo(local.code());
            assertThat(plan.out()).isEqualTo(local.out());
            try (DaemonAnswers second = start()) {
                assertThat(second.socket()).as("a second daemon's start takes over the socket").exists();
                assertThat(CliTest.run("status", "--config", config.toString()).err()).contains(ANSWERED);
            }
        }
    }

    @Test
    void aChangedConfigIsComputedHereSayingWhy() throws IOException {
        try (DaemonAnswers answers = start()) {
            Files.writeString(config, Files.readString(config) + "# edited\n");
            CliTest.Run status = CliTest.run("status", "--config", config.toString());
            assertThat(status.err()).doesNotContain(ANSWERED)
                    .contains("the daemon running this config does not answer (the config file was changed since this daemon read it;"
                            + " restart the daemon to run the new config); computing here");
            assertThat(status.out()).contains("PINNED to backup");
        }
    }

    @Test
    void noDaemonListeningMeansComputingHereWithoutAWord() throws IOException {
        Path socket;
        try (DaemonAnswers answers = start()) {
            socket = answers.socket();
        }
        assertThat(socket).as("a daemon that stops removes its socket").doesNotExist();
        // a daemon killed leaves its socket behind: nobody listens on it
        ServerSocketChannel left = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        left.bind(UnixDomainSocketAddress.of(socket));
        left.close();
        assertThat(socket).exists();
        CliTest.Run status = CliTest.run("status", "--config", config.toString());
        assertThat(status.err()).doesNotContain("daemon");
        assertThat(status.out()).contains("PINNED to backup");
        Files.deleteIfExists(socket);
    }

    @Test
    void onlyCommandsThatWriteNothingAreAnswered() throws IOException {
        try (DaemonAnswers answers = start();
                SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(answers.socket()))) {
            String digest = ConfigLoader.digest(Files.readAllBytes(config));
            Channels.newOutputStream(ch).write(AnswerSocket.request(digest, List.of("failover", "www", "backup")));
            AnswerSocket.Reply r = AnswerSocket.reply(new DataInputStream(Channels.newInputStream(ch)), 1 << 20);
            assertThat(r.refused()).isEqualTo("the daemon answers only plan and status");
        }
        assertThat(store.read("www").state().override()).isEqualTo("backup");
    }

    @Test
    void aSocketDirectoryOthersCouldUseIsNotUsed() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(AnswerSocket.trusted(open)).isFalse();
        assertThat(AnswerSocket.prepare(open)).isFalse();
        Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectory(dir.resolve("private"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
        assertThat(AnswerSocket.trusted(dir.resolve("private"))).isTrue();
        assertThat(AnswerSocket.trusted(link)).as("a symbolic link").isFalse();
        assertThat(AnswerSocket.prepare(dir.resolve("made"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("made")))).isEqualTo("rwx------");
    }
}
