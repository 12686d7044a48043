package io.dnsfailover.providers.dnsmadeeasy;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the adapter puts on the wire, against WireMock stubs of DNS Made Easy's documented requests and
 * answers: method, path, query, the three signed headers (the HMAC recomputed here and with openssl), and
 * the exact JSON of each write.
 */
class DnsMadeEasyWireTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final RecordKey WWW = new RecordKey("example.com", "www.example.com", RecordType.A);

    private final Dme.TestClock clock = new Dme.TestClock();
    private DnsProvider provider;

    @BeforeEach
    void start() {
        provider = Dme.provider(api.baseUrl() + "/V2.0", clock, Duration.ofSeconds(2));
        api.stubFor(get(urlPathEqualTo(Dme.DOMAIN_PATH)).withQueryParam("domainname", equalTo("example.com"))
                .willReturn(okJson(Dme.domain("example.com"))));
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private void live(String... records) {
        api.stubFor(get(urlPathEqualTo(Dme.RECORDS_PATH)).willReturn(okJson(Dme.records(records))));
    }

    /** The requests after the domain lookup, in the order they were sent, as "METHOD url body". */
    private static List<String> sent() {
        List<ServeEvent> events = new ArrayList<>(api.getAllServeEvents());
        Collections.reverse(events); // WireMock lists the newest first; requests are sent one at a time
        return events.stream().map(ServeEvent::getRequest)
                .filter(r -> !r.getUrl().startsWith(Dme.DOMAIN_PATH))
                .map(r -> r.getMethod() + " " + r.getUrl() + (r.getBodyAsString().isEmpty() ? "" : " " + r.getBodyAsString()))
                .toList();
    }

    @Test
    void readSignsEveryRequestAndAsksForTheRelativeNameAndType() {
        live(Dme.record(11189875, "www", "A", "192.0.2.10", 60));

        assertThat(provider.read(WWW)).contains(RecordSet.of(WWW, 60, "192.0.2.10"));

        assertThat(Dme.hmac(Dme.SECRET, Dme.DATE)).as("the test's own HMAC agrees with openssl").isEqualTo(Dme.HMAC);
        api.verify(getRequestedFor(urlEqualTo(Dme.DOMAIN_PATH + "?domainname=example.com"))
                .withHeader("x-dnsme-apiKey", equalTo(Dme.API_KEY))
                .withHeader("x-dnsme-requestDate", equalTo(Dme.DATE))
                .withHeader("x-dnsme-hmac", equalTo(Dme.HMAC))
                .withHeader("Accept", equalTo("application/json")));
        api.verify(getRequestedFor(urlEqualTo(Dme.RECORDS_PATH + "?recordName=www&type=A"))
                .withHeader("x-dnsme-apiKey", equalTo(Dme.API_KEY))
                .withHeader("x-dnsme-requestDate", equalTo(Dme.DATE))
                .withHeader("x-dnsme-hmac", equalTo(Dme.HMAC)));
    }

    @Test
    void eachRequestSignsItsOwnDate() {
        live();
        provider.read(WWW);
        clock.advance(Duration.ofSeconds(61));

        provider.read(WWW);

        String later = "Mon, 05 Jan 2026 12:01:01 GMT";
        api.verify(getRequestedFor(urlPathEqualTo(Dme.RECORDS_PATH))
                .withHeader("x-dnsme-requestDate", equalTo(later))
                .withHeader("x-dnsme-hmac", equalTo(Dme.hmac(Dme.SECRET, later))));
    }

    @Test
    void theDateIsEnglishGmtWhateverTheDefaultLocaleAndTimeZone() {
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // would give "Mo., 05 Jan. 2026"
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
            live();

            provider.read(WWW);
        } finally {
            Locale.setDefault(locale);
            TimeZone.setDefault(zone);
        }
        api.verify(getRequestedFor(urlPathEqualTo(Dme.RECORDS_PATH))
                .withHeader("x-dnsme-requestDate", equalTo(Dme.DATE)).withHeader("x-dnsme-hmac", equalTo(Dme.HMAC)));
        // the formatter is built once per JVM, maybe before a test changes the default: pin what it was built with
        assertThat(RequestSigner.HTTP_DATE.getLocale()).isEqualTo(Locale.ENGLISH);
        assertThat(RequestSigner.HTTP_DATE.getZone()).isEqualTo(java.time.ZoneOffset.UTC);
    }

    @Test
    void theDomainIdIsLookedUpOncePerZone() {
        live();

        provider.read(WWW);
        provider.read(new RecordKey("example.com", "mail.example.com", RecordType.A));

        api.verify(1, getRequestedFor(urlPathEqualTo(Dme.DOMAIN_PATH)));
        api.verify(2, getRequestedFor(urlPathEqualTo(Dme.RECORDS_PATH)));
    }

    @Test
    void keepsOnlyTheExactNameAndTypeAndJoinsRecordsIntoOneSetWithTheLongestTtl() {
        // as if the server had ignored the filter
        live(Dme.record(1, "www", "A", "192.0.2.2", 60), Dme.record(2, "www2", "A", "192.0.2.9", 60),
                Dme.record(3, "www", "AAAA", "2001:db8::1", 60), Dme.record(4, "WWW", "A", "192.0.2.1", 300));

        assertThat(provider.read(WWW)).contains(RecordSet.of(WWW, 300, "192.0.2.1", "192.0.2.2"));
    }

    @Test
    void readsTheApexAndMakesRelativeTargetsAbsolute() {
        RecordKey apex = new RecordKey("example.com", "example.com", RecordType.ANAME);
        RecordKey alias = new RecordKey("example.com", "alias.example.com", RecordType.CNAME);
        api.stubFor(get(urlEqualTo(Dme.RECORDS_PATH + "?recordName=&type=ANAME"))
                .willReturn(okJson(Dme.records(Dme.record(5, "", "ANAME", "lb.example.net.", 60)))));
        api.stubFor(get(urlEqualTo(Dme.RECORDS_PATH + "?recordName=alias&type=CNAME"))
                .willReturn(okJson(Dme.records(Dme.record(6, "alias", "CNAME", "backup", 60)))));

        assertThat(provider.read(apex)).contains(RecordSet.of(apex, 60, "lb.example.net"));
        assertThat(provider.read(alias)).contains(RecordSet.of(alias, 60, "backup.example.com"));
    }

    @Test
    void paginationFollowsTheServersPageNumbersPastTheFirstPage() {
        api.stubFor(get(urlPathEqualTo(Dme.RECORDS_PATH)).withQueryParam("page", absent())
                .willReturn(okJson(Dme.page(0, 2, 2, Dme.record(1, "www", "A", "192.0.2.1", 60)))));
        api.stubFor(get(urlPathEqualTo(Dme.RECORDS_PATH)).withQueryParam("page", equalTo("1"))
                .willReturn(okJson(Dme.page(1, 2, 2, Dme.record(2, "www", "A", "192.0.2.2", 60)))));

        assertThat(provider.read(WWW)).contains(RecordSet.of(WWW, 60, "192.0.2.1", "192.0.2.2"));

        api.verify(getRequestedFor(urlEqualTo(Dme.RECORDS_PATH + "?recordName=www&type=A&page=1"))
                .withHeader("x-dnsme-hmac", equalTo(Dme.HMAC)));
    }

    @Test
    void paginationCountedFromOneStillReachesTheLastPage() {
        api.stubFor(get(urlPathEqualTo(Dme.RECORDS_PATH)).withQueryParam("page", absent())
                .willReturn(okJson(Dme.page(1, 2, 2, Dme.record(1, "www", "A", "192.0.2.1", 60)))));
        api.stubFor(get(urlPathEqualTo(Dme.RECORDS_PATH)).withQueryParam("page", equalTo("2"))
                .willReturn(okJson(Dme.page(2, 2, 2, Dme.record(2, "www", "A", "192.0.2.2", 60)))));

        assertThat(provider.read(WWW)).contains(RecordSet.of(WWW, 60, "192.0.2.1", "192.0.2.2"));
    }

    @Test
    void createPostsOneRecordPerValueWithJsonContentType() {
        live();
        api.stubFor(post(urlEqualTo(Dme.RECORDS_PATH + "/")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(Dme.record(7, "www", "A", "192.0.2.10", 60))));

        assertThat(provider.apply(List.of(Change.create(RecordSet.of(WWW, 60, "192.0.2.10", "192.0.2.11")))).changed()).isEqualTo(1);

        api.verify(2, postRequestedFor(urlEqualTo(Dme.RECORDS_PATH + "/"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("x-dnsme-apiKey", equalTo(Dme.API_KEY))
                .withHeader("x-dnsme-requestDate", equalTo(Dme.DATE))
                .withHeader("x-dnsme-hmac", equalTo(Dme.HMAC)));
        assertThat(sent()).containsExactly(
                "GET " + Dme.RECORDS_PATH + "?recordName=www&type=A",
                "POST " + Dme.RECORDS_PATH + "/ {\"name\":\"www\",\"type\":\"A\",\"value\":\"192.0.2.10\",\"ttl\":60,\"gtdLocation\":\"DEFAULT\"}",
                "POST " + Dme.RECORDS_PATH + "/ {\"name\":\"www\",\"type\":\"A\",\"value\":\"192.0.2.11\",\"ttl\":60,\"gtdLocation\":\"DEFAULT\"}");
    }

    @Test
    void cnameAndAnameTargetsAreSentAbsoluteWithTheTrailingDot() {
        RecordKey apex = new RecordKey("example.com", "example.com", RecordType.ANAME);
        live();
        api.stubFor(post(urlEqualTo(Dme.RECORDS_PATH + "/")).willReturn(okJson("{}")));

        provider.apply(List.of(Change.create(RecordSet.of(apex, 60, "LB.Example.NET"))));

        api.verify(postRequestedFor(urlEqualTo(Dme.RECORDS_PATH + "/")).withRequestBody(equalTo(
                "{\"name\":\"\",\"type\":\"ANAME\",\"value\":\"lb.example.net.\",\"ttl\":60,\"gtdLocation\":\"DEFAULT\"}")));
    }

    @Test
    void aSwapIsOnePutOfTheRecordsIdNameTypeValueTtlAndLocationAlone() {
        String live = "{\"failover\":false,\"monitor\":false,\"sourceId\":123123,\"dynamicDns\":false,\"failed\":false,"
                + "\"gtdLocation\":\"DEFAULT\",\"hardLink\":false,\"ttl\":300,\"source\":1,\"name\":\"www\",\"value\":\"192.0.2.10\","
                + "\"id\":11189875,\"type\":\"A\"}";
        live(live);
        api.stubFor(put(urlEqualTo(Dme.RECORDS_PATH + "/11189875/")).willReturn(aResponse().withStatus(200)));

        provider.apply(List.of(Change.replace(RecordSet.of(WWW, 300, "192.0.2.10"), RecordSet.of(WWW, 60, "198.51.100.20"))));

        api.verify(putRequestedFor(urlEqualTo(Dme.RECORDS_PATH + "/11189875/"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("x-dnsme-hmac", equalTo(Dme.HMAC))
                .withRequestBody(equalTo("{\"id\":11189875,\"name\":\"www\",\"type\":\"A\",\"value\":\"198.51.100.20\",\"ttl\":60,"
                        + "\"gtdLocation\":\"DEFAULT\"}")));
        assertThat(sent()).extracting(s -> s.substring(0, s.indexOf(' '))).containsExactly("GET", "PUT");
    }

    @Test
    void severalValuesUpdateInPlaceThenCreateThenDeleteTheDifference() {
        live(Dme.record(1, "www", "A", "192.0.2.1", 60), Dme.record(2, "www", "A", "192.0.2.2", 60),
                Dme.record(3, "www", "A", "192.0.2.3", 60));
        api.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200)));

        provider.apply(List.of(Change.replace(RecordSet.of(WWW, 60, "192.0.2.1", "192.0.2.2", "192.0.2.3"),
                RecordSet.of(WWW, 60, "192.0.2.2", "198.51.100.7"))));

        assertThat(sent()).containsExactly(
                "GET " + Dme.RECORDS_PATH + "?recordName=www&type=A",
                "PUT " + Dme.RECORDS_PATH + "/1/ " + Dme.put(1, "www", "A", "198.51.100.7", 60),
                "DELETE " + Dme.RECORDS_PATH + "/3/");
    }

    @Test
    void moreValuesThanRecordsCreatesTheRest() {
        live(Dme.record(1, "www", "A", "192.0.2.1", 300));
        api.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200)));

        provider.apply(List.of(Change.replace(RecordSet.of(WWW, 300, "192.0.2.1"), RecordSet.of(WWW, 60, "192.0.2.1", "192.0.2.2"))));

        assertThat(sent()).containsExactly(
                "GET " + Dme.RECORDS_PATH + "?recordName=www&type=A",
                "PUT " + Dme.RECORDS_PATH + "/1/ " + Dme.put(1, "www", "A", "192.0.2.1", 60),
                "POST " + Dme.RECORDS_PATH + "/ {\"name\":\"www\",\"type\":\"A\",\"value\":\"192.0.2.2\",\"ttl\":60,\"gtdLocation\":\"DEFAULT\"}");
    }

    @Test
    void deleteSendsOneDeletePerRecord() {
        live(Dme.record(1, "www", "A", "192.0.2.1", 60), Dme.record(2, "www", "A", "192.0.2.2", 60));
        api.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200)));

        provider.apply(List.of(Change.delete(RecordSet.of(WWW, 60, "192.0.2.1", "192.0.2.2"))));

        api.verify(deleteRequestedFor(urlEqualTo(Dme.RECORDS_PATH + "/1/")).withHeader("x-dnsme-hmac", equalTo(Dme.HMAC)));
        api.verify(deleteRequestedFor(urlEqualTo(Dme.RECORDS_PATH + "/2/")));
    }

    @Test
    void aDesiredStateAlreadyLiveWritesNothing() {
        live(Dme.record(1, "www", "A", "198.51.100.20", 60));

        assertThat(provider.apply(List.of(Change.replace(RecordSet.of(WWW, 60, "192.0.2.10"),
                RecordSet.of(WWW, 60, "198.51.100.20")))).changed()).isZero();

        assertThat(sent()).containsExactly("GET " + Dme.RECORDS_PATH + "?recordName=www&type=A");
    }

    @Test
    void aStaleExpectationIsAConflictAndNothingIsWritten() {
        live(Dme.record(1, "www", "A", "203.0.113.99", 60));

        var e = Dme.failure(() -> provider.apply(List.of(
                Change.replace(RecordSet.of(WWW, 60, "192.0.2.10"), RecordSet.of(WWW, 60, "198.51.100.20")))));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("serves [203.0.113.99] (TTL 60), not the expected [192.0.2.10]", "re-read");
        assertThat(sent()).hasSize(1);
    }

    @Test
    void aDuplicateCreateCountsAsDone() {
        live();
        api.stubFor(post(urlEqualTo(Dme.RECORDS_PATH + "/")).willReturn(aResponse().withStatus(400).withBody(
                "{\"error\": [\"Record with this type (A), name (www), and value (192.0.2.10) already exists.\"]}")));

        assertThat(provider.apply(List.of(Change.create(RecordSet.of(WWW, 60, "192.0.2.10")))).changed()).isEqualTo(1);
    }

    @Test
    void anUpdateOfARecordDeletedMeanwhileIsAConflict() {
        live(Dme.record(1, "www", "A", "192.0.2.10", 60));
        api.stubFor(put(urlEqualTo(Dme.RECORDS_PATH + "/1/")).willReturn(aResponse().withStatus(404)));

        var e = Dme.failure(() -> provider.apply(List.of(
                Change.replace(RecordSet.of(WWW, 60, "192.0.2.10"), RecordSet.of(WWW, 60, "198.51.100.20")))));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("record 1 disappeared", "re-read before writing");
    }

    @Test
    void aDeleteOfARecordAlreadyGoneCountsAsDone() {
        live(Dme.record(1, "www", "A", "192.0.2.10", 60));
        api.stubFor(any(urlEqualTo(Dme.RECORDS_PATH + "/1/")).willReturn(aResponse().withStatus(404)));

        assertThat(provider.apply(List.of(Change.delete(RecordSet.of(WWW, 60, "192.0.2.10")))).changed()).isEqualTo(1);
    }

    @Test
    void recordsUnderDnsMadeEasysOwnFailoverOrGtdAreRefused() {
        live(Dme.record(1, "www", "A", "192.0.2.10", 60).replace("\"failover\":false", "\"failover\":true"));
        var failover = Dme.failure(() -> provider.read(WWW));
        assertThat(failover.kind()).isEqualTo(Kind.INVALID);
        assertThat(failover.getMessage()).contains("DNS Made Easy's own DNS Failover turned on", "turn it off");

        live(Dme.record(1, "www", "A", "192.0.2.10", 60).replace("DEFAULT", "US_EAST"));
        var gtd = Dme.failure(() -> provider.read(WWW));
        assertThat(gtd.kind()).isEqualTo(Kind.INVALID);
        assertThat(gtd.getMessage()).contains("Global Traffic Director", "US_EAST");
    }
}
