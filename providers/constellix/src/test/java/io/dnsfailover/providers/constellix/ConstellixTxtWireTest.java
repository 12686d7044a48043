package io.dnsfailover.providers.constellix;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dnsfailover.providers.constellix.ConstellixStubs.RECORDS;
import static io.dnsfailover.providers.constellix.ConstellixStubs.ZONE;
import static io.dnsfailover.providers.constellix.ConstellixStubs.record;
import static io.dnsfailover.providers.constellix.ConstellixStubs.stubRecords;
import static io.dnsfailover.providers.constellix.ConstellixStubs.stubZone;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ownership marker on the wire: a TXT value as Constellix's v4 API documents it, the text itself
 * ({@code {"enabled": true, "value": "My text record"}} in its SDKs' fixtures), with no quoting of its own;
 * a value written quoted, as v1 clients write TXT, is read as its text.
 */
class ConstellixTxtWireTest {

    @RegisterExtension
    static WireMockExtension wm = ConstellixStubs.wireMock();

    static final RecordKey MARKER = new RecordKey(ZONE, "_dnsfailover.atlanta1." + ZONE, RecordType.TXT);
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
        List<LoggedRequest> seen = new ArrayList<>(wm.getAllServeEvents().stream().map(e -> e.getRequest()).toList());
        Collections.reverse(seen);
        return seen;
    }

    private static List<String> writes() {
        return requests().stream().filter(r -> !r.getMethod().value().equals("GET"))
                .map(r -> r.getMethod().value() + " " + r.getUrl() + " " + r.getBodyAsString()).toList();
    }

    private static void acceptsCreates() {
        wm.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":" + record(9, "_dnsfailover.atlanta1", "TXT", 60, "x") + "}")));
    }

    @Test
    void createsTheMarkerWithItsTextAsTheValueQuotesAndBackslashesOnlyJsonEscaped() {
        stubZone(wm);
        stubRecords(wm);
        acceptsCreates();

        provider().apply(List.of(Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=team \"b\" \\ web2"))));

        assertThat(writes()).containsExactly("POST " + RECORDS + " {\"name\":\"_dnsfailover.atlanta1\",\"type\":\"TXT\",\"ttl\":60,"
                + "\"enabled\":true,\"mode\":\"standard\",\"value\":[{\"enabled\":true,"
                + "\"value\":\"heritage=dnsfailover,owner=team \\\"b\\\" \\\\ web2\"}]}");
    }

    @Test
    void readsTheValueAsTheText() {
        stubZone(wm);
        stubRecords(wm, record(5, "_dnsfailover.atlanta1", "TXT", 60, "heritage=dnsfailover,owner=team \\\"b\\\" \\\\ web2"),
                record(6, "atlanta1", "A", 60, "192.0.2.10"));

        assertThat(provider().read(MARKER)).contains(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=team \"b\" \\ web2"));
    }

    @Test
    void readsAValueWrittenAsOneQuotedStringAsItsText() {
        stubZone(wm);
        // as lego and Terraform's v1 provider write TXT: "\"heritage=...\""
        stubRecords(wm, record(5, "_dnsfailover.atlanta1", "TXT", 60, "\\\"heritage=dnsfailover,owner=web1\\\""));

        assertThat(provider().read(MARKER)).contains(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1"));
    }

    @Test
    void anotherOwnerTakingOverPutsTheWholeRecordWithTheNewText() {
        stubZone(wm);
        stubRecords(wm, record(5, "_dnsfailover.atlanta1", "TXT", 60, "heritage=dnsfailover,owner=web1"));
        wm.stubFor(put(urlPathEqualTo(RECORDS + "/5")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"data\":" + record(5, "_dnsfailover.atlanta1", "TXT", 60, "heritage=dnsfailover,owner=web2") + "}")));

        provider().apply(List.of(Change.replace(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1"),
                RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web2"))));

        assertThat(writes()).containsExactly("PUT " + RECORDS + "/5 {\"name\":\"_dnsfailover.atlanta1\",\"type\":\"TXT\",\"ttl\":60,"
                + "\"enabled\":true,\"mode\":\"standard\",\"value\":[{\"enabled\":true,\"value\":\"heritage=dnsfailover,owner=web2\"}],"
                + "\"notes\":\"\"}");
    }

    @Test
    void theMarkerAndTheRecordAreWrittenInOneApplyMarkerFirst() {
        stubZone(wm);
        stubRecords(wm);
        acceptsCreates();

        int changed = provider().apply(List.of(Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1")),
                Change.create(RecordSet.of(ATLANTA, 60, "192.0.2.10")))).changed();

        assertThat(changed).isEqualTo(2);
        assertThat(writes()).containsExactly(
                "POST " + RECORDS + " {\"name\":\"_dnsfailover.atlanta1\",\"type\":\"TXT\",\"ttl\":60,\"enabled\":true,"
                        + "\"mode\":\"standard\",\"value\":[{\"enabled\":true,\"value\":\"heritage=dnsfailover,owner=web1\"}]}",
                "POST " + RECORDS + " {\"name\":\"atlanta1\",\"type\":\"A\",\"ttl\":60,\"enabled\":true,"
                        + "\"mode\":\"standard\",\"value\":[{\"enabled\":true,\"value\":\"192.0.2.10\"}]}");
    }
}
