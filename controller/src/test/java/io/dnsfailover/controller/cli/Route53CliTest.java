package io.dnsfailover.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnsfailover.providers.testkit.fakes.Route53Fake;
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
 * {@code status} and {@code failover} with a {@code route53} provider whose {@code endpoint} points at the
 * stateful Route 53 fake: the real adapter, found through ServiceLoader, signs every request with SigV4
 * (the fake checks each signature), writes with one conditional change batch, waits for INSYNC, and the
 * controller's retry rides out throttling (a proxy's HTTP 429 with Retry-After, and Route 53's own HTTP
 * 400 Throttling). The ownership marker goes in the same batch as the record.
 */
class Route53CliTest {

    static final String ZONE = "hosting.test";

    @TempDir
    Path dir;

    Route53Fake fake;
    ServerSocket backupListens;
    Path config;

    @BeforeEach
    void start() throws Exception {
        fake = Route53Fake.start();
        fake.createZone("sub." + ZONE);
        fake.createZone(ZONE);
        fake.put(ZONE, "www." + ZONE, "A", 300, "192.0.2.80");
        fake.put(ZONE, "atlanta1." + ZONE, "A", 60, "127.0.0.2");
        // the backup's health check connects here; nothing listens on the primary (127.0.0.2) at this port
        backupListens = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        config = dir.resolve("dnsfailover.yaml");
        Files.writeString(config, """
                owner: atlanta-ops
                providers:
                  r53:
                    type: route53
                    endpoint: "%s"
                    accessKeyId: "%s"
                    secretAccessKey: "%s"
                groups:
                  atlanta1:
                    record: { zone: %s, name: atlanta1.%s, type: A, ttl: 60 }
                    providers: [r53]
                    targets:
                      - { name: primary, address: 127.0.0.2 }
                      - { name: backup, address: 127.0.0.1 }
                    check: { type: tcp, port: %d, interval: 1s, timeout: 500ms }
                """.formatted(fake.url(), fake.accessKeyId(), fake.secretAccessKey(), ZONE, ZONE, backupListens.getLocalPort()));
    }

    @AfterEach
    void stop() throws Exception {
        backupListens.close();
        fake.close();
    }

    @Test
    void statusShowsWhatRoute53ServesAndWhichTargetThatIs() throws Exception {
        CliTest.Run text = CliTest.run("status", "--config", config.toString());
        assertThat(text.code()).as(text.out() + text.err()).isZero();
        assertThat(text.out()).containsPattern("atlanta1 +r53 +60 +127\\.0\\.0\\.2 +primary");
        assertThat(text.out() + text.err()).doesNotContain(fake.accessKeyId(), fake.secretAccessKey());

        CliTest.Run json = CliTest.run("status", "--config", config.toString(), "-o", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode row = new ObjectMapper().readTree(json.out()).get("groups").get(0).get("providers").get(0);
        assertThat(row.toString()).isEqualTo("{\"name\":\"r53\",\"values\":[\"127.0.0.2\"],\"ttl\":60,\"target\":\"primary\"}");
        assertThat(fake.requests()).extracting(Route53Fake.Seen::method).containsOnly("GET");
        assertThat(fake.requests()).extracting(Route53Fake.Seen::status).containsOnly(200);
    }

    @Test
    void failoverToTheBackupWritesOneConditionalBatchAndRetriesThrottling() {
        fake.failNext("ListHostedZonesByName", 1, 429, "Throttling", "Rate exceeded", "1");
        fake.failNext("ChangeResourceRecordSets", 1, 400, "Throttling", "Rate exceeded", null);

        CliTest.Run r = CliTest.run("failover", "atlanta1", "--to", "backup", "--config", config.toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("r53: written and verified", "atlanta1 is pinned to backup");
        assertThat(fake.get(ZONE, "atlanta1." + ZONE, "A")).contains(new Route53Fake.StoredSet(60, List.of("127.0.0.1")));
        assertThat(fake.get(ZONE, "_dnsfailover.atlanta1." + ZONE, "TXT")).as("the ownership marker, in the same batch")
                .contains(new Route53Fake.StoredSet(60, List.of("\"heritage=dnsfailover,owner=atlanta-ops\"")));
        assertThat(fake.get(ZONE, "www." + ZONE, "A")).as("other records untouched")
                .contains(new Route53Fake.StoredSet(300, List.of("192.0.2.80")));
        assertThat(fake.requests()).filteredOn(s -> s.action().equals("ListHostedZonesByName"))
                .as("the 429 and its retry").extracting(Route53Fake.Seen::status).startsWith(429, 200);
        assertThat(fake.requests()).filteredOn(s -> s.action().equals("ChangeResourceRecordSets"))
                .as("the throttled batch and its retry").extracting(Route53Fake.Seen::status).containsExactly(400, 200);
        assertThat(fake.requests()).filteredOn(s -> s.action().equals("GetChange"))
                .as("waited for INSYNC").extracting(Route53Fake.Seen::status).containsExactly(200);
        assertThat(r.out() + r.err()).doesNotContain(fake.accessKeyId(), fake.secretAccessKey());

        CliTest.Run status = CliTest.run("status", "--config", config.toString());
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern("atlanta1 +r53 +60 +127\\.0\\.0\\.1 +backup");
    }
}
