package io.dnsfailover.providers.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.dnsfailover.providers.cloudflare.Fixtures.NAME;
import static io.dnsfailover.providers.cloudflare.Fixtures.RECORDS_PATH;
import static io.dnsfailover.providers.cloudflare.Fixtures.ZONE;
import static io.dnsfailover.providers.cloudflare.Fixtures.ZONES_URL;
import static io.dnsfailover.providers.cloudflare.Fixtures.ZONE_ID;
import static io.dnsfailover.providers.cloudflare.Fixtures.list;
import static io.dnsfailover.providers.cloudflare.Fixtures.one;
import static io.dnsfailover.providers.cloudflare.Fixtures.record;
import static io.dnsfailover.providers.cloudflare.Fixtures.recordsUrl;
import static io.dnsfailover.providers.cloudflare.Fixtures.zone;
import static io.dnsfailover.providers.cloudflare.Fixtures.zones;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the adapter puts on the wire for each operation, against WireMock stubs of Cloudflare's documented
 * requests and responses: method, path, exact query, the Bearer token, and the JSON body.
 */
class CloudflareWireTest {

    static final String TOKEN = "wire-token-" + UUID.randomUUID().toString().replace("-", "");
    static final RecordKey A = new RecordKey(ZONE, NAME, RecordType.A);
    static final RecordKey CNAME = new RecordKey(ZONE, NAME, RecordType.CNAME);

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private CloudflareProvider provider;

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    CloudflareProvider provider() {
        if (provider == null) {
            provider = CloudflareProviderFactory.create(new ProviderSettings("cf1",
                    Map.of("apiToken", TOKEN, "endpoint", wm.baseUrl() + "/client/v4")), Duration.ofSeconds(5));
        }
        return provider;
    }

