package io.dnsfailover.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnsfailover.providers.testkit.fakes.DnsMadeEasyFake;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} and {@code failover} with a {@code dnsmadeeasy} provider whose {@code endpoint} points at
 * the stateful DNS Made Easy fake: the real adapter, found through ServiceLoader, signs every request, and
 * the controller's retry honours DNS Made Easy's rate-limit refusal (HTTP 400 "Rate limit exceeded"). The
 * first write also creates the ownership marker.
 */
class DnsMadeEasyCliTest {

    static final String ZONE = "hosting.test";

    @TempDir
    Path dir;

    DnsMadeEasyFake fake;
    ServerSocket backupListens;
    Path config;
    long zoneId;
    long recordId;

    @BeforeEach
    void start() throws Exception {
        fake = DnsMadeEasyFake.start();
        zoneId = fake.addZone(ZONE);
        fake.addRecord(ZONE, "www", "A", "192.0.2.80", 300);
        recordId = fake.addRecord(ZONE, "atlanta1", "A", "127.0.0.2", 60).id();
        // the backup's health check connects here; nothing listens on the primary (127.0.0.2) at this port
        backupListens = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        config = dir.resolve("dnsfailover.yaml");
        Files.writeString(config, """
                owner: atlanta-ops
                providers:
                  dme:
                    type: dnsmadeeasy
                    endpoint: "%s"
                    apiKey: "%s"
                    secretKey: "%s"
                groups:
                  atlanta1:
                    record: { zone: %s, name: atlanta1.%s, type: A, ttl: 60 }
                    providers: [dme]
                    targets:
                      - { name: primary, address: 127.0.0.2 }
                      - { name: backup, address: 127.0.0.1 }
                    check: { type: tcp, port: %d, interval: 1s, timeout: 500ms }
                """.formatted(fake.endpoint(), fake.apiKey(), fake.secretKey(), ZONE, ZONE, backupListens.getLocalPort()));
    }

    @AfterEach
    void stop() throws Exception {
        backupListens.close();
        fake.close();
    }

    @Test
    void statusShowsWhatDnsMadeEasyServesAndWhichTargetThatIs() throws Exception {
        CliTest.Run text = CliTest.run("status", "--config", config.toString());
        assertThat(text.code()).as(text.out() + text.err()).isZero();
        assertThat(text.out()).containsPattern("atlanta1 +dme +60 +127\\.0\\.0\\.2 +primary");
        assertThat(text.out() + text.err()).doesNotContain(fake.apiKey(), fake.secretKey());

        CliTest.Run json = CliTest.run("status", "--config", config.toString(), "-o", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode row = new ObjectMapper().readTree(json.out()).get("groups").get(0).get("providers").get(0);
        assertThat(row.toString()).isEqualTo("{\"name\":\"dme\",\"values\":[\"127.0.0.2\"],\"ttl\":60,\"target\":\"primary\"}");
        assertThat(fake.requests()).allMatch(line -> line.startsWith("GET /V2.0/dns/managed/"));
    }

    @Test
    void failoverToTheBackupWritesItThroughDnsMadeEasyAndRetriesTheRateLimit() {
        fake.rateLimitNextWrites(1);

        CliTest.Run r = CliTest.run("failover", "atlanta1", "--to", "backup", "--config", config.toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("dme: written and verified", "atlanta1 is pinned to backup");
        assertThat(fake.values(ZONE, "atlanta1", "A")).containsExactly("127.0.0.1");
        assertThat(fake.values(ZONE, "_dnsfailover.atlanta1", "TXT")).as("the ownership marker, quoted as DNS Made Easy keeps TXT")
                .containsExactly("\"heritage=dnsfailover,owner=atlanta-ops\"");
        assertThat(fake.values(ZONE, "www", "A")).as("other records untouched").containsExactly("192.0.2.80");
        assertThat(fake.rateLimitedAnswers()).isEqualTo(1);
        // the marker is written first: its POST is the write refused, then retried with the record's PUT
        assertThat(fake.requests()).filteredOn(line -> !line.startsWith("GET ")).as("the refused marker POST, its retry, the PUT")
                .containsExactly("POST /V2.0/dns/managed/" + zoneId + "/records/", "POST /V2.0/dns/managed/" + zoneId + "/records/",
                        "PUT /V2.0/dns/managed/" + zoneId + "/records/" + recordId + "/");
        assertThat(r.out() + r.err()).doesNotContain(fake.apiKey(), fake.secretKey());

        CliTest.Run status = CliTest.run("status", "--config", config.toString());
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern("atlanta1 +dme +60 +127\\.0\\.0\\.1 +backup");
    }
}
