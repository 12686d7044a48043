package io.dnsfailover.providers.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dnsfailover.providers.route53.Route53Stubs.error;
import static io.dnsfailover.providers.route53.Route53Stubs.failure;
import static io.dnsfailover.providers.route53.Route53Stubs.requests;
import static io.dnsfailover.providers.route53.Route53Stubs.set;
import static io.dnsfailover.providers.route53.Route53Stubs.sets;
import static io.dnsfailover.providers.route53.Route53Stubs.xml;
import static io.dnsfailover.providers.route53.Route53Stubs.zone;
import static io.dnsfailover.providers.route53.Route53Stubs.zones;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One test per way Route 53 (or something in front of it) can fail a call, each classified so that the
 * controller retries exactly the transient ones, with a message that names the provider and what to check.
 */
class Route53ErrorsTest {

    @RegisterExtension
    static WireMockExtension wm = Route53Stubs.extension();

    private static final String ZONES = "/2013-04-01/hostedzonesbyname";
    private static final String RRSET = "/2013-04-01/hostedzone/Z1/rrset";
    private static final RecordKey ATLANTA = new RecordKey("example.com", "atlanta1.example.com", RecordType.A);

    private Route53Provider provider;

    @AfterEach
    void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private Route53Provider provider() {
        provider = Route53Stubs.provider(wm, Duration.ofMillis(300));
        return provider;
    }

    private static void zone() {
        wm.stubFor(get(urlPathEqualTo(ZONES)).willReturn(xml(200, zones(false, null, null, Route53Stubs.zone("Z1", "example.com.", false)))));
    }

