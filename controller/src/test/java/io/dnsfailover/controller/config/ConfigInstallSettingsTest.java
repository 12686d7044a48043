package io.dnsfailover.controller.config;

import static io.dnsfailover.controller.config.ConfigLoaderTest.CHECK;
import static io.dnsfailover.controller.config.ConfigLoaderTest.RECORD;
import static io.dnsfailover.controller.config.ConfigLoaderTest.TARGETS;
import static io.dnsfailover.controller.config.ConfigLoaderTest.group;
import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.provider.ProviderRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code owner:}, {@code alarms:}, {@code state:} with its journal, and a group's {@code takeover:}. */
class ConfigInstallSettingsTest {

    static final String VALID = group(RECORD + TARGETS + CHECK);

    @TempDir
    Path dir;

    final AtomicInteger hostNameAsked = new AtomicInteger();

    Config load(String yaml) {
        return new ConfigLoader(name -> null, ProviderRegistry.load(), () -> {
            hostNameAsked.incrementAndGet();
            return "web 1.example.com";
        }).parse("test.yaml", yaml, dir);
    }

    List<String> problems(String yaml) {
        try {
            load(yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected the config to be rejected:\n" + yaml);
    }

    @Test
    void defaultsWhenNoneOfTheKeysIsWritten() {
        Config c = load(VALID);
        assertThat(c.owner()).isEqualTo("web-1.example.com:" + dir.resolve("state"));
        assertThat(c.alarms()).isEqualTo(new Config.Alarms(Duration.ofHours(1), Duration.ofSeconds(30)));
        assertThat(c.state()).isEqualTo(new Config.StateConfig(dir.resolve("state"), 64L * 1024 * 1024, 10));
        assertThat(c.groups().get("atlanta1").takeover()).isFalse();
    }

    @Test
    void readsEveryKey() {
        Config c = load(VALID.replace("    check:", "    takeover: true\n    check:") + """
                owner: "ops@atlanta-1.example.com:/srv/df_1"
                alarms: { remindEvery: 2h30m, providerFailingAfter: 0s }
                state:
                  dir: var/df
                  journal: { maxSize: 512KB, keep: 1000 }
                """);
        assertThat(c.owner()).isEqualTo("ops@atlanta-1.example.com:/srv/df_1");
        assertThat(hostNameAsked).as("the host name is looked up only for the default owner").hasValue(0);
        assertThat(c.alarms()).isEqualTo(new Config.Alarms(Duration.ofMinutes(150), Duration.ZERO));
        assertThat(c.state()).isEqualTo(new Config.StateConfig(dir.resolve("var/df"), 512 * 1024, 1000));
        assertThat(c.groups().get("atlanta1").takeover()).isTrue();
    }

    @Test
    void theDefaultOwnerFollowsTheStateDirectory() {
        Config c = load(VALID + "state: { dir: /var/lib/dnsfailover }\n");
        assertThat(c.owner()).isEqualTo("web-1.example.com:/var/lib/dnsfailover");
    }

    @Test
    void aDefaultOwnerTooLongForTheMarkerEndsInAHashOfTheWhole() {
        Path deep = Path.of("/" + "d".repeat(150), "e".repeat(100));
        String owner = Config.defaultOwner("host", deep);
        assertThat(owner).hasSize(200).startsWith("host:/ddd").matches(".*-[0-9a-f]{16}");
        assertThat(Config.defaultOwner("host", deep.resolveSibling("f".repeat(100)))).hasSize(200).isNotEqualTo(owner);
        assertThat(Config.defaultOwner("host", Path.of("/var/lib/x"))).isEqualTo("host:/var/lib/x");
    }

    @Test
    void rejectsAnOwnerWithCharactersAMarkerCannotHold() {
        assertThat(problems(VALID + "owner: \"ops team #1, \\\"east\\\"\"\n")).containsExactly(
                "test.yaml:11:8: owner: 'ops team #1, \"east\"' holds space, '#', ',', '\"', which an ownership marker cannot; "
                        + "use only letters, digits and . _ : / @ -, e.g. owner: ops-team--1---east-");
        assertThat(problems(VALID + "owner: café\n")).containsExactly(
                "test.yaml:11:8: owner: 'café' holds 'é', which an ownership marker cannot; use only letters, digits and "
                        + ". _ : / @ -, e.g. owner: caf-");
    }

    @Test
    void rejectsAnEmptyOrOverlongOwnerOrOneThatIsNotAValue() {
        assertThat(problems(VALID + "owner: \"\"\n")).containsExactly(
                "test.yaml:11:8: owner: owner is empty; write a name for this install, e.g. owner: atlanta-ops, or remove "
                        + "owner: for the default (host name and state directory)");
        assertThat(problems(VALID + "owner: " + "a".repeat(201) + "\n")).containsExactly(
                "test.yaml:11:8: owner: owner is 201 characters long; an ownership marker holds at most 200: write a shorter name");
        assertThat(load(VALID + "owner: " + "a".repeat(200) + "\n").owner()).hasSize(200);
        assertThat(problems(VALID + "owner: [a, b]\n")).containsExactly(
                "test.yaml:11:8: owner: expected a single value, but found a list");
    }

    @Test
    void rejectsAlarmDurationsOutOfRange() {
        assertThat(problems(VALID + "alarms: { remindEvery: 59s, providerFailingAfter: 1h1s }\n")).containsExactly(
                "test.yaml:11:24: alarms.remindEvery: must be at least 1m, but was 59s; a reminder repeats a condition that "
                        + "lasts: write remindEvery: 1h",
                "test.yaml:11:51: alarms.providerFailingAfter: must be between 0s and 1h, but was 1h1s; a provider failing "
                        + "that long has already missed failovers: write providerFailingAfter: 30s");
        Config c = load(VALID + "alarms: { remindEvery: 1m, providerFailingAfter: 1h }\n");
        assertThat(c.alarms()).isEqualTo(new Config.Alarms(Duration.ofMinutes(1), Duration.ofHours(1)));
    }

    @Test
    void reportsUnknownAlarmKeysWithASuggestionAndBadDurations() {
        assertThat(problems(VALID + "alarms:\n  remindevery: 1h\n  providerFailingAfter: soon\n  snooze: 5m\n")).containsExactly(
                "test.yaml:12:3: alarms.remindevery: unknown key 'remindevery'; did you mean 'remindEvery'?",
                "test.yaml:13:25: alarms.providerFailingAfter: 'soon' is not a duration; write a number and a unit, like "
                        + "500ms, 10s, 5m or 1h",
                "test.yaml:14:3: alarms.snooze: unknown key 'snooze'; the alarm settings takes: remindEvery, providerFailingAfter");
        assertThat(problems(VALID + "alarms: 1h\n")).containsExactly(
                "test.yaml:11:9: alarms: expected the alarm settings (keys: remindEvery, providerFailingAfter), but found '1h'");
    }

    @Test
    void aDurationTooLargeForTheClockIsAProblemNotACrash() {
        assertThat(problems(VALID + "alarms: { remindEvery: 9223372036854775807h }\n")).containsExactly(
                "test.yaml:11:24: alarms.remindEvery: '9223372036854775807h' is too long a duration; write a number and a "
                        + "unit, like 10s, 5m or 1h");
        assertThat(problems(VALID + "alarms: { remindEvery: 99999999999999999999s }\n")).singleElement().asString()
                .startsWith("test.yaml:11:24: alarms.remindEvery: '99999999999999999999s' is too long a duration");
    }

    @Test
    void readsJournalSizesInEveryUnit() {
        assertThat(Sizes.parse("64MB")).isEqualTo(64L << 20);
        assertThat(Sizes.parse("512kb")).isEqualTo(512L << 10);
        assertThat(Sizes.parse("1GB")).isEqualTo(1L << 30);
        assertThat(Sizes.parse("2 GiB")).isEqualTo(2L << 30);
        assertThat(Sizes.parse("65536")).isEqualTo(65536);
        assertThat(Sizes.parse("70000B")).isEqualTo(70000);
        assertThat(Sizes.format(64L << 20)).isEqualTo("64MB");
        assertThat(Sizes.format(3L << 30)).isEqualTo("3GB");
        assertThat(Sizes.format(1536L << 10)).isEqualTo("1536KB");
        assertThat(Sizes.format(65537)).isEqualTo("65537");
    }

    @Test
    void rejectsJournalSettingsOutOfRange() {
        assertThat(problems(VALID + "state:\n  journal: { maxSize: 63KB, keep: 0 }\n")).containsExactly(
                "test.yaml:12:23: state.journal.maxSize: must be at least 64KB, but was 63KB; the journal is rotated each "
                        + "time it reaches maxSize: write maxSize: 64MB",
                "test.yaml:12:35: state.journal.keep: must be between 1 and 1000, but was 0; keep is how many rotated journal "
                        + "files are kept; write keep: 10");
        assertThat(problems(VALID + "state:\n  journal: { maxSize: 1.5GB, keep: 1001 }\n")).containsExactly(
                "test.yaml:12:23: state.journal.maxSize: '1.5GB' is not a size; write a number with KB, MB or GB, like "
                        + "512KB, 64MB or 1GB, or a number of bytes",
                "test.yaml:12:36: state.journal.keep: must be between 1 and 1000, but was 1001; keep is how many rotated "
                        + "journal files are kept; write keep: 10");
        assertThat(problems(VALID + "state:\n  journal: { maxSize: 99999999999GB }\n")).containsExactly(
                "test.yaml:12:23: state.journal.maxSize: '99999999999GB' is too large to be a size; write a number with KB, "
                        + "MB or GB, like 64MB or 1GB");
        assertThat(load(VALID + "state:\n  journal: { maxSize: 65536 }\n").state().journalMaxSize()).isEqualTo(65536);
    }

    @Test
    void reportsUnknownStateAndJournalKeys() {
        assertThat(problems(VALID + "state:\n  dri: /x\n  journal: { maxsize: 1GB, rotate: daily }\n")).containsExactly(
                "test.yaml:12:3: state.dri: unknown key 'dri'; did you mean 'dir'?",
                "test.yaml:13:14: state.journal.maxsize: unknown key 'maxsize'; did you mean 'maxSize'?",
                "test.yaml:13:28: state.journal.rotate: unknown key 'rotate'; the journal settings takes: maxSize, keep");
    }

    @Test
    void rejectsATakeoverThatIsNotTrueOrFalse() {
        assertThat(problems(VALID.replace("    check:", "    takeover: yes please\n    check:"))).containsExactly(
                "test.yaml:10:15: groups.atlanta1.takeover: expected true or false, but was 'yes please'");
    }

    @Test
    void takesTheHostNameFromTheEnvironmentThenEtcHostnameAndOnlyThenFromTheJdk() throws Exception {
        Path etc = dir.resolve("hostname");
        Files.writeString(etc, "# written by the installer\n\n  atlanta1  \nignored\n");
        AtomicInteger jdkAsked = new AtomicInteger();
        java.util.function.Supplier<String> jdk = () -> {
            jdkAsked.incrementAndGet();
            return " from-jdk ";
        };
        assertThat(HostName.of(name -> name.equals("HOSTNAME") ? " web1 " : null, etc, jdk)).isEqualTo("web1");
        assertThat(HostName.of(name -> " ", etc, jdk)).isEqualTo("atlanta1");
        assertThat(jdkAsked).hasValue(0);
        assertThat(HostName.of(name -> null, dir.resolve("absent"), jdk)).isEqualTo("from-jdk");
        Files.writeString(etc, "\n# only a comment\n");
        assertThat(HostName.of(name -> null, etc, jdk)).isEqualTo("from-jdk");
        Files.write(etc, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertThat(HostName.of(name -> null, etc, jdk)).isEqualTo("from-jdk");
        assertThat(HostName.of(name -> null, dir, jdk)).as("a directory is not a hostname file").isEqualTo("from-jdk");
        assertThat(jdkAsked).hasValue(4);
        assertThat(HostName.of(name -> null, etc, () -> {
            throw new IllegalStateException("no network");
        })).isEqualTo("localhost");
        assertThat(HostName.of(name -> null, etc, () -> "")).isEqualTo("localhost");
    }
}
