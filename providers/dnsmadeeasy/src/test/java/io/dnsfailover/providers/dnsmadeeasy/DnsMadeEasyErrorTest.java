package io.dnsfailover.providers.dnsmadeeasy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How each answer DNS Made Easy (or something in front of it) can give is classified, and that every
 * message is one sentence naming DNS Made Easy and what to check.
 */
class DnsMadeEasyErrorTest {

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static final RecordKey WWW = new RecordKey("example.com", "www.example.com", RecordType.A);

    private final Dme.TestClock clock = new Dme.TestClock();
    private DnsProvider provider;

    @BeforeEach
    void start() {
        provider = Dme.provider(api.baseUrl() + "/V2.0", clock, Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    private void domainFound() {
        api.stubFor(get(urlPathEqualTo(Dme.DOMAIN_PATH)).willReturn(okJson(Dme.domain("example.com"))));
    }

    private static ResponseDefinitionBuilder dme(int status, String... errors) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("x-dnsme-requestLimit", "150").withHeader("x-dnsme-requestsRemaining", "140")
                .withBody("{\"error\": [\"" + String.join("\", \"", errors) + "\"]}");
    }

    @Test
    void unauthorizedIsOneSentenceNamingTheKeysToCheck() {
        api.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)));

        ProviderException e = Dme.failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).isEqualTo("provider 'dme1': DNS Made Easy at " + api.baseUrl() + "/V2.0 refused the API"
                + " credentials (HTTP 401): check apiKey and secretKey (Account Information in the DNS Made Easy control"
                + " panel), and sandbox: the sandbox is a separate account with its own keys");
    }

    @Test
    void forbiddenCarriesDnsMadeEasysReason() {
        api.stubFor(any(anyUrl()).willReturn(dme(403, "Missing API key or HMAC").withHeader("Date", Dme.DATE)));

        ProviderException e = Dme.failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("refused the API credentials (HTTP 403: Missing API key or HMAC)", "check apiKey and secretKey");
    }

    @Test
    void aDateTooFarOffSaysSoAndShowsTheServersDate() {
        api.stubFor(any(anyUrl()).willReturn(dme(403, "Request sent with date header too far out of sync.  Difference in times is"
                + " -48000, header value is 1767614400000").withHeader("Date", "Mon, 05 Jan 2026 12:00:48 GMT")));

        ProviderException e = Dme.failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("refused the request date as too far from its own clock",
                "we sent 'Mon, 05 Jan 2026 12:00:00 GMT', its Date header says 'Mon, 05 Jan 2026 12:00:48 GMT'", "run NTP");
    }

    @Test
    void aForbiddenAnswerFromAServerMinutesAwayIsReportedAsClockSkew() {
        api.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(403).withHeader("Date", "Mon, 05 Jan 2026 12:10:00 GMT")));

        assertThat(Dme.failure(() -> provider.read(WWW)).getMessage()).contains("too far from its own clock", "12:10:00 GMT");
    }

    @Test
    void anUnknownZoneNamesTheZone() {
        api.stubFor(get(urlPathEqualTo(Dme.DOMAIN_PATH)).willReturn(dme(404, "Domain not found")));

        ProviderException e = Dme.failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("provider 'dme1': zone example.com is not a domain of the DNS Made Easy account at "
                + api.baseUrl() + "/V2.0: add it there, or fix record.zone (sandbox and production are separate accounts: check"
                + " sandbox too)");
    }

    @Test
    void aDomainOfAnotherNameIsNeverUsed() {
        api.stubFor(get(urlPathEqualTo(Dme.DOMAIN_PATH)).willReturn(okJson(Dme.domain("www.example.com"))));

        ProviderException e = Dme.failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        api.verify(0, getRequestedFor(urlPathEqualTo(Dme.RECORDS_PATH)));
    }

    @Test
    void aDomainDeletedSinceItWasLookedUpIsNotFoundAndLookedUpAgainNextTime() {
        domainFound();
        api.stubFor(get(urlPathEqualTo(Dme.RECORDS_PATH)).willReturn(dme(404, "Not found")));

        ProviderException e = Dme.failure(() -> provider.read(WWW));
        Dme.failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("zone example.com (domain id 123123) no longer exists");
        api.verify(2, getRequestedFor(urlPathEqualTo(Dme.DOMAIN_PATH)));
    }

    @Test
    void aValidationErrorIsInvalidWithDnsMadeEasysOwnMessage() {
        domainFound();
        api.stubFor(get(urlPathEqualTo(Dme.RECORDS_PATH)).willReturn(okJson(Dme.records())));
        api.stubFor(post(urlEqualTo(Dme.RECORDS_PATH + "/")).willReturn(dme(400, "Record value may not be a standalone dot.")));

        ProviderException e = Dme.failure(() -> provider.apply(List.of(Change.create(RecordSet.of(WWW, 60, "192.0.2.1")))));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).isEqualTo("provider 'dme1': DNS Made Easy at " + api.baseUrl() + "/V2.0 refused to create"
                + " www.example.com A 192.0.2.1 (HTTP 400: Record value may not be a standalone dot.)");
    }

    @Test
    void theRateLimitIsA400ThatIsRetriedAfterOurOldestRequestLeavesTheWindowThenSucceeds() {
        domainFound();
        api.stubFor(get(urlEqualTo(Dme.RECORDS_PATH + "?recordName=&type=A")).willReturn(okJson(Dme.records())));
        api.stubFor(get(urlEqualTo(Dme.RECORDS_PATH + "?recordName=www&type=A")).inScenario("limit").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("x-dnsme-requestsRemaining", "0")
                        .withHeader("x-dnsme-requestLimit", "150").withBody("{\"error\": [\"Rate limit exceeded\"]}"))
                .willSetStateTo("refilled"));
        api.stubFor(get(urlEqualTo(Dme.RECORDS_PATH + "?recordName=www&type=A")).inScenario("limit").whenScenarioStateIs("refilled")
                .willReturn(okJson(Dme.records(Dme.record(1, "www", "A", "192.0.2.1", 60)))));
        provider.read(new RecordKey("example.com", "example.com", RecordType.A)); // two requests counted at 12:00:00
        clock.advance(Duration.ofMinutes(2));

        ProviderException e = Dme.failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofMinutes(3));
        assertThat(e.getMessage()).contains("refused to read www.example.com A for the account's rate limit (HTTP 400: Rate limit"
                + " exceeded; 0 of 150 requests left)", "shared by every tool using this account", "retry in 3 min");
        assertThat(provider.read(WWW)).contains(RecordSet.of(WWW, 60, "192.0.2.1"));
    }

    @Test
    void a404WithNoRequestsRemainingIsTheRateLimitToo() {
        api.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404).withHeader("x-dnsme-requestsRemaining", "0")));

        ProviderException e = Dme.failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(RateBudget.WINDOW);
    }

    @Test
    void a429FromAProxyIsRateLimitedWithItsRetryAfter() {
        api.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7").withBody("slow down")));

        ProviderException e = Dme.failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void aServerErrorIsTransient() {
        api.stubFor(any(anyUrl()).willReturn(dme(500, "Internal error").withHeader("Retry-After", "5")));

        ProviderException e = Dme.failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(e.getMessage()).contains("failed to look up zone example.com (HTTP 500: Internal error)", "retrying later may work");
    }

    @Test
    void aGatewayErrorPageIsTransientAndQuoted() {
        api.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")));

        ProviderException e = Dme.failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("HTTP 502: '<html>Bad Gateway</html>'");
    }

    @Test
    void aStalledApiIsUnavailableAfterTheTimeout() {
        api.stubFor(any(anyUrl()).willReturn(okJson(Dme.domain("example.com")).withFixedDelay(2_000)));

        try (DnsProvider impatient = Dme.provider(api.baseUrl() + "/V2.0", clock, Duration.ofMillis(300))) {
            ProviderException e = Dme.failure(() -> impatient.read(WWW));

            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).contains("did not answer within 300 ms");
        }
    }

    @Test
    void aBodyThatIsNotJsonIsUnavailableAndSaysSo() {
        api.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("<html>Welcome to nginx</html>")));

        ProviderException e = Dme.failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("answered HTTP 200 to look up zone example.com with a body that is not DNS Made Easy JSON"
                + " ('<html>Welcome to nginx</html>')", "check that endpoint is the DNS Made Easy API");
    }

    @Test
    void aRecordListWithoutDataIsUnavailable() {
        domainFound();
        api.stubFor(get(urlPathEqualTo(Dme.RECORDS_PATH)).willReturn(okJson("{\"status\": \"ok\"}")));

        assertThat(Dme.failure(() -> provider.read(WWW)).getMessage()).contains("not DNS Made Easy JSON");
    }

    @Test
    void aRedirectIsNotFollowedSoTheSignedHeadersStayHere() {
        api.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(302).withHeader("Location", "http://127.0.0.1:9/V2.0/")));

        ProviderException e = Dme.failure(() -> provider.read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("redirected the request (HTTP 302) to http://127.0.0.1:9/V2.0/");
        api.verify(1, getRequestedFor(anyUrl()));
    }

    @Test
    void aClosedPortIsUnavailable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            port = socket.getLocalPort();
        }
        try (DnsProvider closed = Dme.provider("http://127.0.0.1:" + port + "/V2.0", clock, Duration.ofSeconds(1))) {
            ProviderException e = Dme.failure(() -> closed.read(WWW));

            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("could not connect to DNS Made Easy at http://127.0.0.1:" + port + "/V2.0");
        }
    }

    @Test
    void aKeyEchoedByTheServerIsRedacted() {
        api.stubFor(any(anyUrl()).willReturn(dme(400, "bad key " + Dme.API_KEY + " with secret " + Dme.SECRET)));

        ProviderException e = Dme.failure(() -> provider.read(WWW));

        assertThat(e.getMessage()).contains("bad key <apiKey> with secret <secretKey>");
    }

    @Test
    void aTargetTheModelCannotHoldIsInvalid() {
        RecordKey alias = new RecordKey("example.com", "alias.example.com", RecordType.CNAME);
        domainFound();
        api.stubFor(get(urlPathEqualTo(Dme.RECORDS_PATH)).willReturn(okJson(Dme.records(Dme.record(1, "alias", "CNAME", "-bad-.", 60)))));

        ProviderException e = Dme.failure(() -> provider.read(alias));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("holds '-bad-.'", "cannot manage");
    }

    @Test
    void toStringShowsNoKey() {
        assertThat(provider.toString()).contains("dme1", api.baseUrl()).doesNotContain(Dme.API_KEY, Dme.SECRET);
        assertThat(new RequestSigner(Dme.API_KEY, Dme.SECRET, clock).sign().toString()).doesNotContain(Dme.API_KEY, Dme.HMAC);
    }

    @Test
    void theSecretKeyIsNeverSentOnlyItsHmac() {
        domainFound();
        api.stubFor(get(urlPathEqualTo(Dme.RECORDS_PATH)).willReturn(okJson(Dme.records())));

        provider.read(WWW);

        assertThat(api.getAllServeEvents()).hasSize(2).allSatisfy(event -> {
            assertThat(event.getRequest().getHeaders().toString()).doesNotContain(Dme.SECRET);
            assertThat(event.getRequest().getUrl()).doesNotContain(Dme.SECRET, Dme.API_KEY);
        });
    }
}
