package io.dnsfailover.providers.constellix;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dnsfailover.providers.constellix.ConstellixStubs.DOMAIN;
import static io.dnsfailover.providers.constellix.ConstellixStubs.RECORDS;
import static io.dnsfailover.providers.constellix.ConstellixStubs.SEARCH;
import static io.dnsfailover.providers.constellix.ConstellixStubs.ZONE;
import static io.dnsfailover.providers.constellix.ConstellixStubs.failure;
import static io.dnsfailover.providers.constellix.ConstellixStubs.page;
import static io.dnsfailover.providers.constellix.ConstellixStubs.record;
import static io.dnsfailover.providers.constellix.ConstellixStubs.search;
import static io.dnsfailover.providers.constellix.ConstellixStubs.stubRecords;
import static io.dnsfailover.providers.constellix.ConstellixStubs.stubZone;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the adapter puts on the wire for each operation, against WireMock stubs shaped like Constellix's
 * documented answers (v4, PHP SDK fixtures): method, path, query, the exact signed token, and body.
 */
class ConstellixWireTest {

    @RegisterExtension
    static WireMockExtension wm = ConstellixStubs.wireMock();

    static final RecordKey ATLANTA = new RecordKey(ZONE, "atlanta1." + ZONE, RecordType.A);

    private ConstellixProvider provider;

    private ConstellixProvider provider() {
        provider = ConstellixStubs.provider(wm);
        return provider;
    }

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private static List<LoggedRequest> requests() {
        // WireMock lists the newest first
        List<LoggedRequest> seen = new ArrayList<>(wm.getAllServeEvents().stream().map(e -> e.getRequest()).toList());
        Collections.reverse(seen);
        return seen;
    }

