package io.dnsfailover.providers.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dnsfailover.providers.route53.Route53Stubs.assertSigned;
import static io.dnsfailover.providers.route53.Route53Stubs.changeInfo;
import static io.dnsfailover.providers.route53.Route53Stubs.failure;
import static io.dnsfailover.providers.route53.Route53Stubs.query;
import static io.dnsfailover.providers.route53.Route53Stubs.requests;
import static io.dnsfailover.providers.route53.Route53Stubs.set;
import static io.dnsfailover.providers.route53.Route53Stubs.sets;
import static io.dnsfailover.providers.route53.Route53Stubs.xml;
import static io.dnsfailover.providers.route53.Route53Stubs.zone;
import static io.dnsfailover.providers.route53.Route53Stubs.zones;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ownership marker on the wire: TXT values as the Route 53 Developer Guide documents them (strings in
 * double quotes of up to 255 characters, {@code \"} inside, octal {@code \ddd} for bytes outside printable
 * ASCII), and the marker written in the same ChangeBatch as the record it marks.
 */
class Route53TxtWireTest {

    @RegisterExtension
    static WireMockExtension wm = Route53Stubs.extension();

    private static final String ZONES = "/2013-04-01/hostedzonesbyname";
    private static final String RRSET = "/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset";
    private static final RecordKey ATLANTA = new RecordKey("example.com", "atlanta1.example.com", RecordType.A);
    private static final RecordKey MARKER = new RecordKey("example.com", "_dnsfailover.atlanta1.example.com", RecordType.TXT);
    private static final String BATCH_START = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ChangeBatch>";

    private Route53Provider provider;

    private Route53Provider provider() {
        provider = Route53Stubs.provider(wm);
        return provider;
    }

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private static void zoneExampleCom() {
        wm.stubFor(get(urlPathEqualTo(ZONES)).willReturn(xml(200, zones(false, null, null, zone("Z1D633PJN98FT9", "example.com.", false)))));
    }

    /** What the listing answers when it starts at {@code name}. */
    private static void listingAt(String name, String... sets) {
        wm.stubFor(get(urlPathEqualTo(RRSET)).withQueryParam("name", equalTo(name))
                .willReturn(xml(200, sets(false, null, null, null, sets))));
    }

    private static void acceptsBatches() {
        wm.stubFor(post(urlPathEqualTo(RRSET + "/")).willReturn(xml(200,
                changeInfo("ChangeResourceRecordSetsResponse", "/change/C2682N5HXP0BZ4", "PENDING"))));
    }

    private static List<String> methods() {
        return requests(wm).stream().map(r -> r.getMethod().getName()).toList();
    }

    @Test
    void createsTheMarkerAsOneQuotedStringWithQuotesAndBackslashesEscaped() {
        zoneExampleCom();
        listingAt("_dnsfailover.atlanta1.example.com.");
        acceptsBatches();

        provider().apply(List.of(Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=team \"b\" \\ web2"))));

        List<LoggedRequest> seen = requests(wm);
        assertSigned(wm, seen.get(1), "GET", RRSET, query("name", "_dnsfailover.atlanta1.example.com.", "type", "TXT", "maxitems", "10"), null);
        // the value, unescaped from XML, is: "heritage=dnsfailover,owner=team \"b\" \\ web2"
        assertSigned(wm, seen.get(2), "POST", RRSET + "/", query(), BATCH_START
                + "<Comment>dnsfailover: _dnsfailover.atlanta1.example.com TXT: (none) -&gt; 60 [heritage=dnsfailover,owner=team"
                + " &quot;b&quot; \\ web2]</Comment><Changes><Change><Action>CREATE</Action><ResourceRecordSet>"
                + "<Name>_dnsfailover.atlanta1.example.com.</Name><Type>TXT</Type><TTL>60</TTL><ResourceRecords><ResourceRecord>"
                + "<Value>&quot;heritage=dnsfailover,owner=team \\&quot;b\\&quot; \\\\ web2&quot;</Value>"
                + "</ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch>"
                + "</ChangeResourceRecordSetsRequest>");
    }

    @Test
    void aCharacterBeyondAsciiGoesAsTheOctalCodesOfItsBytes() {
        zoneExampleCom();
        listingAt("_dnsfailover.atlanta1.example.com.");
        acceptsBatches();

        provider().apply(List.of(Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=zürich"))));

        assertThat(requests(wm).get(2).getBodyAsString())
                .contains("<Value>&quot;heritage=dnsfailover,owner=z\\303\\274rich&quot;</Value>");
    }

    @Test
    void aTextOver255CharactersGoesAsSeveralStringsInOneValue() {
        zoneExampleCom();
        listingAt("_dnsfailover.atlanta1.example.com.");
        acceptsBatches();
        String text = "heritage=dnsfailover,owner=" + "o".repeat(300);

        provider().apply(List.of(Change.create(RecordSet.of(MARKER, 60, text))));

        assertThat(requests(wm).get(2).getBodyAsString())
                .contains("<Value>&quot;" + text.substring(0, 255) + "&quot; &quot;" + text.substring(255) + "&quot;</Value>");
    }

    @Test
    void readsTheStringsOfAValueUnquotedUnescapedAndJoined() {
        zoneExampleCom();
        listingAt("_dnsfailover.atlanta1.example.com.",
                set("_dnsfailover.atlanta1.example.com.", "TXT", 300, "\"heritage=dnsfailover,\" \"owner=team \\\"b\\\" \\\\ z\\303\\274rich\""),
                set("atlanta1.example.com.", "A", 60, "192.0.2.10"));

        assertThat(provider().read(MARKER)).contains(RecordSet.of(MARKER, 300, "heritage=dnsfailover,owner=team \"b\" \\ zürich"));
    }

    @Test
    void anotherOwnerTakingOverDeletesTheMarkerExactlyAsStoredAndCreatesTheNewOne() {
        zoneExampleCom();
        // split into two strings by whoever wrote it: the DELETE must repeat it so
        listingAt("_dnsfailover.atlanta1.example.com.",
                set("_dnsfailover.atlanta1.example.com.", "TXT", 60, "\"heritage=dnsfailover,\" \"owner=web1\""));
        acceptsBatches();

        provider().apply(List.of(Change.replace(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1"),
                RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web2"))));

        assertThat(requests(wm).get(2).getBodyAsString()).contains("<Changes>"
                + "<Change><Action>DELETE</Action><ResourceRecordSet><Name>_dnsfailover.atlanta1.example.com.</Name><Type>TXT</Type>"
                + "<TTL>60</TTL><ResourceRecords><ResourceRecord><Value>&quot;heritage=dnsfailover,&quot; &quot;owner=web1&quot;</Value>"
                + "</ResourceRecord></ResourceRecords></ResourceRecordSet></Change>"
                + "<Change><Action>CREATE</Action><ResourceRecordSet><Name>_dnsfailover.atlanta1.example.com.</Name><Type>TXT</Type>"
                + "<TTL>60</TTL><ResourceRecords><ResourceRecord><Value>&quot;heritage=dnsfailover,owner=web2&quot;</Value>"
                + "</ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes>");
    }

    @Test
    void theMarkerAndTheRecordGoInOneChangeBatchMarkerFirst() {
        zoneExampleCom();
        listingAt("_dnsfailover.atlanta1.example.com.");
        listingAt("atlanta1.example.com.", set("atlanta1.example.com.", "A", 60, "192.0.2.10"));
        acceptsBatches();

        ApplyResult result = provider().apply(List.of(
                Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1")),
                Change.replace(RecordSet.of(ATLANTA, 60, "192.0.2.10"), RecordSet.of(ATLANTA, 60, "198.51.100.20"))));

        assertThat(result).isEqualTo(new ApplyResult(2, Optional.of("C2682N5HXP0BZ4")));
        assertThat(methods()).containsExactly("GET", "GET", "GET", "POST");
        assertSigned(wm, requests(wm).get(3), "POST", RRSET + "/", query(), BATCH_START
                + "<Comment>dnsfailover: _dnsfailover.atlanta1.example.com TXT: (none) -&gt; 60 [heritage=dnsfailover,owner=web1];"
                + " atlanta1.example.com A: 60 [192.0.2.10] -&gt; 60 [198.51.100.20]</Comment><Changes>"
                + "<Change><Action>CREATE</Action><ResourceRecordSet><Name>_dnsfailover.atlanta1.example.com.</Name><Type>TXT</Type>"
                + "<TTL>60</TTL><ResourceRecords><ResourceRecord><Value>&quot;heritage=dnsfailover,owner=web1&quot;</Value>"
                + "</ResourceRecord></ResourceRecords></ResourceRecordSet></Change>"
                + "<Change><Action>DELETE</Action><ResourceRecordSet><Name>atlanta1.example.com.</Name><Type>A</Type><TTL>60</TTL>"
                + "<ResourceRecords><ResourceRecord><Value>192.0.2.10</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>"
                + "</Change>"
                + "<Change><Action>CREATE</Action><ResourceRecordSet><Name>atlanta1.example.com.</Name><Type>A</Type><TTL>60</TTL>"
                + "<ResourceRecords><ResourceRecord><Value>198.51.100.20</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>"
                + "</Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>");
    }

    @Test
    void aMarkerAlreadyInPlaceLeavesOnlyTheRecordInTheBatch() {
        zoneExampleCom();
        listingAt("_dnsfailover.atlanta1.example.com.",
                set("_dnsfailover.atlanta1.example.com.", "TXT", 60, "\"heritage=dnsfailover,owner=web1\""));
        listingAt("atlanta1.example.com.");
        acceptsBatches();

        ApplyResult result = provider().apply(List.of(
                Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1")),
                Change.create(RecordSet.of(ATLANTA, 60, "198.51.100.20"))));

        assertThat(result.changed()).isEqualTo(1);
        String body = requests(wm).get(3).getBodyAsString();
        assertThat(body).doesNotContain("TXT").contains("<Action>CREATE</Action><ResourceRecordSet><Name>atlanta1.example.com.</Name>");
    }

    @Test
    void aRecordChangedByHandStopsTheMarkerToo() {
        zoneExampleCom();
        listingAt("_dnsfailover.atlanta1.example.com.");
        listingAt("atlanta1.example.com.", set("atlanta1.example.com.", "A", 60, "203.0.113.99"));
        acceptsBatches();

        ProviderException e = failure(() -> provider().apply(List.of(
                Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1")),
                Change.replace(RecordSet.of(ATLANTA, 60, "192.0.2.10"), RecordSet.of(ATLANTA, 60, "198.51.100.20")))));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(methods()).as("neither the marker nor the record is written").doesNotContain("POST");
    }

    @Test
    void aValueWithAQuoteLeftOpenIsNothingDnsfailoverCanManage() {
        zoneExampleCom();
        listingAt("_dnsfailover.atlanta1.example.com.", set("_dnsfailover.atlanta1.example.com.", "TXT", 60, "\"heritage=dnsfailover"));

        ProviderException e = failure(() -> provider().read(MARKER));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("_dnsfailover.atlanta1.example.com TXT", "never closed", "fix the record by hand");
    }
}
