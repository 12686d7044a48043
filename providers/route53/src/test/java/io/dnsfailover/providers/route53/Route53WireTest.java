package io.dnsfailover.providers.route53;

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
 * The adapter at the HTTP boundary against WireMock stubs of Route 53's documented requests and answers:
 * each request's method, path, query, signed headers, exact SigV4 Authorization and body; zone lookup by
 * exact name; pagination; the conditional DELETE + CREATE batch.
 */
class Route53WireTest {

    @RegisterExtension
    static WireMockExtension wm = Route53Stubs.extension();

    private static final String ZONES = "/2013-04-01/hostedzonesbyname";
    private static final String RRSET = "/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset";
    private static final RecordKey ATLANTA = new RecordKey("example.com", "atlanta1.example.com", RecordType.A);

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
        wm.stubFor(get(urlPathEqualTo(ZONES)).willReturn(xml(200, zones(true, "sub.example.com.", "Z2SUB",
                zone("Z1D633PJN98FT9", "example.com.", false)))));
    }

    private static void live(String... sets) {
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(200, sets(false, null, null, null, sets))));
    }

    @Test
    void readLooksUpTheZoneByNameThenListsFromTheRecordSignedWithSigV4() {
        zoneExampleCom();
        live(set("atlanta1.example.com.", "A", 60, "192.0.2.10", "192.0.2.11"),
                set("atlanta1.example.com.", "AAAA", 60, "2001:db8::10"), set("b.example.com.", "A", 300, "192.0.2.99"));

        assertThat(provider().read(ATLANTA)).contains(RecordSet.of(ATLANTA, 60, "192.0.2.10", "192.0.2.11"));

        List<LoggedRequest> seen = requests(wm);
        assertThat(seen).hasSize(2);
        assertSigned(wm, seen.get(0), "GET", ZONES, query("dnsname", "example.com.", "maxitems", "10"), null);
        assertSigned(wm, seen.get(1), "GET", RRSET, query("name", "atlanta1.example.com.", "type", "A", "maxitems", "10"), null);
    }

    @Test
    void zoneLookupSkipsNeighboursWhoseNamesOnlyStartAlike() {
        // the listing starts at the first zone >= example.com: here only a child zone and a longer name follow
        wm.stubFor(get(urlPathEqualTo(ZONES)).willReturn(xml(200, zones(false, null, null,
                zone("ZSUB", "sub.example.com.", false), zone("ZOTHER", "example.com.au.", false)))));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("zone example.com is not a hosted zone of this AWS account", "fix record.zone");
        assertThat(requests(wm)).hasSize(1);
    }

    @Test
    void zoneLookupFollowsThePagesWhileTheyHoldTheNameAndPrefersThePublicZone() {
        // split horizon: a private and a public zone of one name, on two pages
        wm.stubFor(get(urlPathEqualTo(ZONES)).withQueryParam("hostedzoneid", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(xml(200, zones(true, "example.com.", "/hostedzone/Z1D633PJN98FT9", zone("Z0PRIVATE", "example.com.", true)))));
        wm.stubFor(get(urlPathEqualTo(ZONES)).withQueryParam("hostedzoneid", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Z1D633PJN98FT9"))
                .willReturn(xml(200, zones(true, "sub.example.com.", "ZSUB", zone("Z1D633PJN98FT9", "example.com.", false)))));
        live(set("atlanta1.example.com.", "A", 60, "192.0.2.10"));

        assertThat(provider().read(ATLANTA)).contains(RecordSet.of(ATLANTA, 60, "192.0.2.10"));

        List<LoggedRequest> seen = requests(wm);
        assertThat(seen).hasSize(3);
        assertSigned(wm, seen.get(1), "GET", ZONES,
                query("dnsname", "example.com.", "hostedzoneid", "Z1D633PJN98FT9", "maxitems", "10"), null);
        assertThat(seen.get(2).getUrl()).startsWith(RRSET);
    }

    @Test
    void twoPublicZonesOfOneNameAreRefusedNamingBoth() {
        wm.stubFor(get(urlPathEqualTo(ZONES)).willReturn(xml(200, zones(false, null, null,
                zone("ZAAA", "example.com.", false), zone("ZBBB", "example.com.", false)))));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("2 public hosted zones named example.com", "ZAAA", "ZBBB");
    }

    @Test
    void theZoneIdIsLookedUpOnceAndCached() {
        zoneExampleCom();
        live();

        provider().read(ATLANTA);
        provider.read(new RecordKey("example.com", "other.example.com", RecordType.CNAME));

        assertThat(requests(wm)).extracting(LoggedRequest::getUrl).filteredOn(u -> u.startsWith(ZONES)).hasSize(1);
    }

    @Test
    void aListingThatStartsAtAnotherNameReadsAsNoRecordSet() {
        zoneExampleCom();
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(200, sets(true, "c.example.com.", "A", null,
                set("b.example.com.", "A", 300, "192.0.2.99")))));

        assertThat(provider().read(ATLANTA)).isEmpty();
        // truncated, but the next page starts at another name: no second request
        assertThat(requests(wm)).hasSize(2);
    }

    @Test
    void recordSetsWithARoutingPolicyAreFollowedAcrossPagesAndRefused() {
        zoneExampleCom();
        String weighted = "<ResourceRecordSet><Name>atlanta1.example.com.</Name><Type>A</Type><SetIdentifier>%s</SetIdentifier>"
                + "<Weight>50</Weight><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>%s</Value></ResourceRecord>"
                + "</ResourceRecords></ResourceRecordSet>";
        wm.stubFor(get(urlPathEqualTo(RRSET)).withQueryParam("identifier", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(xml(200, sets(true, "atlanta1.example.com.", "A", "east", weighted.formatted("west", "192.0.2.1")))));
        wm.stubFor(get(urlPathEqualTo(RRSET)).withQueryParam("identifier", com.github.tomakehurst.wiremock.client.WireMock.equalTo("east"))
                .willReturn(xml(200, sets(false, null, null, null, weighted.formatted("east", "192.0.2.2")))));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("2 record sets with a routing policy", "[west, east]", "manages only simple records");
        assertSigned(wm, requests(wm).get(2), "GET", RRSET,
                query("name", "atlanta1.example.com.", "type", "A", "identifier", "east", "maxitems", "10"), null);
    }

    @Test
    void anAliasRecordIsRefused() {
        zoneExampleCom();
        live("<ResourceRecordSet><Name>atlanta1.example.com.</Name><Type>A</Type><AliasTarget><HostedZoneId>Z2FDTNDATAQYW2"
                + "</HostedZoneId><DNSName>d111111abcdef8.cloudfront.net.</DNSName><EvaluateTargetHealth>false"
                + "</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>");

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("is an alias record");
    }

    @Test
    void createSendsOneBatchThatCreatesAndReturnsTheChangeId() {
        zoneExampleCom();
        live();
        wm.stubFor(post(urlPathEqualTo(RRSET + "/")).willReturn(xml(200,
                changeInfo("ChangeResourceRecordSetsResponse", "/change/C2682N5HXP0BZ4", "PENDING"))));
        RecordSet desired = RecordSet.of(ATLANTA, 60, "198.51.100.20");

        ApplyResult result = provider().apply(List.of(Change.create(desired)));

        assertThat(result).isEqualTo(new ApplyResult(1, Optional.of("C2682N5HXP0BZ4")));
        assertSigned(wm, requests(wm).get(2), "POST", RRSET + "/", query(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ChangeResourceRecordSetsRequest xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><ChangeBatch>"
                + "<Comment>dnsfailover: atlanta1.example.com A: (none) -&gt; 60 [198.51.100.20]</Comment><Changes>"
                + "<Change><Action>CREATE</Action><ResourceRecordSet><Name>atlanta1.example.com.</Name><Type>A</Type><TTL>60</TTL>"
                + "<ResourceRecords><ResourceRecord><Value>198.51.100.20</Value></ResourceRecord></ResourceRecords>"
                + "</ResourceRecordSet></Change></Changes></ChangeBatch></ChangeResourceRecordSetsRequest>");
    }

    @Test
    void replaceDeletesTheLiveSetExactlyAsRoute53HoldsItAndCreatesTheNewOneInOneBatch() {
        RecordKey alias = new RecordKey("example.com", "www.example.com", RecordType.CNAME);
        zoneExampleCom();
        // stored by hand with capitals and no trailing dot: the DELETE must repeat it so, or Route 53 refuses it
        live(set("www.example.com.", "CNAME", 300, "Primary.Example.NET"));
        wm.stubFor(post(urlPathEqualTo(RRSET + "/")).willReturn(xml(200,
                changeInfo("ChangeResourceRecordSetsResponse", "/change/C1", "PENDING"))));

        provider().apply(List.of(Change.replace(RecordSet.of(alias, 300, "primary.example.net"),
                RecordSet.of(alias, 60, "backup.example.net"))));

        assertThat(requests(wm).get(2).getBodyAsString()).contains("<Changes>"
                + "<Change><Action>DELETE</Action><ResourceRecordSet><Name>www.example.com.</Name><Type>CNAME</Type><TTL>300</TTL>"
                + "<ResourceRecords><ResourceRecord><Value>Primary.Example.NET</Value></ResourceRecord></ResourceRecords>"
                + "</ResourceRecordSet></Change>"
                + "<Change><Action>CREATE</Action><ResourceRecordSet><Name>www.example.com.</Name><Type>CNAME</Type><TTL>60</TTL>"
                + "<ResourceRecords><ResourceRecord><Value>backup.example.net.</Value></ResourceRecord></ResourceRecords>"
                + "</ResourceRecordSet></Change></Changes>");
    }

    @Test
    void deleteSendsOnlyTheDeleteOfTheLiveSet() {
        zoneExampleCom();
        live(set("atlanta1.example.com.", "A", 60, "192.0.2.11", "192.0.2.10"));
        wm.stubFor(post(urlPathEqualTo(RRSET + "/")).willReturn(xml(200,
                changeInfo("ChangeResourceRecordSetsResponse", "/change/C9", "PENDING"))));

        provider().apply(List.of(Change.delete(RecordSet.of(ATLANTA, 60, "192.0.2.10", "192.0.2.11"))));

        String body = requests(wm).get(2).getBodyAsString();
        assertThat(body).contains("<Changes><Change><Action>DELETE</Action><ResourceRecordSet><Name>atlanta1.example.com.</Name>"
                + "<Type>A</Type><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>192.0.2.11</Value></ResourceRecord>"
                + "<ResourceRecord><Value>192.0.2.10</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change></Changes>");
        assertThat(body).doesNotContain("CREATE");
    }

    @Test
    void aChangeAlreadyInPlaceWritesNothing() {
        zoneExampleCom();
        live(set("atlanta1.example.com.", "A", 60, "198.51.100.20"));

        ApplyResult result = provider().apply(List.of(Change.replace(RecordSet.of(ATLANTA, 60, "192.0.2.10"),
                RecordSet.of(ATLANTA, 60, "198.51.100.20"))));

        assertThat(result).isEqualTo(ApplyResult.of(0));
        assertThat(requests(wm)).extracting(r -> r.getMethod().getName()).containsOnly("GET");
    }

    @Test
    void aLiveSetOtherThanTheExpectedIsAConflictAndNothingIsWritten() {
        zoneExampleCom();
        live(set("atlanta1.example.com.", "A", 60, "203.0.113.99"));

        ProviderException e = failure(() -> provider().apply(List.of(Change.replace(RecordSet.of(ATLANTA, 60, "192.0.2.10"),
                RecordSet.of(ATLANTA, 60, "198.51.100.20")))));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("is [203.0.113.99] (TTL 60), not the expected [192.0.2.10] (TTL 60)", "re-read");
        assertThat(requests(wm)).extracting(r -> r.getMethod().getName()).containsOnly("GET");
    }

    @Test
    void aBatchRefusedBecauseTheSetChangedSinceTheReadIsAConflict() {
        zoneExampleCom();
        live(set("atlanta1.example.com.", "A", 60, "192.0.2.10"));
        wm.stubFor(post(urlPathEqualTo(RRSET + "/")).willReturn(xml(400, Route53Stubs.invalidChangeBatch(
                "Tried to delete resource record set [name='atlanta1.example.com.', type='A'] but the values provided do not"
                        + " match the current values"))));

        ProviderException e = failure(() -> provider().apply(List.of(Change.replace(RecordSet.of(ATLANTA, 60, "192.0.2.10"),
                RecordSet.of(ATLANTA, 60, "198.51.100.20")))));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("refused the conditional write", "do not match the current values", "re-read");
    }

    @Test
    void aBatchRefusedForAnotherReasonIsInvalidWithRoute53sOwnMessages() {
        RecordKey apex = new RecordKey("example.com", "example.com", RecordType.CNAME);
        zoneExampleCom();
        live();
        wm.stubFor(post(urlPathEqualTo(RRSET + "/")).willReturn(xml(400, Route53Stubs.invalidChangeBatch(
                "RRSet of type CNAME with DNS name example.com. is not permitted at apex in zone example.com.",
                "Second message"))));

        ProviderException e = failure(() -> provider().apply(List.of(Change.create(RecordSet.of(apex, 60, "backup.example.net")))));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("InvalidChangeBatch: RRSet of type CNAME with DNS name example.com. is not permitted"
                + " at apex in zone example.com.; Second message");
    }

    @Test
    void anameIsRefusedBeforeAnyRequest() {
        ProviderException e = failure(() -> provider().read(new RecordKey("example.com", "example.com", RecordType.ANAME)));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(requests(wm)).isEmpty();
    }
}