    @Test
    void everyRequestCarriesTheBearerTokenSignedWithTheSecretAndTheTime() throws Exception {
        stubZone(wm);
        stubRecords(wm, record(732673, "atlanta1", "A", 60, "192.0.2.10"));

        assertThat(provider().read(ATLANTA)).contains(RecordSet.of(ATLANTA, 60, "192.0.2.10"));

        assertThat(requests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.getHeader("Authorization")).isEqualTo(ConstellixStubs.expectedAuthorization());
            assertThat(r.getHeader("Accept")).isEqualTo("application/json");
        });
    }

    @Test
    void theTokenIsBase64OfTheRawHmacSha1OfTheMillis() {
        // computed with Python's hmac module: base64(hmac.new(secret, b"1700000000123", sha1).digest())
        assertThat(ConstellixAuth.token("my-api-key", "wJalrXUtnFEMI-secret", 1_700_000_000_123L))
                .isEqualTo("my-api-key:l4TtRpnygjGsVkhsoHB6n1N3XF0=:1700000000123");
    }

    @Test
    void readFindsTheZoneByNameThenListsItsRecords() {
        stubZone(wm);
        stubRecords(wm, record(732673, "atlanta1", "A", 60, "192.0.2.10"));

        provider().read(ATLANTA);

        List<LoggedRequest> seen = requests();
        assertThat(seen.get(0).getMethod().value()).isEqualTo("GET");
        assertThat(seen.get(0).getUrl()).as("the OpenAPI declares only name for /search/domains")
                .isEqualTo(SEARCH + "?name=hosting.test");
        assertThat(seen.get(1).getMethod().value()).isEqualTo("GET");
        assertThat(seen.get(1).getUrl()).isEqualTo(RECORDS + "?page=1&perPage=100");
    }

    @Test
    void onlyTheDomainWithExactlyTheZoneNameIsUsed() {
        wm.stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(search(5, "www.hosting.test", 6, "hosting.testing", 42, "HOSTING.test"))));
        wm.stubFor(get(urlPathEqualTo("/v4/domains/42/records")).willReturn(okJson(page(1, 1,
                record(1, "atlanta1", "A", 60, "198.51.100.20")))));

        assertThat(provider().read(ATLANTA)).contains(RecordSet.of(ATLANTA, 60, "198.51.100.20"));
    }

    @Test
    void aSearchAnswerAnnouncingMorePagesIsFollowedWithPageAloneAsItsOwnLinksAre() {
        String first = search(5, "www.hosting.test").replace("\"totalPages\":1", "\"totalPages\":2")
                .replace("\"next\":null", "\"next\":\"https://api.dns.constellix.com/v4/search/domains?page=2\"");
        wm.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("name", equalTo(ZONE)).willReturn(okJson(first)));
        wm.stubFor(get(urlPathEqualTo(SEARCH)).withQueryParam("name", equalTo(ZONE)).withQueryParam("page", equalTo("2"))
                .willReturn(okJson(search(DOMAIN, ZONE).replace("\"currentPage\":1", "\"currentPage\":2")
                        .replace("\"totalPages\":1", "\"totalPages\":2"))));
        stubRecords(wm, record(732673, "atlanta1", "A", 60, "192.0.2.10"));

        assertThat(provider().read(ATLANTA)).contains(RecordSet.of(ATLANTA, 60, "192.0.2.10"));

        assertThat(requests()).extracting(LoggedRequest::getUrl).startsWith(SEARCH + "?name=hosting.test",
                SEARCH + "?name=hosting.test&page=2");
    }

    @Test
    void theDomainIdIsLookedUpOnce() {
        stubZone(wm);
        stubRecords(wm);

        provider().read(ATLANTA);
        provider.read(ATLANTA);

        assertThat(requests()).extracting(r -> r.getUrl().replaceAll("\\?.*", "")).containsExactly(SEARCH, RECORDS, RECORDS);
    }

    @Test
    void readFollowsThePagesToTheEnd() {
        stubZone(wm);
        wm.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("1")).willReturn(okJson(page(1, 3,
                record(1, "www", "A", 300, "192.0.2.1"), record(2, "", "A", 300, "192.0.2.2")))));
        wm.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("2")).willReturn(okJson(page(2, 3,
                record(3, "mail", "A", 300, "192.0.2.3")))));
        wm.stubFor(get(urlPathEqualTo(RECORDS)).withQueryParam("page", equalTo("3")).willReturn(okJson(page(3, 3,
                record(4, "atlanta1", "A", 30, "192.0.2.10", "192.0.2.11")))));

        assertThat(provider().read(ATLANTA)).contains(RecordSet.of(ATLANTA, 30, "192.0.2.11", "192.0.2.10"));
        assertThat(requests()).extracting(LoggedRequest::getUrl).containsExactly(
                SEARCH + "?name=hosting.test", RECORDS + "?page=1&perPage=100",
                RECORDS + "?page=2&perPage=100", RECORDS + "?page=3&perPage=100");
    }

    @Test
    void readServesOnlyEnabledValuesOfTheSameNameAndType() {
        stubZone(wm);
        stubRecords(wm,
                record(1, "atlanta1", "AAAA", 60, "2001:db8::1"),
                record(2, "atlanta10", "A", 60, "203.0.113.1"),
                record(3, "Atlanta1", "A", 120, "standard",
                        "[{\"enabled\":true,\"value\":\"192.0.2.10\"},{\"enabled\":false,\"value\":\"192.0.2.99\"}]", ""));

        assertThat(provider().read(ATLANTA)).contains(RecordSet.of(ATLANTA, 120, "192.0.2.10"));
    }

    @Test
    void aDisabledRecordServesNothing() {
        stubZone(wm);
        stubRecords(wm, record(1, "atlanta1", "A", 60, "192.0.2.10").replace("\"enabled\":true,\"name\"", "\"enabled\":false,\"name\""));

        assertThat(provider().read(ATLANTA)).isEmpty();
    }

    @Test
    void hostNameTargetsAreReadAbsolute() {
        assertThat(ConstellixProvider.absolute("Backup.Example.NET.", ZONE)).isEqualTo("backup.example.net");
        assertThat(ConstellixProvider.absolute("www", ZONE)).isEqualTo("www.hosting.test");
        assertThat(ConstellixProvider.absolute("cdn.hosting.test", ZONE)).isEqualTo("cdn.hosting.test");
        assertThat(ConstellixProvider.absolute("", ZONE)).isEqualTo(ZONE);

        RecordKey alias = new RecordKey(ZONE, ZONE, RecordType.ANAME);
        stubZone(wm);
        stubRecords(wm, record(9, "", "ANAME", 60, "lb.example.net."));
        assertThat(provider().read(alias)).contains(RecordSet.of(alias, 60, "lb.example.net"));
    }

    @Test
    void createPostsOneRecordObjectHoldingEveryValue() {
        stubZone(wm);
        stubRecords(wm, record(1, "www", "A", 300, "192.0.2.1"));
        wm.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":" + record(732673, "atlanta1", "A", 60, "192.0.2.10", "192.0.2.11") + "}")));

        assertThat(provider().apply(List.of(Change.create(RecordSet.of(ATLANTA, 60, "192.0.2.11", "192.0.2.10")))).changed())
                .isEqualTo(1);

        LoggedRequest post = requests().get(2);
        assertThat(post.getMethod().value()).isEqualTo("POST");
        assertThat(post.getUrl()).isEqualTo(RECORDS);
        assertThat(post.getHeader("Content-Type")).startsWith("application/json");
        assertThat(post.getBodyAsString()).isEqualTo("{\"name\":\"atlanta1\",\"type\":\"A\",\"ttl\":60,\"enabled\":true,"
                + "\"mode\":\"standard\",\"value\":[{\"enabled\":true,\"value\":\"192.0.2.10\"},{\"enabled\":true,\"value\":\"192.0.2.11\"}]}");
    }

    @Test
    void anApexAnameIsCreatedWithAnEmptyNameAndAnAbsoluteTarget() {
        RecordKey apex = new RecordKey(ZONE, ZONE, RecordType.ANAME);
        stubZone(wm);
        stubRecords(wm);
        wm.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":" + record(5, "", "ANAME", 60, "lb.example.net.") + "}")));

        provider().apply(List.of(Change.create(RecordSet.of(apex, 60, "LB.example.net"))));

        assertThat(requests().get(2).getBodyAsString()).isEqualTo("{\"name\":\"\",\"type\":\"ANAME\",\"ttl\":60,\"enabled\":true,"
                + "\"mode\":\"standard\",\"value\":[{\"enabled\":true,\"value\":\"lb.example.net.\"}]}");
    }

    @Test
    void updatePutsTheWholeRecordToItsIdAndKeepsItsNotes() {
        stubZone(wm);
        stubRecords(wm, record(732673, "atlanta1", "A", 60, "standard", "[{\"enabled\":true,\"value\":\"192.0.2.10\"}]", "")
                .replace("\"notes\":\"\"", "\"notes\":\"managed by dnsfailover\""));
        wm.stubFor(put(urlPathEqualTo(RECORDS + "/732673")).willReturn(okJson(
                "{\"data\":" + record(732673, "atlanta1", "A", 60, "198.51.100.20") + "}")));

        provider().apply(List.of(Change.replace(RecordSet.of(ATLANTA, 60, "192.0.2.10"), RecordSet.of(ATLANTA, 60, "198.51.100.20"))));

        LoggedRequest putRequest = requests().get(2);
        assertThat(putRequest.getMethod().value()).isEqualTo("PUT");
        assertThat(putRequest.getUrl()).isEqualTo(RECORDS + "/732673");
        assertThat(putRequest.getBodyAsString()).isEqualTo("{\"name\":\"atlanta1\",\"type\":\"A\",\"ttl\":60,\"enabled\":true,"
                + "\"mode\":\"standard\",\"value\":[{\"enabled\":true,\"value\":\"198.51.100.20\"}],\"notes\":\"managed by dnsfailover\"}");
    }

    @Test
    void aRecordWhoseValuesAreAllDisabledIsUpdatedNotCreatedAgain() {
        stubZone(wm);
        stubRecords(wm, record(77, "atlanta1", "A", 60, "standard", "[{\"enabled\":false,\"value\":\"192.0.2.10\"}]", ""));
        wm.stubFor(put(urlPathEqualTo(RECORDS + "/77")).willReturn(okJson("{\"data\":" + record(77, "atlanta1", "A", 60, "192.0.2.10") + "}")));

        provider().apply(List.of(Change.create(RecordSet.of(ATLANTA, 60, "192.0.2.10"))));

        assertThat(requests().get(2).getMethod().value()).isEqualTo("PUT");
        wm.verify(putRequestedFor(urlPathEqualTo(RECORDS + "/77")).withRequestBody(equalToJson(
                "{\"name\":\"atlanta1\",\"type\":\"A\",\"ttl\":60,\"enabled\":true,\"mode\":\"standard\","
                        + "\"value\":[{\"enabled\":true,\"value\":\"192.0.2.10\"}],\"notes\":\"\"}")));
    }

    @Test
    void deleteRemovesTheRecordById() {
        stubZone(wm);
        stubRecords(wm, record(732673, "atlanta1", "A", 60, "192.0.2.10"));
        wm.stubFor(delete(urlPathEqualTo(RECORDS + "/732673")).willReturn(aResponse().withStatus(204)));

        assertThat(provider().apply(List.of(Change.delete(RecordSet.of(ATLANTA, 60, "192.0.2.10")))).changed()).isEqualTo(1);

        LoggedRequest del = requests().get(2);
        assertThat(del.getMethod().value()).isEqualTo("DELETE");
        assertThat(del.getUrl()).isEqualTo(RECORDS + "/732673");
        assertThat(del.getBodyAsString()).isEmpty();
    }

    @Test
    void anUpdateToWhatIsAlreadyServedIsNotSent() {
        stubZone(wm);
        stubRecords(wm, record(732673, "atlanta1", "A", 60, "198.51.100.20"));

        int changed = provider().apply(List.of(
                Change.replace(RecordSet.of(ATLANTA, 60, "192.0.2.10"), RecordSet.of(ATLANTA, 60, "198.51.100.20")))).changed();

        assertThat(changed).isZero();
        assertThat(requests()).extracting(r -> r.getMethod().value()).containsOnly("GET");
    }

    @Test
    void aValueSetByHandIsAConflictAndNothingIsWritten() {
        stubZone(wm);
        stubRecords(wm, record(732673, "atlanta1", "A", 60, "203.0.113.99"));

        ProviderException e = failure(() -> provider().apply(List.of(
                Change.replace(RecordSet.of(ATLANTA, 60, "192.0.2.10"), RecordSet.of(ATLANTA, 60, "198.51.100.20")))));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("serves [203.0.113.99] (TTL 60) at Constellix", "not the expected [192.0.2.10]",
                "re-read before writing");
        assertThat(requests()).extracting(r -> r.getMethod().value()).containsOnly("GET");
    }

    @Test
    void aRecordInConstellixFailoverModeIsNotTouched() {
        stubZone(wm);
        stubRecords(wm, record(1, "atlanta1", "A", 60, "failover",
                "{\"mode\":\"normal\",\"values\":[{\"enabled\":true,\"order\":1,\"sonarCheckId\":76627,\"value\":\"192.0.2.10\"}]}", ""));

        ProviderException e = failure(() -> provider().apply(List.of(Change.create(RecordSet.of(ATLANTA, 60, "192.0.2.10")))));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("in mode 'failover', which Constellix steers itself", "only a single Standard record");
        assertThat(requests()).extracting(r -> r.getMethod().value()).containsOnly("GET");
    }

    @Test
    void severalRecordObjectsForOneNameAndTypeAreNotTouched() {
        stubZone(wm);
        stubRecords(wm, record(1, "atlanta1", "A", 60, "192.0.2.10"),
                record(2, "atlanta1", "A", 60, "192.0.2.20").replace("\"region\":\"default\"", "\"region\":\"europe\""));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("from 2 record objects");
    }

    @Test
    void aRecordBehindAnIpFilterIsNotTouched() {
        stubZone(wm);
        stubRecords(wm, record(1, "atlanta1", "A", 60, "192.0.2.10").replace("\"ipfilter\":null",
                "\"ipfilter\":{\"id\":47345837,\"name\":\"My IP filter\"}"));

        assertThat(failure(() -> provider().read(ATLANTA)).getMessage()).contains("IP filter or GeoProximity");
    }

    @Test
    void requestsStayBelowTheEndpointPath() {
        wm.stubFor(get(anyUrl()).willReturn(okJson(search())));
        ConstellixProvider p = ConstellixProviderFactory.create(new ProviderSettings("cnx1",
                Map.of("endpoint", wm.baseUrl() + "/proxy/v4/", "apiKey", "k", "secretKey", "s")), Duration.ofMillis(500),
                ConstellixStubs.CLOCK);
        try (p) {
            failure(() -> p.read(ATLANTA));
        }
        assertThat(requests().get(0).getUrl()).isEqualTo("/proxy/v4/search/domains?name=hosting.test");
    }
}
