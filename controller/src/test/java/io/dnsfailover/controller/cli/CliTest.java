package io.dnsfailover.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnsfailover.controller.demo.DemoWebServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {

    record Run(int code, String out, String err) {}

    @TempDir
    Path dir;

    DemoWebServer web;
    Path config;

    @BeforeEach
    void startPrimaryOnly() throws Exception {
        // primary answers on 127.0.0.1; nothing listens on 127.0.0.2 at the same port
        web = DemoWebServer.start("127.0.0.1", 0, "www.demo.test", "primary");
        config = write("ok.yaml", config(web.port()));
    }

    @AfterEach
    void stop() {
        web.close();
    }

    /** Primary on 127.0.0.1:port, backup on 127.0.0.2 where nothing listens. */
    static String config(int port) {
        return """
                providers:
                  demo: { type: inmemory }
                groups:
                  www:
                    record: { zone: demo.test, name: www.demo.test, type: A, ttl: 5 }
                    providers: [demo]
                    targets:
                      - { name: primary, address: 127.0.0.1 }
                      - { name: backup, address: 127.0.0.2 }
                    check: { type: http, port: %d, path: /healthz, expectBody: ok, interval: 1s, timeout: 500ms, fall: 3, rise: 2 }
                """.formatted(port);
    }

    Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** Runs the command line as {@link Main#main} makes it for these arguments. */
    static Run run(String... args) {
        CommandLine cl = Main.commandLine(args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void checkShowsWhyEachTargetPassedOrFailed() {
        Run r = run("check", "--config", config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("One probe per target; fall/rise thresholds apply only in the daemon.");
        assertThat(r.out()).containsPattern("www +primary +127\\.0\\.0\\.1 +UP +\\d+ ms +HTTP 200 from 127\\.0\\.0\\.1:" + web.port());
        assertThat(r.out()).containsPattern("www +backup +127\\.0\\.0\\.2 +DOWN .*connection refused");
        assertThat(r.out()).contains("2 targets, 1 UP, 1 not UP");
    }

    @Test
    void checkJsonHasTheDocumentedShape() throws Exception {
        Run r = run("check", "--config", config.toString(), "--output", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(fieldNames(root)).containsExactly("groups");
        JsonNode group = root.get("groups").get(0);
        assertThat(fieldNames(group)).containsExactly("name", "targets");
        assertThat(group.get("name").asText()).isEqualTo("www");
        JsonNode primary = group.get("targets").get(0);
        assertThat(fieldNames(primary)).containsExactly("name", "address", "state", "latencyMs", "reason");
        assertThat(primary.get("name").asText()).isEqualTo("primary");
        assertThat(primary.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(primary.get("state").asText()).isEqualTo("UP");
        assertThat(primary.get("latencyMs").isIntegralNumber()).isTrue();
        assertThat(primary.get("reason").asText()).startsWith("HTTP 200 from 127.0.0.1:" + web.port());
        JsonNode backup = group.get("targets").get(1);
        assertThat(backup.get("state").asText()).isEqualTo("DOWN");
        assertThat(backup.get("reason").asText()).contains("connection refused");
    }

    @Test
    void checkExitsZeroWhenEveryTargetIsDown() {
        web.close();
        Run r = run("check", "www", "--config", config.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("2 targets, 0 UP, 2 not UP");
    }

    @Test
    void checkOfAnUnknownGroupIsAUsageError() {
        Run r = run("check", "nope", "--config", config.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("no group 'nope'", "groups: www");
    }

    @Test
    void validateSummarisesAValidConfig() {
        Run r = run("validate", "--config", config.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("is valid: 1 provider, 1 group, 2 targets, 0 notifiers.",
                "1. primary 127.0.0.1 (primary)", "2. backup 127.0.0.2");
    }

    @Test
    void validateReportsEveryProblemWithItsLineAndExits78() throws Exception {
        Path bad = write("bad.yaml", config(web.port()).replace("fall: 3", "fall: 0").replace("type: A", "type: AAAA"));
        Run r = run("validate", "--config", bad.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("The config has 3 problems:", bad + ":8:", bad + ":9:", bad + ":10:");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void validateJsonListsTheErrors() throws Exception {
        Path bad = write("bad.yaml", config(web.port()).replace("fall: 3", "fall: 0"));
        Run r = run("validate", "--config", bad.toString(), "-o", "json");
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertThat(root.get("valid").asBoolean()).isFalse();
        assertThat(root.get("errors").get(0).get("line").asInt()).isEqualTo(10);
        assertThat(root.get("errors").get(0).get("path").asText()).isEqualTo("groups.www.check.fall");
    }

    @Test
    void aMissingConfigFileIsAConfigError() {
        Run r = run("check", "--config", dir.resolve("absent.yaml").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("absent.yaml: no such file");
    }

    @Test
    void usageErrorsExit64() {
        assertThat(run().code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("frobnicate").code()).isEqualTo(ExitCodes.USAGE);
        Run r = run("check", "--outptu", "json");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unknown option: '--outptu'");
        assertThat(run("check", "--output", "yaml").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void onlyTheCommandRunIsBuiltAndEverythingElseSeesThemAll() {
        List<String> all = new ArrayList<>(Main.commandLine().getSubcommands().keySet());
        assertThat(all).containsExactly("run", "check", "plan", "failover", "failback", "status", "validate", "demo", "version",
                "completion", "help");
        for (String command : all) {
            if (!command.equals("help")) {
                assertThat(Main.commandLine(command, "--config", "x.yaml").getSubcommands()).as(command).containsOnlyKeys(command);
            }
        }
        assertThat(Main.commandLine("help", "status").getSubcommands().keySet()).containsExactlyElementsOf(all);
        assertThat(Main.commandLine("--help").getSubcommands().keySet()).containsExactlyElementsOf(all);
        assertThat(Main.commandLine("statsu").getSubcommands().keySet()).containsExactlyElementsOf(all);
        Run typo = run("statsu");
        assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("Did you mean: dnsfailover status");
        assertThat(run("help", "plan").out()).contains("Usage: dnsfailover plan");
        assertThat(run().err()).contains("failover", "validate", "demo");
    }

    @Test
    void versionPrintsTheVersionAndTheCommitItWasBuiltFrom() {
        Run v = run("version");
        assertThat(v.code()).isZero();
        // built from this repository: a commit of 12 hex digits (a tree without git says unknown)
        assertThat(v.out().strip()).matches("dnsfailover \\S+ \\(commit ([0-9a-f]{12}(, with uncommitted changes)?|unknown)\\)");
        assertThat(run("--version").out()).isEqualTo(v.out());
    }

    @Test
    void completionPrintsAScriptThatCompletesEveryCommandForBashAndZsh() {
        Run bash = run("completion", "bash");
        assertThat(bash.code()).isZero();
        assertThat(bash.out()).startsWith("#!/usr/bin/env bash").contains("complete -F");
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            assertThat(bash.out()).as(command).contains(command);
        }
        Run zsh = run("completion", "zsh");
        assertThat(zsh.out()).startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n")
                .endsWith(bash.out());
        Run fish = run("completion", "fish");
        assertThat(fish.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(fish.err()).contains("bash, zsh");
    }

    @Test
    void everyCommandHasHelp() {
        List<String> commands = new ArrayList<>(Main.commandLine().getSubcommands().keySet());
        assertThat(commands).contains("validate", "check", "demo");
        for (String command : commands) {
            Run r = run(command, "--help");
            assertThat(r.code()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: dnsfailover " + command);
        }
        assertThat(run("--help").out()).contains("Usage: dnsfailover", "78");
    }

    @Test
    void demoFailsOverAndBackAndReportsTheMeasuredTimes() {
        Run r = run("demo");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("DNS answers www.demo.test -> [127.0.0.1] (primary)", "stopping the primary web server",
                "DNS answers www.demo.test -> [127.0.0.2] (backup)", "starting the primary again");
        assertThat(r.out()).containsPattern("health: primary UP -> DOWN \\(3 × connection refused");
        assertThat(r.out()).containsPattern("write: demo <- \\[127\\.0\\.0\\.2\\]");
        assertThat(r.out()).containsPattern("primary stopped -> DNS answers backup +\\d+\\.\\d\\d s");
        assertThat(r.out()).containsPattern("primary back +-> DNS answers primary +\\d+\\.\\d\\d s");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theJournalRotatesAtTheConfiguredSize() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        String line = "{\"at\":\"2026-12-03T12:00:00Z\",\"group\":\"www\",\"type\":\"health\",\"dryRun\":false,\"pad\":\"" + "x".repeat(200) + "\"}\n";
        Files.writeString(state.resolve("events.jsonl"), line.repeat(400)); // about 90 KB, past 64KB
        // its own in-memory provider: the ownership marker it writes must not meet the demo's (one JVM, one registry)
        Path small = write("small.yaml", config(web.port()).replace("demo: { type", "rotating: { type").replace("[demo]", "[rotating]") + "state: { dir: \"" + state + "\", journal: { maxSize: 64KB, keep: 2 } }\n");
        Run r = run("failover", "www", "--to", "primary", "--config", small.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(state.resolve("events.jsonl.000001.gz")).as("the old journal, rotated and compressed").exists();
        assertThat(Files.size(state.resolve("events.jsonl"))).isLessThan(64 * 1024);
        assertThat(Files.readString(state.resolve("events.jsonl"))).contains("\"type\":\"override\"");
    }
}
