package io.dnsfailover.providers.dnsmadeeasy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.Recorded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adapter against traffic recorded from DNS Made Easy's sandbox by lexicon (see {@code recorded/SOURCES.md}):
 * the domain {@code capsulecd.com} and its records as listed, the answer to a create, the body of a real PUT and
 * its empty 200 answer, and the HTML 404 of a domain the account does not hold.
 */
class DnsMadeEasyRecordedTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    static final String ZONE = "capsulecd.com";
    static final String RECORDS = "/V2.0/dns/managed/874984/records";
    static final RecordKey LOCALHOST = new RecordKey(ZONE, "localhost." + ZONE, RecordType.A);

    private final ObjectMapper json = new ObjectMapper();
    private DnsProvider provider;

    @BeforeEach
    void start() {
        provider = Dme.provider(api.baseUrl() + "/V2.0", new Dme.TestClock(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    /** The recorded domain, and its recorded list of every record whatever the filters asked (the adapter filters too). */
    static void recordedDomain() {
        api.stubFor(get(urlPathEqualTo("/V2.0/dns/managed/name")).withQueryParam("domainname", equalTo(ZONE))
                .willReturn(okJson(Recorded.body("domain-capsulecd.json"))));
        api.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(Recorded.body("records-capsulecd.json"))));
    }

    @Test
    void everyFixtureNamesItsSourceAndLicence() {
        Recorded.assertEveryFixtureIsSourced();
    }

    @Test
    void theRecordedRecordsReadAsTheirNameAndTypeServeThem() {
        recordedDomain();

        assertThat(provider.read(LOCALHOST)).contains(RecordSet.of(LOCALHOST, 3600, "127.0.0.1"));
        RecordKey docs = new RecordKey(ZONE, "docs." + ZONE, RecordType.CNAME);
        assertThat(provider.read(docs)).as("a target without the final dot is inside the zone")
                .contains(RecordSet.of(docs, 3600, "docs.example.com.capsulecd.com"));
        RecordKey txt = new RecordKey(ZONE, "ttl.fqdn." + ZONE, RecordType.TXT);
        assertThat(provider.read(txt)).as("a TXT value comes back double-quoted").contains(RecordSet.of(txt, 3600, "ttlshouldbe3600"));
    }

    @Test
    void aSwapSendsTheKeysOfTheRecordedPutPlusGtdLocationAndTakesItsEmpty200() throws Exception {
        recordedDomain();
        api.stubFor(put(urlEqualTo(RECORDS + "/10124244/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("Content-Length", "0")));

        int changed = provider.apply(List.of(Change.replace(RecordSet.of(LOCALHOST, 3600, "127.0.0.1"),
                RecordSet.of(LOCALHOST, 60, "192.0.2.10")))).changed();

        assertThat(changed).isEqualTo(1);
        List<JsonNode> puts = new ArrayList<>();
        api.findAll(putRequestedFor(urlEqualTo(RECORDS + "/10124244/"))).forEach(r -> {
            assertThat(r.getHeader("Content-Type")).startsWith("application/json");
            puts.add(read(r.getBodyAsString()));
        });
        assertThat(puts).singleElement().satisfies(sent -> {
            Set<String> recorded = keys(read(Recorded.body("put-request.json")));
            recorded.add("gtdLocation");
            assertThat(keys(sent)).as("the recorded PUT's keys, and the location other clients send").isEqualTo(recorded);
            assertThat(sent.toString()).isEqualTo(
                    "{\"id\":10124244,\"name\":\"localhost\",\"type\":\"A\",\"value\":\"192.0.2.10\",\"ttl\":60,\"gtdLocation\":\"DEFAULT\"}");
        });
    }

    @Test
    void aCreateTakesTheRecorded201() {
        api.stubFor(get(urlPathEqualTo("/V2.0/dns/managed/name")).willReturn(okJson(Recorded.body("domain-capsulecd.json"))));
        api.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson("{\"data\":[],\"page\":0,\"totalPages\":1,\"totalRecords\":0}")));
        api.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(RECORDS + "/"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(Recorded.body("record-created.json"))));

        assertThat(provider.apply(List.of(Change.create(RecordSet.of(LOCALHOST, 3600, "127.0.0.1")))).changed()).isEqualTo(1);
    }

    @Test
    void aDomainTheAccountDoesNotHoldIsNotFoundThoughTheRecorded404IsAnHtmlPage() {
        api.stubFor(get(urlPathEqualTo("/V2.0/dns/managed/name")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "text/html;charset=ISO-8859-1").withBody(Recorded.body("domain-unknown-404.html"))));

        ProviderException e = Dme.failure(() -> provider.read(LOCALHOST));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("zone capsulecd.com is not a domain of the DNS Made Easy account");
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> out = new TreeSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
