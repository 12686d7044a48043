package io.dnsfailover.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnsfailover.providers.testkit.fakes.ConstellixFake;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} and {@code failover} with a {@code constellix} provider whose {@code endpoint} points at
 * the stateful Constellix fake: the real adapter, found through ServiceLoader, signs every request, and the
 * controller's retry honours Constellix's 429. The first write also creates the ownership marker.
 */
class ConstellixCliTest {

    static final String API_KEY = "cli-api-key-5f0c";
    static final String SECRET = "cli-secret-key-9d2e";
    static final String ZONE = "hosting.test";

    @TempDir
    Path dir;

    ConstellixFake fake;
    ServerSocket backupListens;
    Path config;

    @BeforeEach
    void start() throws Exception {
        fake = ConstellixFake.start(API_KEY, SECRET).maxPerPage(2);
        fake.addDomain("old" + ZONE);
        fake.addDomain(ZONE);
        // other records first, so that the group's record is only on the second page
        fake.addRecord(ZONE, "www", "A", 300, "192.0.2.80").addRecord(ZONE, "mail", "A", 300, "192.0.2.25");
        fake.addRecord(ZONE, "atlanta1", "A", 60, "127.0.0.2");
        // the backup's health check connects here; nothing listens on the primary (127.0.0.2) at this port
        backupListens = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        config = dir.resolve("dnsfailover.yaml");
        Files.writeString(config, """
                owner: atlanta-ops
                providers:
                  cnx:
                    type: constellix
                    endpoint: "%s"
                    apiKey: "%s"
                    secretKey: "%s"
                groups:
                  atlanta1:
                    record: { zone: %s, name: atlanta1.%s, type: A, ttl: 60 }
                    providers: [cnx]
                    targets:
                      - { name: primary, address: 127.0.0.2 }
                      - { name: backup, address: 127.0.0.1 }
                    check: { type: tcp, port: %d, interval: 1s, timeout: 500ms }
                """.formatted(fake.endpoint(), API_KEY, SECRET, ZONE, ZONE, backupListens.getLocalPort()));
    }

    @AfterEach
    void stop() throws Exception {
        backupListens.close();
        fake.close();
    }

    @Test
    void statusShowsWhatConstellixServesAndWhichTargetThatIs() throws Exception {
        CliTest.Run text = CliTest.run("status", "--config", config.toString());
        assertThat(text.code()).as(text.out() + text.err()).isZero();
        assertThat(text.out()).containsPattern("atlanta1 +cnx +60 +127\\.0\\.0\\.2 +primary");
        assertThat(text.out() + text.err()).doesNotContain(API_KEY, SECRET);

        CliTest.Run json = CliTest.run("status", "--config", config.toString(), "-o", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode row = new ObjectMapper().readTree(json.out()).get("groups").get(0).get("providers").get(0);
        assertThat(row.toString()).isEqualTo("{\"name\":\"cnx\",\"values\":[\"127.0.0.2\"],\"ttl\":60,\"target\":\"primary\"}");
    }

    @Test
    void failoverToTheBackupWritesItThroughConstellixAndRetriesA429() {
        fake.throttleNextWrites(1, 1);

        CliTest.Run r = CliTest.run("failover", "atlanta1", "--to", "backup", "--config", config.toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("cnx: written", "atlanta1 is pinned to backup");
        assertThat(fake.values(ZONE, "atlanta1", "A")).contains(List.of("127.0.0.1"));
        assertThat(fake.values(ZONE, "_dnsfailover.atlanta1", "TXT")).as("the ownership marker, its text as the value")
                .contains(List.of("heritage=dnsfailover,owner=atlanta-ops"));
        // the marker is written first: its POST is the write throttled, then retried before the record's PUT
        assertThat(fake.requests()).filteredOn(line -> !line.startsWith("GET ")).extracting(line -> line.substring(0, line.indexOf(' ')))
                .as("the throttled marker POST, its retry, the PUT").containsExactly("POST", "POST", "PUT");
        assertThat(r.out() + r.err()).doesNotContain(API_KEY, SECRET);

        CliTest.Run status = CliTest.run("status", "--config", config.toString());
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern("atlanta1 +cnx +60 +127\\.0\\.0\\.1 +backup");
    }
}
