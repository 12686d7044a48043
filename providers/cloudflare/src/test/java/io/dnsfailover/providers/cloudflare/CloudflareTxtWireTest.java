package io.dnsfailover.providers.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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
import static io.dnsfailover.providers.cloudflare.Fixtures.recordsUrl;
import static io.dnsfailover.providers.cloudflare.Fixtures.zone;
import static io.dnsfailover.providers.cloudflare.Fixtures.zones;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ownership marker on the wire: TXT content as Cloudflare documents it ("quoted character strings
 * (RFC 1035), each with a length of up to 255 bytes"), read back as plain text whether quoted or, as the
 * API kept older records, not.
 */
class CloudflareTxtWireTest {

    static final String TOKEN = "txt-token-0123456789abcdef";
    static final String MARKER_NAME = "_dnsfailover." + NAME;
    static final RecordKey MARKER = new RecordKey(ZONE, MARKER_NAME, RecordType.TXT);
    static final RecordKey A = new RecordKey(ZONE, NAME, RecordType.A);
    static final String MARKER_URL = RECORDS_PATH + "?type=TXT&name=" + MARKER_NAME + "&page=1&per_page=100";
    static final ObjectMapper JSON = new ObjectMapper();

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

    /** A TXT record of the marker's name as Cloudflare lists it, its content JSON-escaped. */
    static String txt(String id, String content) {
        try {
            return "{\"id\":\"" + id + "\",\"name\":\"" + MARKER_NAME + "\",\"type\":\"TXT\",\"content\":"
                    + JSON.writeValueAsString(content) + ",\"proxiable\":false,\"proxied\":false,\"ttl\":60,\"settings\":{},"
                    + "\"meta\":{},\"comment\":null,\"tags\":[],\"created_on\":\"2025-01-01T05:20:00.12345Z\","
                    + "\"modified_on\":\"2025-01-01T05:20:00.12345Z\"}";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void markerServes(String... records) {
        wm.stubFor(get(urlEqualTo(MARKER_URL)).willReturn(okJson(list(records))));
    }

    static void acceptsWrites() {
        wm.stubFor(post(urlEqualTo(RECORDS_PATH)).willReturn(okJson(one(txt("new", "\"x\"")))));
        wm.stubFor(patch(urlMatching(RECORDS_PATH + "/[a-z0-9]+")).willReturn(okJson(one(txt("t1", "\"x\"")))));
    }

    static List<String> calls() {
        List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        return events.stream().map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl()).toList();
    }

    @Test
    void declaresTxtForTheMarker() {
        assertThat(provider().capabilities().supports(RecordType.TXT)).isTrue();
    }

    @Test
    void createsTheMarkerAsOneQuotedStringWithQuotesAndBackslashesEscaped() {
        zoneExists();
        markerServes();
        acceptsWrites();

        provider().apply(List.of(Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=team \"b\" \\ web2"))));

        // the content, unescaped from JSON, is: "heritage=dnsfailover,owner=team \"b\" \\ web2"
        wm.verify(postRequestedFor(urlEqualTo(RECORDS_PATH)).withRequestBody(equalToJson("{\"type\":\"TXT\",\"name\":\""
                + MARKER_NAME + "\",\"content\":\"\\\"heritage=dnsfailover,owner=team \\\\\\\"b\\\\\\\" \\\\\\\\ web2\\\"\","
                + "\"ttl\":60,\"proxied\":false}")));
        assertThat(calls()).containsExactly("GET " + ZONES_URL, "GET " + MARKER_URL, "POST " + RECORDS_PATH);
    }

    @Test
    void anotherOwnerTakingOverPatchesTheQuotedContent() {
        zoneExists();
        markerServes(txt("t1", "\"heritage=dnsfailover,owner=web1\""));
        acceptsWrites();

        int changed = provider().apply(List.of(Change.replace(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1"),
                RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web2")))).changed();

        assertThat(changed).isEqualTo(1);
        wm.verify(patchRequestedFor(urlEqualTo(RECORDS_PATH + "/t1"))
                .withRequestBody(WireMock.equalTo("{\"content\":\"\\\"heritage=dnsfailover,owner=web2\\\"\"}")));
    }

    @Test
    void aTextOver255BytesGoesAsSeveralStrings() {
        zoneExists();
        markerServes();
        acceptsWrites();
        String text = "heritage=dnsfailover,owner=" + "o".repeat(300);

        provider().apply(List.of(Change.create(RecordSet.of(MARKER, 60, text))));

        String content = "\\\"" + text.substring(0, 255) + "\\\" \\\"" + text.substring(255) + "\\\"";
        wm.verify(postRequestedFor(urlEqualTo(RECORDS_PATH)).withRequestBody(equalToJson("{\"type\":\"TXT\",\"name\":\""
                + MARKER_NAME + "\",\"content\":\"" + content + "\",\"ttl\":60,\"proxied\":false}")));
    }

    @Test
    void readsQuotedContentAsItsPlainTextWithTheStringsJoined() {
        zoneExists();
        markerServes(txt("t1", "\"heritage=dnsfailover,\" \"owner=team \\\"b\\\" \\\\ web2\""));

        assertThat(provider().read(MARKER)).contains(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=team \"b\" \\ web2"));
    }

    @Test
    void readsUnquotedContentAsItIs() {
        zoneExists();
        markerServes(txt("t1", "heritage=dnsfailover,owner=set by hand"));

        assertThat(provider().read(MARKER)).contains(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=set by hand"));
    }

    @Test
    void theSameMarkerInQuotesIsAlreadyInPlace() {
        zoneExists();
        markerServes(txt("t1", "\"heritage=dnsfailover,owner=web1\""));

        int changed = provider().apply(List.of(Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1")))).changed();

        assertThat(changed).isZero();
        assertThat(calls()).noneMatch(c -> !c.startsWith("GET"));
    }

    @Test
    void quotedContentLeftOpenIsNothingDnsfailoverCanManage() {
        zoneExists();
        markerServes(txt("t1", "\"heritage=dnsfailover,owner=web1"));

        assertThatThrownBy(() -> provider().read(MARKER)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID);
            assertThat(e.getMessage()).contains(MARKER_NAME, "never closed", "fix the records by hand");
        });
    }

    @Test
    void theMarkerAndTheRecordAreWrittenInOneApplyInOrder() {
        zoneExists();
        markerServes();
        wm.stubFor(get(urlEqualTo(recordsUrl("A", 1))).willReturn(okJson(list())));
        acceptsWrites();

        int changed = provider().apply(List.of(Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1")),
                Change.create(RecordSet.of(A, 60, "192.0.2.10")))).changed();

        assertThat(changed).isEqualTo(2);
        assertThat(calls()).containsExactly("GET " + ZONES_URL, "GET " + MARKER_URL, "POST " + RECORDS_PATH,
                "GET " + recordsUrl("A", 1), "POST " + RECORDS_PATH);
        wm.verify(postRequestedFor(urlEqualTo(RECORDS_PATH)).withRequestBody(equalToJson("{\"type\":\"TXT\",\"name\":\""
                + MARKER_NAME + "\",\"content\":\"\\\"heritage=dnsfailover,owner=web1\\\"\",\"ttl\":60,\"proxied\":false}")));
        wm.verify(postRequestedFor(urlEqualTo(RECORDS_PATH)).withRequestBody(equalToJson(
                "{\"type\":\"A\",\"name\":\"" + NAME + "\",\"content\":\"192.0.2.10\",\"ttl\":60,\"proxied\":false}")));
    }
}
