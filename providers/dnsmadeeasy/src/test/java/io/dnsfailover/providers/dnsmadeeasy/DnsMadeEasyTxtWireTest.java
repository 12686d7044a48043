package io.dnsfailover.providers.dnsmadeeasy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ownership marker on the wire: a TXT value as DNS Made Easy holds it, one string in double quotes,
 * never split, a backslash as {@code \\} and a double quote as {@code \034} (DNS Made Easy drops double
 * quotes inside a TXT value); read back from quoted strings, also the {@code "...""..."} pieces DNS Made
 * Easy splits a long value into.
 */
class DnsMadeEasyTxtWireTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final RecordKey MARKER = new RecordKey("example.com", "_dnsfailover.www.example.com", RecordType.TXT);
    private static final RecordKey WWW = new RecordKey("example.com", "www.example.com", RecordType.A);
    private static final String MARKER_URL = Dme.RECORDS_PATH + "?recordName=_dnsfailover.www&type=TXT";

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

    /** The records DNS Made Easy lists for one relative name and type; values are JSON string contents. */
    private static void live(String name, String type, String... records) {
        api.stubFor(get(urlPathEqualTo(Dme.RECORDS_PATH)).withQueryParam("recordName", equalTo(name))
                .withQueryParam("type", equalTo(type)).willReturn(okJson(Dme.records(records))));
    }

    private static void acceptsCreates() {
        api.stubFor(post(urlEqualTo(Dme.RECORDS_PATH + "/")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(Dme.record(7, "_dnsfailover.www", "TXT", "\\\"x\\\"", 60))));
    }

    /** The requests after the domain lookup, in the order they were sent, as "METHOD url body". */
    private static List<String> sent() {
        List<ServeEvent> events = new ArrayList<>(api.getAllServeEvents());
        Collections.reverse(events);
        return events.stream().map(ServeEvent::getRequest)
                .filter(r -> !r.getUrl().startsWith(Dme.DOMAIN_PATH))
                .map(r -> r.getMethod() + " " + r.getUrl() + (r.getBodyAsString().isEmpty() ? "" : " " + r.getBodyAsString()))
                .toList();
    }

    @Test
    void createsTheMarkerAsOneQuotedStringWithBackslashesEscapedAndQuotesAsDecimalEscapes() {
        live("_dnsfailover.www", "TXT");
        acceptsCreates();

        provider.apply(List.of(Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=team \"b\" \\ web2"))));

        // the value, unescaped from JSON, is: "heritage=dnsfailover,owner=team \034b\034 \\ web2"
        assertThat(sent()).containsExactly("GET " + MARKER_URL, "POST " + Dme.RECORDS_PATH + "/ {\"name\":\"_dnsfailover.www\","
                + "\"type\":\"TXT\",\"value\":\"\\\"heritage=dnsfailover,owner=team \\\\034b\\\\034 \\\\\\\\ web2\\\"\",\"ttl\":60,"
                + "\"gtdLocation\":\"DEFAULT\"}");
    }

    @Test
    void aLongTextGoesAsOneStringForDnsMadeEasyToSplit() {
        live("_dnsfailover.www", "TXT");
        acceptsCreates();
        String text = "heritage=dnsfailover,owner=" + "o".repeat(300);

        provider.apply(List.of(Change.create(RecordSet.of(MARKER, 60, text))));

        assertThat(sent().get(1)).contains("\"value\":\"\\\"" + text + "\\\"\"");
    }

    @Test
    void readsQuotedValuesAndThePiecesOfALongOneAsPlainText() {
        String text = "heritage=dnsfailover,owner=" + "o".repeat(300);
        live("_dnsfailover.www", "TXT",
                Dme.record(1, "_dnsfailover.www", "TXT", "\\\"" + text.substring(0, 255) + "\\\"\\\"" + text.substring(255) + "\\\"", 60),
                Dme.record(2, "_dnsfailover.www", "TXT", "\\\"owner=team \\\\034b\\\\034 \\\\\\\\ web2\\\"", 60));

        assertThat(provider.read(MARKER)).contains(RecordSet.of(MARKER, 60, text, "owner=team \"b\" \\ web2"));
    }

    @Test
    void aValueWithoutQuotesIsReadAsItIs() {
        live("_dnsfailover.www", "TXT", Dme.record(1, "_dnsfailover.www", "TXT", "heritage=dnsfailover,owner=by hand", 60));

        assertThat(provider.read(MARKER)).contains(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=by hand"));
    }

    @Test
    void anotherOwnerTakingOverIsOnePutOfTheRecordWithTheQuotedValue() {
        String live = "{\"failover\":false,\"monitor\":false,\"sourceId\":123123,\"dynamicDns\":false,\"failed\":false,"
                + "\"gtdLocation\":\"DEFAULT\",\"hardLink\":false,\"ttl\":60,\"source\":1,\"name\":\"_dnsfailover.www\","
                + "\"value\":\"\\\"heritage=dnsfailover,owner=web1\\\"\",\"id\":11189875,\"type\":\"TXT\"}";
        live("_dnsfailover.www", "TXT", live);
        api.stubFor(put(urlEqualTo(Dme.RECORDS_PATH + "/11189875/")).willReturn(aResponse().withStatus(200)));

        provider.apply(List.of(Change.replace(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1"),
                RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web2"))));

        assertThat(sent()).containsExactly("GET " + MARKER_URL,
                "PUT " + Dme.RECORDS_PATH + "/11189875/ {\"id\":11189875,\"name\":\"_dnsfailover.www\",\"type\":\"TXT\","
                        + "\"value\":\"\\\"heritage=dnsfailover,owner=web2\\\"\",\"ttl\":60,\"gtdLocation\":\"DEFAULT\"}");
    }

    @Test
    void theMarkerAndTheRecordAreWrittenInOneApplyMarkerFirst() {
        live("_dnsfailover.www", "TXT");
        live("www", "A");
        acceptsCreates();

        int changed = provider.apply(List.of(Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1")),
                Change.create(RecordSet.of(WWW, 60, "192.0.2.10")))).changed();

        assertThat(changed).isEqualTo(2);
        assertThat(sent()).containsExactly(
                "GET " + MARKER_URL,
                "POST " + Dme.RECORDS_PATH + "/ {\"name\":\"_dnsfailover.www\",\"type\":\"TXT\","
                        + "\"value\":\"\\\"heritage=dnsfailover,owner=web1\\\"\",\"ttl\":60,\"gtdLocation\":\"DEFAULT\"}",
                "GET " + Dme.RECORDS_PATH + "?recordName=www&type=A",
                "POST " + Dme.RECORDS_PATH + "/ {\"name\":\"www\",\"type\":\"A\",\"value\":\"192.0.2.10\",\"ttl\":60,"
                        + "\"gtdLocation\":\"DEFAULT\"}");
    }

    @Test
    void aValueWithAQuoteLeftOpenIsNothingDnsfailoverCanManage() {
        live("_dnsfailover.www", "TXT", Dme.record(1, "_dnsfailover.www", "TXT", "\\\"heritage=dnsfailover", 60));

        var e = Dme.failure(() -> provider.read(MARKER));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("record 1", "never closed", "fix the record by hand");
    }
}
