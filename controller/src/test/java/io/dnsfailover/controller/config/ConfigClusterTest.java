package io.dnsfailover.controller.config;

import static io.dnsfailover.controller.config.ConfigLoaderTest.CHECK;
import static io.dnsfailover.controller.config.ConfigLoaderTest.RECORD;
import static io.dnsfailover.controller.config.ConfigLoaderTest.TARGETS;
import static io.dnsfailover.controller.config.ConfigLoaderTest.group;
import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.provider.ProviderRegistry;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cluster:}: several checkers on one PostgreSQL database. */
class ConfigClusterTest {

    static final String VALID = group(RECORD + TARGETS + CHECK);
    static final String CLUSTER = """
            cluster:
              database: jdbc:postgresql://db.example.com:5432/dnsfailover
              user: dnsfailover
              password: ${env:DB_PASSWORD}
              node: atlanta
            """;

    @TempDir
    Path dir;

    Config load(String yaml, String host) {
        return new ConfigLoader(Map.of("DB_PASSWORD", "pg-s3cr3t")::get, ProviderRegistry.load(), () -> host)
                .parse("test.yaml", yaml, dir);
    }

    List<String> problems(String yaml) {
        try {
            load(yaml, "web-1");
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected the config to be rejected:\n" + yaml);
    }

    @Test
    void withoutClusterASingleNodeNeedsNoDatabase() {
        assertThat(load(VALID, "web-1").cluster()).isNull();
    }

    @Test
    void readsTheClusterWithItsSecretsAndDefaults() {
        ClusterConfig c = load(VALID + CLUSTER, "web-1").cluster();
        assertThat(c.database()).isEqualTo("jdbc:postgresql://db.example.com:5432/dnsfailover");
        assertThat(c.user().reveal()).isEqualTo("dnsfailover");
        assertThat(c.password().reveal()).isEqualTo("pg-s3cr3t");
        assertThat(c.password().toString()).doesNotContain("pg-s3cr3t");
        assertThat(c.node()).isEqualTo("atlanta");
        assertThat(c.quorum()).isNull();
        assertThat(c.sourceAddress()).isNull();
        assertThat(c.checkIn()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void readsQuorumSourceAddressAndCheckIn() throws Exception {
        ClusterConfig c = load(VALID + CLUSTER + "  quorum: 2\n  sourceAddress: 127.0.1.2\n  checkIn: 1s\n", "web-1").cluster();
        assertThat(c.quorum()).isEqualTo(2);
        assertThat(c.sourceAddress()).isEqualTo(InetAddress.getByName("127.0.1.2"));
        assertThat(c.checkIn()).isEqualTo(Duration.ofSeconds(1));
        assertThat(load(VALID + CLUSTER + "  sourceAddress: \"::1\"\n", "web-1").cluster().sourceAddress())
                .isEqualTo(InetAddress.getByName("::1"));
    }

    @Test
    void theDefaultQuorumIsAMajorityOfTheNodesSeenAlive() {
        ClusterConfig majority = load(VALID + CLUSTER, "web-1").cluster();
        assertThat(List.of(1, 2, 3, 4, 5).stream().map(majority::quorumOf)).containsExactly(1, 2, 2, 3, 3);
        ClusterConfig two = load(VALID + CLUSTER + "  quorum: 2\n", "web-1").cluster();
        assertThat(two.quorumOf(5)).isEqualTo(2);
    }

    @Test
    void everyNodeOfAClusterIsTheSameOwnerByDefaultWhateverItsHostName() {
        Config atlanta = load(VALID + CLUSTER, "atlanta-1.example.com");
        Config frankfurt = load(VALID + CLUSTER.replace("node: atlanta", "node: frankfurt"), "fra-7.example.net");
        assertThat(atlanta.owner()).isEqualTo(frankfurt.owner()).isEqualTo("cluster:jdbc:postgresql://db.example.com:5432/dnsfailover");
        assertThat(load(VALID + CLUSTER + "owner: team-a\n", "web-1").owner()).isEqualTo("team-a");
    }

    @Test
    void aMissingOrWrongDatabaseSaysWhatToWrite() {
        assertThat(problems(VALID + "cluster: { node: atlanta }\n")).singleElement().asString()
                .contains("cluster.database").contains("database: jdbc:postgresql://db.example.com:5432/dnsfailover");
        assertThat(problems(VALID + CLUSTER.replace("jdbc:postgresql://db.example.com:5432/dnsfailover", "mysql://db/x")))
                .singleElement().asString().contains("'mysql://db/x' is not a PostgreSQL JDBC URL")
                .contains("jdbc:postgresql://HOST:5432/DATABASE");
    }

    @Test
    void aPasswordInTheUrlIsRefusedAndNeverShown() {
        for (String url : List.of("jdbc:postgresql://ops:hunter2@db:5432/x", "jdbc:postgresql://db:5432/x?user=ops&password=hunter2")) {
            List<String> p = problems(VALID + CLUSTER.replace("jdbc:postgresql://db.example.com:5432/dnsfailover", url));
            assertThat(p).singleElement().asString().contains("the database URL holds a password")
                    .contains("password: ${env:DNSFAILOVER_DB_PASSWORD}").doesNotContain("hunter2");
        }
    }

    @Test
    void aNodeNameMustBeAPlainNameAndIsRequired() {
        assertThat(problems(VALID + CLUSTER.replace("  node: atlanta\n", ""))).singleElement().asString()
                .contains("cluster.node").contains("node: atlanta");
        assertThat(problems(VALID + CLUSTER.replace("node: atlanta", "node: \"São Paulo 1\""))).singleElement().asString()
                .contains("'São Paulo 1' cannot name a node").contains("e.g. node: S-o-Paulo-1");
    }

    @Test
    void quorumSourceAddressAndCheckInOutOfRangeAreProblems() {
        assertThat(problems(VALID + CLUSTER + "  quorum: 0\n")).singleElement().asString().contains("cluster.quorum")
                .contains("write quorum: 2");
        assertThat(problems(VALID + CLUSTER + "  sourceAddress: checker.example.com\n")).singleElement().asString()
                .contains("'checker.example.com' is not an IP address");
        assertThat(problems(VALID + CLUSTER + "  sourceAddress: 300.1.1.1\n")).singleElement().asString()
                .contains("'300.1.1.1' is not an IP address");
        assertThat(problems(VALID + CLUSTER + "  checkIn: 5m\n")).singleElement().asString()
                .contains("cluster.checkIn: must be between 500ms and 1m, but was 5m");
    }

    @Test
    void aSourceAddressNotOfThisMachineIsSaidButAcceptedAndTheWildcardIsRefused() {
        Config c = load(VALID + CLUSTER + "  sourceAddress: 192.0.2.9\n", "web-1");
        assertThat(c.sourceAddress()).isNotNull();
        assertThat(c.warnings()).singleElement().asString().contains("cluster.sourceAddress")
                .contains("192.0.2.9: not an address of this machine").contains("counts toward no quorum");
        assertThat(problems(VALID + CLUSTER + "  sourceAddress: 0.0.0.0\n")).singleElement().asString()
                .contains("'0.0.0.0' is not one address of this machine");
        assertThat(load(VALID, "web-1").sourceAddress()).as("a single node: the system's choice").isNull();
    }

    @Test
    void theEdgesOfNodeNameAndCheckInAreWhereTheySay() {
        String longest = "n".repeat(63);
        assertThat(load(VALID + CLUSTER.replace("node: atlanta", "node: " + longest), "web-1").cluster().node()).isEqualTo(longest);
        assertThat(problems(VALID + CLUSTER.replace("node: atlanta", "node: " + longest + "x"))).singleElement().asString()
                .contains("cannot name a node").contains("e.g. node: " + longest);
        assertThat(load(VALID + CLUSTER + "  checkIn: 500ms\n", "web-1").cluster().checkIn()).isEqualTo(Duration.ofMillis(500));
        assertThat(load(VALID + CLUSTER + "  checkIn: 1m\n", "web-1").cluster().checkIn()).isEqualTo(Duration.ofMinutes(1));
        assertThat(problems(VALID + CLUSTER + "  checkIn: 499ms\n")).singleElement().asString().contains("cluster.checkIn");
        assertThat(problems(VALID + CLUSTER + "  checkIn: 1m1ms\n")).singleElement().asString().contains("cluster.checkIn");
    }

    @Test
    void stateAndClusterTogetherIsAProblem() {
        assertThat(problems(VALID + CLUSTER + "state: { dir: /var/lib/dnsfailover }\n")).singleElement().asString()
                .contains("state: and cluster: are both set").contains("remove state:");
    }

    @Test
    void anUnknownClusterKeyIsNamed() {
        assertThat(problems(VALID + CLUSTER + "  quorom: 2\n")).singleElement().asString()
                .contains("unknown key 'quorom'; did you mean 'quorum'?");
    }
}
