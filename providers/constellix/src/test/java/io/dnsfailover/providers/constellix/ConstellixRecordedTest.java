package io.dnsfailover.providers.constellix;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dnsfailover.providers.constellix.ConstellixStubs.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.Recorded;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adapter against the v4 bodies Constellix itself publishes in its PHP SDK's fixtures (see
 * {@code recorded/SOURCES.md}): the domain search, a record list, one record, and the SDK's own create body.
 */
class ConstellixRecordedTest {

    @RegisterExtension
    static WireMockExtension wm = ConstellixStubs.wireMock();

    static final String ZONE = "example.com";
    static final String SEARCH = "/v4/search/domains";
    static final String RECORDS = "/v4/domains/366246/records";
    static final RecordKey WWW = new RecordKey(ZONE, "www." + ZONE, RecordType.A);

    private final ObjectMapper json = new ObjectMapper();
    // a generous timeout: the first request to a cold stub on a loaded machine may take a while
    private final ConstellixProvider provider = ConstellixStubs.provider(wm, Duration.ofSeconds(5));

    @AfterEach
    void close() {
        provider.close();
    }

    /**
     * The vendor's record without IP filter or GeoProximity ({@code record-a-noreferences.json}) as the one item
     * of a page with the vendor's list {@code meta}: two published bodies put together here, not a third fixture.
     */
    private String pageOfThePlainRecord() {
        ObjectNode page = (ObjectNode) read(Recorded.body("records-list.json"));
        page.putArray("data").add(read(Recorded.body("record-a-noreferences.json")).get("data"));
        return page.toString();
    }

    @Test
    void everyFixtureNamesItsSourceAndLicence() {
        Recorded.assertEveryFixtureIsSourced();
    }

    @Test
    void theSearchSendsTheNameAloneAndTheVendorsAnswerFindsTheDomain() {
        wm.stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(Recorded.body("search-domains.json"))));
        wm.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(pageOfThePlainRecord())));

        assertThat(provider.read(WWW)).contains(RecordSet.of(WWW, 3600, "198.51.100.42"));

        assertThat(wm.getAllServeEvents()).anySatisfy(e -> assertThat(e.getRequest().getUrl()).isEqualTo(SEARCH + "?name=example.com"));
    }

    @Test
    void theVendorsListedRecordWithAnIpFilterIsRefusedWithASentence() {
        wm.stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(Recorded.body("search-domains.json"))));
        wm.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(Recorded.body("records-list.json"))));

        ProviderException e = failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID);
        assertThat(e.getMessage()).contains("www.example.com A", "IP filter or GeoProximity");
    }

    @Test
    void aSwapPutsTheRecordAndTakesTheVendorsRecordAsTheAnswer() {
        wm.stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(Recorded.body("search-domains.json"))));
        wm.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(pageOfThePlainRecord())));
        wm.stubFor(put(urlPathEqualTo(RECORDS + "/732673")).willReturn(okJson(Recorded.body("record-a-noreferences.json"))));

        int changed = provider.apply(List.of(Change.replace(RecordSet.of(WWW, 3600, "198.51.100.42"),
                RecordSet.of(WWW, 60, "192.0.2.10")))).changed();

        assertThat(changed).isEqualTo(1);
        assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(RECORDS + "/732673")))).singleElement()
                .satisfies(r -> assertThat(r.getBodyAsString()).isEqualTo("{\"name\":\"www\",\"type\":\"A\",\"ttl\":60,"
                        + "\"enabled\":true,\"mode\":\"standard\",\"value\":[{\"enabled\":true,\"value\":\"192.0.2.10\"}],"
                        + "\"notes\":\"This is my DNS record\"}"));
    }

    @Test
    void aCreateSendsWhatTheVendorsSdkSendsForAStandardRecord() {
        wm.stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(Recorded.body("search-domains.json"))));
        ObjectNode empty = (ObjectNode) read(Recorded.body("records-list.json"));
        empty.putArray("data");
        wm.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(okJson(empty.toString())));
        wm.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody(Recorded.body("record-a-noreferences.json"))));

        provider.apply(List.of(Change.create(RecordSet.of(WWW, 60, "127.0.0.1"))));

        JsonNode sdk = read(Recorded.body("create-a-standard-simple.json"));
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(RECORDS)))).singleElement().satisfies(r -> {
            JsonNode sent = read(r.getBodyAsString());
            for (String field : List.of("name", "type", "mode", "value")) {
                assertThat(sent.get(field)).as(field + ", as the vendor's SDK sends it").isEqualTo(sdk.get(field));
            }
        });
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
