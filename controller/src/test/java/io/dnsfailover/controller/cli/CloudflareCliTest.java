package io.dnsfailover.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnsfailover.providers.testkit.fakes.CloudflareFake;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} and {@code failover} with a {@code type: cloudflare} provider pointed at the Cloudflare
 * fake through {@code endpoint}. The primary (127.0.0.2) has nothing listening; the backup (127.0.0.1) is a
 * port this test opens, so a one-shot probe sees it UP. The first write also creates the ownership marker.
 */
class CloudflareCliTest {

    static final String ZONE = "hosting.test";
    static final String NAME = "atlanta1." + ZONE;
    static final String TOKEN = "cli-token-" + UUID.randomUUID();
    static final String MARKER = "_dnsfailover." + NAME;

    @TempDir
    Path dir;

    CloudflareFake fake;
    ServerSocket backup;
    String recordId;

    @BeforeEach
    void start() throws Exception {
        fake = CloudflareFake.start(TOKEN);
        fake.addZone(ZONE);
        recordId = fake.addRecord(ZONE, "A", NAME, "127.0.0.2", 60, false);
        backup = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    @AfterEach
    void stop() throws Exception {
        backup.close();
        fake.close();
    }

    Path config() throws Exception {
        Path token = dir.resolve("cloudflare-token");
        Files.writeString(token, TOKEN);
        String yaml = """
                owner: atlanta-ops
                providers:
                  cf: { type: cloudflare, apiToken: "${file:%s}", endpoint: "%s" }
                groups:
                  atlanta1:
                    record: { zone: %s, name: %s, type: A, ttl: 60 }
                    providers: [cf]
                    targets:
                      - { name: primary, address: 127.0.0.2 }
                      - { name: backup, address: 127.0.0.1 }
                    check: { type: tcp, port: %d, interval: 2s, timeout: 500ms }
                    clients: [clientsite.test, www.clientsite.test]
                """.formatted(token, fake.endpoint(), ZONE, NAME, backup.getLocalPort());
        Path file = dir.resolve("dnsfailover.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void statusShowsWhatCloudflareServesAndWhichTargetThatIs() throws Exception {
        CliTest.Run r = CliTest.run("status", "--config", config().toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("atlanta1 +cf +60 +127\\.0\\.0\\.2 +primary");
        assertThat(r.out() + r.err()).doesNotContain(TOKEN);

        CliTest.Run json = CliTest.run("status", "--config", config().toString(), "-o", "json");
        JsonNode row = new ObjectMapper().readTree(json.out()).get("groups").get(0).get("providers").get(0);
        assertThat(row.toString()).isEqualTo("{\"name\":\"cf\",\"values\":[\"127.0.0.2\"],\"ttl\":60,\"target\":\"primary\"}");
    }

    @Test
    void failoverSwapsTheRecordToTheBackupWithOnePatch() throws Exception {
        CliTest.Run r = CliTest.run("failover", "atlanta1", "--to", "backup", "--config", config().toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("cf: written and verified");
        assertThat(fake.records(ZONE)).filteredOn(rec -> rec.type().equals("A")).singleElement().satisfies(rec -> {
            assertThat(rec.content()).isEqualTo("127.0.0.1");
            assertThat(rec.id()).as("swapped in place, not re-created").isEqualTo(recordId);
        });
        assertMarker();
        assertThat(fake.requests()).extracting(CloudflareFake.Seen::method).contains("PATCH").doesNotContain("PUT", "DELETE");
        assertThat(fake.requests()).filteredOn(s -> s.method().equals("POST")).as("only the marker is created")
                .singleElement().satisfies(s -> assertThat(s.body()).contains("\"type\":\"TXT\"", MARKER));
        assertThat(r.out() + r.err()).doesNotContain(TOKEN);

        CliTest.Run status = CliTest.run("status", "--config", config().toString());
        assertThat(status.out()).containsPattern("atlanta1 +cf +60 +127\\.0\\.0\\.1 +backup");
    }

    @Test
    void failoverSucceedsWhenCloudflareThrottlesFirstBecauseTheControllerRetries() throws Exception {
        fake.throttleNext(1, 1);

        CliTest.Run r = CliTest.run("failover", "atlanta1", "--to", "backup", "--config", config().toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(fake.records(ZONE)).filteredOn(rec -> rec.type().equals("A")).singleElement()
                .satisfies(rec -> assertThat(rec.content()).isEqualTo("127.0.0.1"));
        assertMarker();
        // the throttled zone lookup was asked again
        assertThat(fake.requests()).filteredOn(s -> s.method().equals("GET") && s.path().endsWith("/zones")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void failoverOfAProxiedRecordExitsZeroAndIsJournalledAsVerified() throws Exception {
        proxied();

        CliTest.Run r = CliTest.run("failover", "atlanta1", "--to", "backup", "--config", config().toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("cf: written and verified").doesNotContain("FAILED");
        assertThat(fake.records(ZONE)).filteredOn(rec -> rec.type().equals("A")).singleElement().satisfies(rec -> {
            assertThat(rec.content()).isEqualTo("127.0.0.1");
            assertThat(rec.proxied()).as("still proxied").isTrue();
            assertThat(rec.id()).isEqualTo(recordId);
        });
        assertThat(fake.requests()).filteredOn(s -> s.method().equals("PATCH")).singleElement()
                .satisfies(s -> assertThat(s.body()).as("only the content: a proxied record's TTL cannot be written")
                        .isEqualTo("{\"content\":\"127.0.0.1\"}"));
        List<JsonNode> journal = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("state").resolve("events.jsonl"))) {
            journal.add(new ObjectMapper().readTree(line));
        }
        assertThat(journal).filteredOn(e -> e.path("type").asText().equals("verify")).singleElement().satisfies(e -> {
            assertThat(e.path("verified").asBoolean()).as(e.toString()).isTrue();
            assertThat(e.path("proxied").asBoolean()).as(e.toString()).isTrue();
        });

        CliTest.Run plan = CliTest.run("plan", "atlanta1", "--detailed-exitcode", "--local", "--config", config().toString());
        assertThat(plan.code()).as("no TTL change is planned for a proxied record: " + plan.out() + plan.err()).isZero();
        CliTest.Run status = CliTest.run("status", "--local", "--config", config().toString(), "-o", "json");
        JsonNode row = new ObjectMapper().readTree(status.out()).get("groups").get(0).get("providers").get(0);
        assertThat(row.path("proxied").asBoolean()).as(row.toString()).isTrue();
        assertThat(row.path("ttl").asInt()).as("the TTL Cloudflare serves a proxied record with").isEqualTo(300);
        assertThat(row.has("warning")).as("a proxied record's TTL does not delay a failover: " + row).isFalse();
        CliTest.Run text = CliTest.run("status", "--local", "--config", config().toString());
        assertThat(text.out()).containsPattern("atlanta1 +cf +300 +127\\.0\\.0\\.1 +backup +proxied: ");
    }

    /** The fake again, serving the record proxied (orange cloud), as Cloudflare answers it: TTL 1. */
    void proxied() {
        fake.close();
        fake = CloudflareFake.start(TOKEN);
        fake.addZone(ZONE);
        recordId = fake.addRecord(ZONE, "A", NAME, "127.0.0.2", 60, true);
    }

    @Test
    void validateWarnsThatAProxiedRecordHidesTheOriginAndThatCnamesThroughItChangeNothingForCaches() throws Exception {
        proxied();

        CliTest.Run r = CliTest.run("validate", "--config", config().toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("WARNING: ", "groups.atlanta1.record: provider cf serves atlanta1.hosting.test A proxied",
                "the origin address [127.0.0.2] is hidden from them", "a failover changes only the origin the proxy forwards to",
                "record.ttl 60 is not applied",
                "A CNAME chain through a proxied name (clientsite.test, www.clientsite.test) changes nothing for client caches");
        assertThat(r.out() + r.err()).doesNotContain(TOKEN);
        CliTest.Run json = CliTest.run("validate", "--config", config().toString(), "-o", "json");
        JsonNode warning = new ObjectMapper().readTree(json.out()).get("warnings").get(0);
        assertThat(warning.get("path").asText()).isEqualTo("groups.atlanta1.record");
        assertThat(warning.get("message").asText()).contains("proxied");
        assertThat(fake.requests()).extracting(CloudflareFake.Seen::method).containsOnly("GET");
    }

    @Test
    void validateSaysNothingOfARecordThatIsNotProxied() throws Exception {
        CliTest.Run r = CliTest.run("validate", "--config", config().toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).doesNotContain("proxied", "not read");
        assertThat(fake.requests()).as("the zone and the record were read").hasSize(2);
    }

    @Test
    void validateOfflineReadsNoProvider() throws Exception {
        proxied();

        CliTest.Run r = CliTest.run("validate", "--offline", "--config", config().toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).doesNotContain("proxied");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void validateOfAProviderThatCannotBeReadSaysSoAndTheConfigIsStillValid() throws Exception {
        fake.failNext(10, 503, "<html>down for maintenance</html>");

        CliTest.Run r = CliTest.run("validate", "--config", config().toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("group atlanta1, provider cf: not read, so whether it is proxied is not known (");
        assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    }

    /** The ownership marker beside the record: its name, and its text as Cloudflare keeps TXT content (quoted). */
    void assertMarker() {
        assertThat(fake.records(ZONE)).filteredOn(rec -> rec.type().equals("TXT")).singleElement().satisfies(rec -> {
            assertThat(rec.name()).isEqualTo(MARKER);
            assertThat(rec.content()).isEqualTo("\"heritage=dnsfailover,owner=atlanta-ops\"");
        });
    }
}
