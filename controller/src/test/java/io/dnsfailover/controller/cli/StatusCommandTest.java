package io.dnsfailover.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dnsfailover.controller.provider.ProviderRegistry;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.BindServer;
import io.dnsfailover.providers.testkit.PowerDnsServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} against a real PowerDNS, a real BIND and a provider that cannot be reached. */
class StatusCommandTest {

    static final String ZONE = "hosting.test";
    static final RecordKey ATLANTA = new RecordKey(ZONE, "atlanta1." + ZONE, RecordType.A);

    static PowerDnsServer pdns;
    static BindServer bind;
    static int closedPort;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() throws Exception {
        pdns = PowerDnsServer.start();
        pdns.createZone(ZONE);
        bind = BindServer.start(ZONE);
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        // pdns serves the primary; someone set BIND by hand to an address that is no target, with a long TTL
        write("powerdns", pdnsSettings(), RecordSet.of(ATLANTA, 60, "192.0.2.10"));
        write("rfc2136", bindSettings(), RecordSet.of(ATLANTA, 300, "203.0.113.99"));
    }

    @AfterAll
    static void stopServers() {
        if (bind != null) {
            bind.close();
        }
        if (pdns != null) {
            pdns.close();
        }
    }

    static Map<String, String> pdnsSettings() {
        return Map.of("endpoint", pdns.apiUrl(), "apiKey", pdns.apiKey());
    }

    static Map<String, String> bindSettings() {
        return Map.of("server", "127.0.0.1", "port", String.valueOf(bind.dnsAddress().getPort()),
                "tsigKeyName", bind.keyName(), "tsigSecret", bind.keySecret());
    }

    static void write(String type, Map<String, String> settings, RecordSet set) {
        try (DnsProvider p = ProviderRegistry.load().factory(type).orElseThrow().create(new ProviderSettings(type, settings))) {
            p.apply(List.of(Change.create(set)));
        }
    }

    Path config() throws Exception {
        String yaml = """
                providers:
                  pdns: { type: powerdns, endpoint: "%s", apiKey: "%s" }
                  bind: { type: rfc2136, server: 127.0.0.1, port: %d, tsigKeyName: %s, tsigSecret: "%s" }
                  gone: { type: powerdns, endpoint: "http://127.0.0.1:%d", apiKey: "some-key" }
                groups:
                  atlanta1:
                    record: { zone: %s, name: atlanta1.%s, type: A, ttl: 60 }
                    providers: [pdns, bind, gone]
                    targets: [ { name: primary, address: 192.0.2.10 }, { name: backup1, address: 198.51.100.20 } ]
                    check: { type: tcp, port: 80 }
                  fresh:
                    record: { zone: %s, name: fresh.%s, type: A, ttl: 60 }
                    providers: [pdns, bind]
                    targets: [ { name: primary, address: 192.0.2.11 } ]
                    check: { type: tcp, port: 80 }
                """.formatted(pdns.apiUrl(), pdns.apiKey(), bind.dnsAddress().getPort(), bind.keyName(), bind.keySecret(),
                closedPort, ZONE, ZONE, ZONE, ZONE);
        Path file = dir.resolve("dnsfailover.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void showsWhatEachProviderServesAndWhichTargetThatIs() throws Exception {
        CliTest.Run r = CliTest.run("status", "--config", config().toString(), "-o", "json");
        assertThat(r.code()).as("a provider could not be read").isEqualTo(ExitCodes.FAILURE);
        JsonNode atlanta = new ObjectMapper().readTree(r.out()).get("groups").get(0);
        assertThat(atlanta.get("name").asText()).isEqualTo("atlanta1");
        JsonNode[] rows = {atlanta.get("providers").get(0), atlanta.get("providers").get(1), atlanta.get("providers").get(2)};

        assertThat(rows[0].toString()).isEqualTo("{\"name\":\"pdns\",\"values\":[\"192.0.2.10\"],\"ttl\":60,\"target\":\"primary\"}");
        assertThat(rows[1].get("name").asText()).isEqualTo("bind");
        assertThat(rows[1].get("values").toString()).isEqualTo("[\"203.0.113.99\"]");
        assertThat(rows[1].get("ttl").asInt()).isEqualTo(300);
        assertThat(rows[1].get("target").asText()).isEqualTo("foreign");
        assertThat(rows[1].get("warning").asText()).startsWith("TTL 300 s is above 60 s");
        assertThat(rows[2].get("name").asText()).isEqualTo("gone");
        assertThat(rows[2].get("values")).isEmpty();
        assertThat(rows[2].get("ttl").isNull()).isTrue();
        assertThat(rows[2].get("error").asText()).contains("127.0.0.1:" + closedPort);
    }

    @Test
    void printsATableWhereTheOtherProvidersStillShowWhenOneFails() throws Exception {
        CliTest.Run r = CliTest.run("status", "--config", config().toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).containsPattern("atlanta1 +pdns +60 +192\\.0\\.2\\.10 +primary");
        assertThat(r.out()).containsPattern("atlanta1 +bind +300 +203\\.0\\.113\\.99 +foreign +WARNING: TTL 300 s");
        assertThat(r.out()).containsPattern("atlanta1 +gone +- +- +- +ERROR: ");
        assertThat(r.out()).containsPattern("fresh +pdns +- +- +- +no record");
        assertThat(r.out()).containsPattern("fresh +bind +- +- +- +no record");
        assertThat(r.out() + r.err()).doesNotContain(pdns.apiKey(), bind.keySecret());
    }

    @Test
    void exitsZeroWhenEveryProviderAnswers() throws Exception {
        CliTest.Run r = CliTest.run("status", "fresh", "--config", config().toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
    }
}