    static void zoneExists() {
        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(okJson(zones(zone(ZONE_ID, ZONE, "active")))));
    }

    static void serves(String type, String... records) {
        wm.stubFor(get(urlEqualTo(recordsUrl(type, 1))).willReturn(okJson(list(records))));
    }

    static void acceptsWrites() {
        wm.stubFor(post(urlEqualTo(RECORDS_PATH)).willReturn(okJson(one(record("new", "A", "192.0.2.99", 60, false)))));
        wm.stubFor(patch(urlMatching(RECORDS_PATH + "/[a-z0-9]+")).willReturn(okJson(one(record("r1", "A", "192.0.2.99", 60, false)))));
        wm.stubFor(WireMock.delete(urlMatching(RECORDS_PATH + "/[a-z0-9]+")).willReturn(okJson(one("{\"id\":\"r1\"}"))));
    }

    /** Every request, oldest first, as {@code METHOD url}. */
    static List<String> calls() {
        List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        return events.stream().map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl()).toList();
    }

    /** Every request carried exactly the token as a Bearer credential and asked for JSON. */
    static void everyRequestCarriedTheToken() {
        assertThat(wm.getAllServeEvents()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(e.getRequest().getHeader("Accept")).isEqualTo("application/json");
        });
    }

    @Test
    void readFindsTheZoneByExactNameThenListsTheRecordsOfTheNameAndType() {
        // Cloudflare matches name exactly, but a proxy or a future filter might not: neighbours are ignored
        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(okJson(zones(
                zone("99999999999999999999999999999999", "sub." + ZONE, "active"),
                zone(ZONE_ID, ZONE, "active"),
                zone("88888888888888888888888888888888", ZONE + ".example", "active")))));
        serves("A", record("r1", "A", "192.0.2.10", 60, false), record("r2", "A", "192.0.2.11", 60, false));

        assertThat(provider().read(A)).contains(RecordSet.of(A, 60, "192.0.2.10", "192.0.2.11"));

        assertThat(calls()).containsExactly(
                "GET " + ZONES_URL,
                "GET " + RECORDS_PATH + "?type=A&name=atlanta1.hosting.test&page=1&per_page=100");
        everyRequestCarriedTheToken();
    }

    @Test
    void theZoneIdIsLookedUpOnceAndKept() {
        zoneExists();
        serves("A", record("r1", "A", "192.0.2.10", 60, false));

        provider().read(A);
        provider().read(A);

        wm.verify(1, getRequestedFor(urlEqualTo(ZONES_URL)));
        wm.verify(2, getRequestedFor(urlEqualTo(recordsUrl("A", 1))));
    }

    @Test
    void readFollowsThePagesToTheLastOne() {
        zoneExists();
        List<String> all = IntStream.range(0, 5).mapToObj(i -> record("r" + i, "A", "192.0.2." + (10 + i), 60, false)).toList();
        wm.stubFor(get(urlEqualTo(recordsUrl("A", 1))).willReturn(okJson(list(1, 2, 3, 5, all.subList(0, 2)))));
        wm.stubFor(get(urlEqualTo(recordsUrl("A", 2))).willReturn(okJson(list(2, 2, 3, 5, all.subList(2, 4)))));
        wm.stubFor(get(urlEqualTo(recordsUrl("A", 3))).willReturn(okJson(list(3, 2, 3, 5, all.subList(4, 5)))));

        assertThat(provider().read(A)).contains(RecordSet.of(A, 60, "192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14"));
        wm.verify(1, getRequestedFor(urlEqualTo(recordsUrl("A", 3))));
    }

    @Test
    void withoutTotalPagesAFullPageIsFollowedAndAShortOneEndsTheList() {
        zoneExists();
        List<String> full = IntStream.range(0, 100).mapToObj(i -> record("r" + i, "A", "192.0.2." + i, 60, false)).toList();
        wm.stubFor(get(urlEqualTo(recordsUrl("A", 1))).willReturn(okJson(one("[" + String.join(",", full) + "]"))));
        wm.stubFor(get(urlEqualTo(recordsUrl("A", 2))).willReturn(okJson(one("[" + record("x", "A", "192.0.2.200", 60, false) + "]"))));

        assertThat(provider().read(A)).hasValueSatisfying(set -> assertThat(set.values()).hasSize(101));
        wm.verify(2, getRequestedFor(urlMatching(RECORDS_PATH + "\\?.*")));
    }

    @Test
    void theZoneLookupAlsoReadsPastTheFirstPage() {
        String page2 = Fixtures.BASE + "/zones?name=" + ZONE + "&page=2&per_page=50";
        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(okJson(list(1, 50, 2, 2,
                List.of(zone("11111111111111111111111111111111", "www." + ZONE, "active"))))));
        wm.stubFor(get(urlEqualTo(page2)).willReturn(okJson(list(2, 50, 2, 2, List.of(zone(ZONE_ID, ZONE, "active"))))));
        serves("A");

        assertThat(provider().read(A)).isEmpty();
        assertThat(calls()).containsExactly("GET " + ZONES_URL, "GET " + page2, "GET " + recordsUrl("A", 1));
    }

    @Test
    void automaticTtlIsReadAs300Seconds() {
        zoneExists();
        serves("A", record("r1", "A", "192.0.2.10", 1, false));

        assertThat(provider().read(A)).contains(RecordSet.of(A, 300, "192.0.2.10"));
    }

    @Test
    void aMissingRecordIsEmpty() {
        zoneExists();
        serves("A");

        assertThat(provider().read(A)).isEmpty();
    }

    @Test
    void createPostsOneRecordPerValueAsDnsOnly() {
        zoneExists();
        serves("A");
        acceptsWrites();

        provider().apply(List.of(Change.create(RecordSet.of(A, 60, "192.0.2.10", "192.0.2.11"))));

        wm.verify(postRequestedFor(urlEqualTo(RECORDS_PATH))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Content-Type", WireMock.equalToIgnoreCase("application/json; charset=utf-8"))
                .withRequestBody(equalToJson("{\"type\":\"A\",\"name\":\"atlanta1.hosting.test\",\"content\":\"192.0.2.10\",\"ttl\":60,\"proxied\":false}")));
        wm.verify(postRequestedFor(urlEqualTo(RECORDS_PATH))
                .withRequestBody(equalToJson("{\"type\":\"A\",\"name\":\"atlanta1.hosting.test\",\"content\":\"192.0.2.11\",\"ttl\":60,\"proxied\":false}")));
        wm.verify(2, postRequestedFor(urlEqualTo(RECORDS_PATH)));
        everyRequestCarriedTheToken();
    }

    @Test
    void aSwapPatchesOnlyTheContentOfTheRecord() {
        zoneExists();
        serves("A", record("0a1b2c", "A", "192.0.2.10", 60, false));
        acceptsWrites();

        int changed = provider().apply(List.of(Change.replace(RecordSet.of(A, 60, "192.0.2.10"), RecordSet.of(A, 60, "198.51.100.20")))).changed();

        assertThat(changed).isEqualTo(1);
        wm.verify(patchRequestedFor(urlEqualTo(RECORDS_PATH + "/0a1b2c"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(WireMock.equalTo("{\"content\":\"198.51.100.20\"}")));
        assertThat(calls()).containsExactly("GET " + ZONES_URL, "GET " + recordsUrl("A", 1), "PATCH " + RECORDS_PATH + "/0a1b2c");
        everyRequestCarriedTheToken();
    }

    @Test
    void aSwapOfAProxiedRecordSendsNoTtlAndKeepsItsOtherFields() {
        zoneExists();
        serves("A", record("0a1b2c", "A", "192.0.2.10", 1, true));
        acceptsWrites();

        // read as TTL 300 (automatic); the group asks for 60, which a proxied record cannot take
        provider().apply(List.of(Change.replace(RecordSet.of(A, 300, "192.0.2.10").asProxied(), RecordSet.of(A, 60, "198.51.100.20"))));

        wm.verify(patchRequestedFor(urlEqualTo(RECORDS_PATH + "/0a1b2c")).withRequestBody(WireMock.equalTo("{\"content\":\"198.51.100.20\"}")));
        assertThat(calls()).noneMatch(c -> c.startsWith("PUT") || c.startsWith("POST") || c.startsWith("DELETE"));
    }

    @Test
    void aTtlChangePatchesOnlyTheTtl() {
        zoneExists();
        serves("A", record("0a1b2c", "A", "192.0.2.10", 300, false));
        acceptsWrites();

        provider().apply(List.of(Change.replace(RecordSet.of(A, 300, "192.0.2.10"), RecordSet.of(A, 60, "192.0.2.10"))));

        wm.verify(patchRequestedFor(urlEqualTo(RECORDS_PATH + "/0a1b2c")).withRequestBody(WireMock.equalTo("{\"ttl\":60}")));
    }

    @Test
    void aSetKeepsItsStayingValuesRepointsOneRecordAndDeletesTheRest() {
        zoneExists();
        serves("A", record("r1", "A", "192.0.2.1", 60, false), record("r2", "A", "192.0.2.2", 60, false),
                record("r3", "A", "192.0.2.3", 60, false));
        acceptsWrites();

        provider().apply(List.of(Change.replace(RecordSet.of(A, 60, "192.0.2.1", "192.0.2.2", "192.0.2.3"),
                RecordSet.of(A, 60, "192.0.2.2", "198.51.100.9"))));

        assertThat(calls()).containsExactly("GET " + ZONES_URL, "GET " + recordsUrl("A", 1),
                "PATCH " + RECORDS_PATH + "/r1", "DELETE " + RECORDS_PATH + "/r3");
        wm.verify(patchRequestedFor(urlEqualTo(RECORDS_PATH + "/r1")).withRequestBody(WireMock.equalTo("{\"content\":\"198.51.100.9\"}")));
    }

    @Test
    void growingASetCreatesTheNewValuesBesideTheOldRecord() {
        zoneExists();
        serves("A", record("r1", "A", "192.0.2.1", 60, false));
        acceptsWrites();

        provider().apply(List.of(Change.replace(RecordSet.of(A, 60, "192.0.2.1"), RecordSet.of(A, 60, "192.0.2.1", "192.0.2.2", "192.0.2.3"))));

        wm.verify(2, postRequestedFor(urlEqualTo(RECORDS_PATH)));
        wm.verify(0, patchRequestedFor(urlMatching(".*")));
        wm.verify(postRequestedFor(urlEqualTo(RECORDS_PATH)).withRequestBody(equalToJson(
                "{\"type\":\"A\",\"name\":\"atlanta1.hosting.test\",\"content\":\"192.0.2.3\",\"ttl\":60,\"proxied\":false}")));
    }

    @Test
    void deleteRemovesEveryRecordOfTheSet() {
        zoneExists();
        serves("A", record("r1", "A", "192.0.2.1", 60, false), record("r2", "A", "192.0.2.2", 60, false));
        acceptsWrites();

        provider().apply(List.of(Change.delete(RecordSet.of(A, 60, "192.0.2.1", "192.0.2.2"))));

        wm.verify(deleteRequestedFor(urlEqualTo(RECORDS_PATH + "/r1")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        wm.verify(deleteRequestedFor(urlEqualTo(RECORDS_PATH + "/r2")));
    }

    @Test
    void cnameContentIsTheHostNameWithoutTheTrailingDot() {
        zoneExists();
        serves("CNAME");
        acceptsWrites();

        provider().apply(List.of(Change.create(RecordSet.of(CNAME, 60, "Backup.Example.NET."))));

        wm.verify(postRequestedFor(urlEqualTo(RECORDS_PATH)).withRequestBody(equalToJson(
                "{\"type\":\"CNAME\",\"name\":\"atlanta1.hosting.test\",\"content\":\"backup.example.net\",\"ttl\":60,\"proxied\":false}")));
    }

    @Test
    void switchingANameFromAToCnameDeletesTheAddressesBeforeCreatingTheCname() {
        zoneExists();
        serves("A", record("r1", "A", "192.0.2.1", 60, false));
        serves("CNAME");
        acceptsWrites();

        // given in the "wrong" order: Cloudflare would refuse the CNAME while the A record exists (81053)
        provider().apply(List.of(Change.create(RecordSet.of(CNAME, 60, "backup.example.net")), Change.delete(RecordSet.of(A, 60, "192.0.2.1"))));

        List<String> writes = calls().stream().filter(c -> !c.startsWith("GET")).toList();
        assertThat(writes).containsExactly("DELETE " + RECORDS_PATH + "/r1", "POST " + RECORDS_PATH);
    }

    @Test
    void anEndpointWithATrailingSlashGetsTheSamePaths() {
        provider = CloudflareProviderFactory.create(new ProviderSettings("cf1",
                Map.of("apiToken", TOKEN, "endpoint", wm.baseUrl() + "/client/v4/")), Duration.ofSeconds(5));
        zoneExists();
        serves("A");

        assertThat(provider.read(A)).isEmpty();
        assertThat(calls()).first().isEqualTo("GET " + ZONES_URL);
    }
}
