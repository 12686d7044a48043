package io.dnsfailover.providers.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.dnsfailover.providers.cloudflare.Fixtures.NAME;
import static io.dnsfailover.providers.cloudflare.Fixtures.RECORDS_PATH;
import static io.dnsfailover.providers.cloudflare.Fixtures.ZONE;
import static io.dnsfailover.providers.cloudflare.Fixtures.ZONES_URL;
import static io.dnsfailover.providers.cloudflare.Fixtures.ZONE_ID;
import static io.dnsfailover.providers.cloudflare.Fixtures.error;
import static io.dnsfailover.providers.cloudflare.Fixtures.record;
import static io.dnsfailover.providers.cloudflare.Fixtures.recordsUrl;
import static io.dnsfailover.providers.cloudflare.Fixtures.zone;
import static io.dnsfailover.providers.cloudflare.Fixtures.zones;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How each answer Cloudflare documents (or something in front of it can give) is classified, and the one
 * sentence the user then reads: never the token, always the provider's name and what to check.
 */
class CloudflareErrorsTest {

    static final String TOKEN = CloudflareWireTest.TOKEN;
    static final RecordKey A = new RecordKey(ZONE, NAME, RecordType.A);
    static final RecordSet ONE = RecordSet.of(A, 60, "192.0.2.10");

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
        return provider("http://127.0.0.1:" + wm.getPort() + "/client/v4", Duration.ofSeconds(5));
    }

    CloudflareProvider provider(String endpoint, Duration timeout) {
        provider = CloudflareProviderFactory.create(new ProviderSettings("cf1", Map.of("apiToken", TOKEN, "endpoint", endpoint)), timeout);
        return provider;
    }

    static void zoneExists() {
        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(okJson(zones(zone(ZONE_ID, ZONE, "active")))));
    }

    static void recordsAnswer(int status, String body) {
        wm.stubFor(get(urlEqualTo(recordsUrl("A", 1))).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** The failure, after checking that no message in its chain holds the token. */
    static ProviderException failure(ThrowingCallable call) {
        ProviderException e = catchThrowableOfType(ProviderException.class, call);
        assertThat(e).as("a ProviderException").isNotNull();
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("no secret in any message").doesNotContain(TOKEN);
            assertThat(t.toString()).doesNotContain(TOKEN);
        }
        assertThat(e.getMessage()).startsWith("provider 'cf1': ");
        return e;
    }

    @Test
    void anInvalidTokenIsAnAuthFailureThatSaysWhatToCheck() {
        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(aResponse().withStatus(401).withBody(error(9109, "Invalid access token"))));

        ProviderException e = failure(() -> provider().read(A));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).isEqualTo("provider 'cf1': Cloudflare rejected the API token (HTTP 401, 9109 Invalid access token):"
                + " check apiToken and that it has Zone:DNS:Edit on zone hosting.test (and Zone:Zone:Read, to find it), and that"
                + " no IP filter or expiry of the token excludes this host");
    }

    @Test
    void aTokenWithoutPermissionOnTheZoneIsAnAuthFailure() {
        zoneExists();
        recordsAnswer(403, error(10000, "Authentication error"));

        ProviderException e = failure(() -> provider().read(A));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("(HTTP 403, 10000 Authentication error)", "Zone:DNS:Edit on zone hosting.test");
    }

    @Test
    void aMalformedAuthorizationHeaderSaysHowToWriteTheToken() {
        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(aResponse().withStatus(400)
                .withBody(error(6003, "Invalid request headers", 6111, "Invalid format for Authorization header"))));

        ProviderException e = failure(() -> provider().read(A));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("Cloudflare could not read the API token",
                "6003 Invalid request headers; 6111 Invalid format for Authorization header", "without 'Bearer '");
    }

    @Test
    void aZoneNoAccountHoldsIsNotFoundAndNamedBecauseTheLookupIsExact() {
        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(okJson(zones(zone("99999999999999999999999999999999", "sub." + ZONE, "active")))));

        ProviderException e = failure(() -> provider().read(A));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("zone hosting.test is not in any Cloudflare account this API token can see",
                "check record.zone");
    }

    @Test
    void aZoneThatWentAwayIsNotFoundNamingItAndIsLookedUpAgainNextTime() {
        zoneExists();
        recordsAnswer(404, error(7003, "Could not route to /zones/" + ZONE_ID + "/dns_records, perhaps your object identifier is invalid?"));

        ProviderException e = failure(() -> provider().read(A));
        failure(() -> provider.read(A));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("zone hosting.test is no longer at Cloudflare", "(HTTP 404, 7003 Could not route to");
        wm.verify(2, getRequestedFor(urlEqualTo(ZONES_URL)));
    }

    @Test
    void aZoneInTwoAccountsUsesTheActiveOneOrRefusesToGuess() {
        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(okJson(zones(
                zone("11111111111111111111111111111111", ZONE, "pending"), zone(ZONE_ID, ZONE, "active")))));
        recordsAnswer(200, Fixtures.list());
        assertThat(provider().read(A)).isEmpty();

        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(okJson(zones(
                zone("11111111111111111111111111111111", ZONE, "active"), zone(ZONE_ID, ZONE, "active")))));
        ProviderException e = failure(() -> provider("http://127.0.0.1:" + wm.getPort() + "/client/v4", Duration.ofSeconds(5)).read(A));
        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("zone hosting.test exists 2 times", "restrict the token to the one account");
    }

    @Test
    void aValidationErrorCarriesCloudflaresOwnMessage() {
        zoneExists();
        recordsAnswer(200, Fixtures.list());
        wm.stubFor(post(urlEqualTo(RECORDS_PATH)).willReturn(aResponse().withStatus(400)
                .withBody(error(1004, "DNS Validation Error", 9021, "TTL must be between 60 and 86400 seconds, or 1 for Automatic."))));

        ProviderException e = failure(() -> provider().apply(List.of(Change.create(ONE))));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("Cloudflare refused to create atlanta1.hosting.test A 192.0.2.10",
                "(HTTP 400, 1004 DNS Validation Error; 9021 TTL must be between 60 and 86400 seconds, or 1 for Automatic.)",
                "set record.ttl within that");
    }

    @Test
    void aCnameClashSaysToDeleteTheOtherRecords() {
        zoneExists();
        recordsAnswer(200, Fixtures.list());
        wm.stubFor(post(urlEqualTo(RECORDS_PATH)).willReturn(aResponse().withStatus(400)
                .withBody(error(81053, "An A, AAAA, or CNAME record with that host already exists."))));

        ProviderException e = failure(() -> provider().apply(List.of(Change.create(ONE))));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("81053 An A, AAAA, or CNAME record with that host already exists.",
                "a CNAME cannot share its name with other records");
    }

    @Test
    void aRecordThatVanishedDuringTheWriteIsAConflict() {
        zoneExists();
        recordsAnswer(200, Fixtures.list(record("0a1b2c", "A", "192.0.2.10", 60, false)));
        wm.stubFor(patch(urlEqualTo(RECORDS_PATH + "/0a1b2c")).willReturn(aResponse().withStatus(404)
                .withBody(error(81044, "Record does not exist."))));

        ProviderException e = failure(() -> provider().apply(List.of(Change.replace(ONE, RecordSet.of(A, 60, "198.51.100.20")))));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("a record vanished", "81044 Record does not exist.", "re-read before writing");
    }

    @Test
    void aStaleExpectationIsAConflictAndNothingIsWritten() {
        zoneExists();
        recordsAnswer(200, Fixtures.list(record("0a1b2c", "A", "203.0.113.99", 60, false)));

        ProviderException e = failure(() -> provider().apply(List.of(Change.replace(ONE, RecordSet.of(A, 60, "198.51.100.20")))));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("serves [203.0.113.99]", "not the expected [192.0.2.10]");
        assertThat(wm.getAllServeEvents()).allSatisfy(ev -> assertThat(ev.getRequest().getMethod().getName()).isEqualTo("GET"));
    }

    @Test
    void throttlingIsRateLimitedWithCloudflaresRetryAfter() {
        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withHeader("Content-Type", "application/json")
                .withBody(error(10100, "More than 1200 requests per 300 seconds reached. Please wait and consider throttling your request speed"))));

        ProviderException e = failure(() -> provider().read(A));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.getMessage()).contains("rate limiting", "10100 More than 1200 requests per 300 seconds", "retry after 7 s");
    }

    @Test
    void throttlingThenSuccessReadsOnTheNextCallBecauseTheAdapterNeverRetries() {
        wm.stubFor(get(urlEqualTo(ZONES_URL)).inScenario("throttle").whenScenarioStateIs("Started").willSetStateTo("ok")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody(error(971, "Please wait and consider throttling your request speed"))));
        wm.stubFor(get(urlEqualTo(ZONES_URL)).inScenario("throttle").whenScenarioStateIs("ok")
                .willReturn(okJson(zones(zone(ZONE_ID, ZONE, "active")))));
        recordsAnswer(200, Fixtures.list(record("r1", "A", "192.0.2.10", 60, false)));

        assertThat(failure(() -> provider().read(A)).kind()).isEqualTo(Kind.RATE_LIMITED);
        wm.verify(1, getRequestedFor(urlEqualTo(ZONES_URL)));
        assertThat(provider.read(A)).contains(ONE);
    }

    @Test
    void aServerErrorIsUnavailable() {
        for (int status : new int[] {500, 502, 503}) {
            wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/html")
                    .withBody("<html><body><h1>" + status + " Bad gateway</h1> cloudflare</body></html>")));

            ProviderException e = failure(() -> provider().read(A));

            assertThat(e.kind()).as("HTTP %d", status).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).contains("Cloudflare failed to look up zone hosting.test (HTTP " + status + ": <html>",
                    "cloudflarestatus.com");
            provider.close();
        }
    }

    @Test
    void aStalledAnswerTimesOutAsUnavailable() {
        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(okJson(zones(zone(ZONE_ID, ZONE, "active"))).withFixedDelay(3000)));

        ProviderException e = failure(() -> provider("http://127.0.0.1:" + wm.getPort() + "/client/v4", Duration.ofMillis(300)).read(A));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("did not answer within 300 ms");
    }

    @Test
    void aBodyThatIsNotJsonIsUnavailableAndSaysSo() {
        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<!DOCTYPE html><html><title>Captive portal</title></html>")));

        ProviderException e = failure(() -> provider().read(A));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("answered HTTP 200 with a body that is not Cloudflare API JSON (<!DOCTYPE html>",
                "check endpoint");
    }

    @Test
    void jsonThatIsNoCloudflareEnvelopeIsNotTakenForAnAnswer() {
        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(okJson("{\"zones\": []}")));

        assertThat(failure(() -> provider().read(A)).getMessage()).contains("not Cloudflare API JSON");
    }

    @Test
    void anUnsuccessfulEnvelopeWithStatus200IsRefused() {
        zoneExists();
        recordsAnswer(200, error(1038, "You cannot use this API for domains with a .cf, .ga, .gq, .ml, or .tk TLD"));

        ProviderException e = failure(() -> provider().read(A));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("Cloudflare refused to read atlanta1.hosting.test A (HTTP 200, 1038 You cannot use");
    }

    @Test
    void aRedirectIsNotFollowedSoTheTokenStaysHere() {
        wm.stubFor(get(urlEqualTo(ZONES_URL)).willReturn(aResponse().withStatus(301).withHeader("Location", "http://198.51.100.1/")
                .withHeader("Content-Type", "application/json").withBody(error(0, "moved"))));

        ProviderException e = failure(() -> provider().read(A));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("redirected", "not followed");
        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    @Test
    void aClosedPortIsUnavailable() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }

        ProviderException e = failure(() -> provider("http://127.0.0.1:" + closed + "/client/v4", Duration.ofSeconds(2)).read(A));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("could not connect to Cloudflare at http://127.0.0.1:" + closed + "/client/v4");
    }
}