    private static void listingAnswers(int status, String body) {
        zone();
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(status, body)));
    }

    private ProviderException readFails(int status, String body) {
        listingAnswers(status, body);
        return failure(() -> provider().read(ATLANTA));
    }

    @Test
    void signatureMismatchIsAuthAndSaysToCheckTheKeys() {
        ProviderException e = readFails(403, error("SignatureDoesNotMatch", "The request signature we calculated does not"
                + " match the signature you provided. Check your AWS Secret Access Key and signing method."));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).isEqualTo("provider 'r53': Route 53 at " + Route53Stubs.endpoint(wm) + " rejected the request"
                + " signature (SignatureDoesNotMatch): the secret access key does not belong to the access key id; check"
                + " accessKeyId and secretAccessKey of provider 'r53'");
    }

    @Test
    void anExpiredSignatureIsAuthAndPointsAtTheClockWithRoute53sTime() {
        zone();
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(403, error("SignatureDoesNotMatch", "Signature expired:"
                + " 20260105T120000Z is now earlier than 20260105T121500Z (20260105T122000Z - 5 min.)"))
                .withHeader("Date", "Mon, 05 Jan 2026 12:20:00 GMT")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("Signature expired", "check this machine's clock",
                "Route 53's clock said Mon, 05 Jan 2026 12:20:00 GMT");
    }

    @Test
    void anUnknownAccessKeyIsAuth() {
        ProviderException e = readFails(403, error("InvalidClientTokenId", "The security token included in the request is invalid."));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("does not know the access key id (InvalidClientTokenId)", "check accessKeyId");
    }

    @Test
    void aMissingPermissionIsAuthAndListsTheIamActions() {
        ProviderException e = readFails(403, error("AccessDenied", "User: arn:aws:iam::123456789012:user/dnsfailover is not"
                + " authorized to perform: route53:ListResourceRecordSets on resource: arn:aws:route53:::hostedzone/Z1"));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("may not list the record sets of atlanta1.example.com. A",
                "not authorized to perform: route53:ListResourceRecordSets", "route53:ChangeResourceRecordSets", "route53:GetChange");
    }

    @Test
    void a401FromAProxyIsAuth() {
        ProviderException e = readFails(401, "");

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("HTTP 401", "check accessKeyId and secretAccessKey");
    }

    @Test
    void aDeletedZoneIsNotFoundNamingItAndIsLookedUpAgainNextTime() {
        ProviderException e = readFails(404, error("NoSuchHostedZone", "No hosted zone found with ID: Z1"));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("zone example.com no longer exists in Route 53", "No hosted zone found with ID: Z1");
        failure(() -> provider.read(ATLANTA));
        assertThat(requests(wm)).extracting(r -> r.getUrl()).filteredOn(u -> u.startsWith(ZONES)).hasSize(2);
    }

    @Test
    void invalidInputIsInvalidWithRoute53sMessage() {
        ProviderException e = readFails(400, error("InvalidInput", "Invalid XML ; cvc-complex-type.2.4.a: Invalid content was"
                + " found starting with element 'TTL'."));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("refused to list the record sets", "InvalidInput: Invalid XML ; cvc-complex-type.2.4.a");
    }

    @Test
    void throttlingIsHttp400AndRateLimitedAndTheAdapterDoesNotRetryIt() {
        zone();
        wm.stubFor(get(urlPathEqualTo(RRSET)).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(xml(400, error("Throttling", "Rate exceeded"))).willSetStateTo("calm"));
        wm.stubFor(get(urlPathEqualTo(RRSET)).inScenario("throttle").whenScenarioStateIs("calm")
                .willReturn(xml(200, sets(false, null, null, null, set("atlanta1.example.com.", "A", 60, "192.0.2.10")))));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e.getMessage()).contains("throttling this AWS account (Throttling: Rate exceeded)", "5 requests per second");
        assertThat(requests(wm)).filteredOn(r -> r.getUrl().startsWith(RRSET)).hasSize(1);
        // the controller's retry then succeeds
        assertThat(provider.read(ATLANTA)).contains(RecordSet.of(ATLANTA, 60, "192.0.2.10"));
    }

    @Test
    void priorRequestNotCompleteIsRateLimited() {
        zone();
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(200, sets(false, null, null, null))));
        wm.stubFor(post(urlPathEqualTo(RRSET + "/")).willReturn(xml(400, error("PriorRequestNotComplete",
                "The request was rejected because Route 53 was still processing a prior request."))));

        ProviderException e = failure(() -> provider().apply(List.of(Change.create(RecordSet.of(ATLANTA, 60, "192.0.2.10")))));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.getMessage()).contains("still processing an earlier change to zone example.com");
    }

    @Test
    void a429WithRetryAfterIsRateLimitedWithTheHint() {
        zone();
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(429, error("Throttling", "Rate exceeded")).withHeader("Retry-After", "3")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void internalFailureIsUnavailable() {
        ProviderException e = readFails(500, error("InternalFailure", "The request processing has failed because of an unknown error."));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("failed to list the record sets", "InternalFailure");
    }

    @Test
    void serviceUnavailableIsUnavailableWithTheHint() {
        zone();
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(503, error("ServiceUnavailable", "The request has failed due to a"
                + " temporary failure of the server.")).withHeader("Retry-After", "2")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void anHtmlPageFromAProxyIsUnavailableAndQuoted() {
        zone();
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("HTTP 502 with a body that is not Route 53 XML: <html><body><h1>502 Bad Gateway");
    }

    @Test
    void aSuccessfulAnswerThatIsNotXmlIsUnavailableAndSaysSo() {
        zone();
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"ResourceRecordSets\": []}")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("answered HTTP 200 with a body that is not Route 53 XML (expected"
                + " ListResourceRecordSetsResponse, got {\"ResourceRecordSets\": []})", "check that endpoint is the Route 53 API");
    }

    @Test
    void xmlOfAnotherShapeIsNotTakenForAnEmptyListing() {
        zone();
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(200, "<html><body>maintenance</body></html>")));

        assertThat(failure(() -> provider().read(ATLANTA)).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void aStalledAnswerTimesOutAsUnavailable() {
        zone();
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(xml(200, sets(false, null, null, null)).withFixedDelay(3000)));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("did not answer within 300 ms");
    }

    @Test
    void aRedirectIsNotFollowedAndIsInvalid() {
        zone();
        wm.stubFor(get(urlPathEqualTo(RRSET)).willReturn(aResponse().withStatus(301).withHeader("Location", "https://elsewhere.example/")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("redirected the request (HTTP 301) to https://elsewhere.example/", "set endpoint");
        assertThat(requests(wm)).hasSize(2);
    }

    @Test
    void aWrongEndpointPathIs404NamingTheEndpoint() {
        wm.stubFor(get(urlPathEqualTo(ZONES)).willReturn(aResponse().withStatus(404).withBody("Not Found")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("could not look up zone example.com", "check endpoint");
    }

    @Test
    void aClosedPortIsUnavailable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        provider = Route53ProviderFactory.create(new ProviderSettings("r53", Map.of("endpoint", "http://127.0.0.1:" + port,
                "accessKeyId", Route53Stubs.KEY_ID, "secretAccessKey", Route53Stubs.SECRET)),
                new Route53ProviderFactory.Options(Duration.ofSeconds(2), Clock.systemUTC(), Duration.ofMillis(5), Duration.ofMillis(5)));

        ProviderException e = failure(() -> provider.read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("could not connect to Route 53 at http://127.0.0.1:" + port);
    }

    @Test
    void aServerEchoingTheKeysHasThemScrubbedFromTheMessage() {
        ProviderException e = readFails(400, error("InvalidInput", "bad key " + Route53Stubs.KEY_ID + " / " + Route53Stubs.SECRET));

        assertThat(e.getMessage()).contains("bad key <accessKeyId> / <secretAccessKey>");
    }
}
