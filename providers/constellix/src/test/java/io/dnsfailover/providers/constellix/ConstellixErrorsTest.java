package io.dnsfailover.providers.constellix;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dnsfailover.providers.constellix.ConstellixStubs.KEY;
import static io.dnsfailover.providers.constellix.ConstellixStubs.NOW;
import static io.dnsfailover.providers.constellix.ConstellixStubs.RECORDS;
import static io.dnsfailover.providers.constellix.ConstellixStubs.SEARCH;
import static io.dnsfailover.providers.constellix.ConstellixStubs.SECRET;
import static io.dnsfailover.providers.constellix.ConstellixStubs.ZONE;
import static io.dnsfailover.providers.constellix.ConstellixStubs.failure;
import static io.dnsfailover.providers.constellix.ConstellixStubs.record;
import static io.dnsfailover.providers.constellix.ConstellixStubs.search;
import static io.dnsfailover.providers.constellix.ConstellixStubs.stubRecords;
import static io.dnsfailover.providers.constellix.ConstellixStubs.stubZone;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.http.Fault;
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
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** How each answer Constellix (or something in front of it) can give is classified and worded. */
class ConstellixErrorsTest {

    @RegisterExtension
    static WireMockExtension wm = ConstellixStubs.wireMock();

    static final RecordKey ATLANTA = new RecordKey(ZONE, "atlanta1." + ZONE, RecordType.A);
    static final RecordSet BEFORE = RecordSet.of(ATLANTA, 60, "192.0.2.10");
    static final RecordSet AFTER = RecordSet.of(ATLANTA, 60, "198.51.100.20");

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

    private String where() {
        return "Constellix at " + wm.baseUrl() + "/v4";
    }

    @Test
    void unauthorizedIsAuthAndSaysToCheckTheKeysAndTheClock() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Unauthorized\"}")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).isEqualTo("provider 'cnx1': " + where() + " rejected the credentials (HTTP 401: Unauthorized):"
                + " check apiKey and secretKey, and that this host's clock is right (the token is signed with the current time)");
    }

    @Test
    void forbiddenIsAuthAndNamesTheZone() {
        stubZone(wm);
        wm.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(403).withBody("{\"message\":\"Forbidden\"}")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("does not let these API keys list the records of zone hosting.test (HTTP 403: Forbidden)",
                "may manage zone hosting.test");
    }

    @Test
    void aZoneTheSearchDoesNotFindExactlyIsNotFoundAndNamed() {
        wm.stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(search(5, "myhosting.test", 6, "hosting.test.example"))));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("provider 'cnx1': zone hosting.test does not exist in the Constellix account at "
                + wm.baseUrl() + "/v4 (or these API keys cannot see it): add the domain in Constellix, or fix record.zone");
    }

    @Test
    void aSearchAnsweredWith404IsAnUnknownZoneToo() {
        wm.stubFor(get(urlPathEqualTo(SEARCH)).willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("zone hosting.test does not exist");
    }

    @Test
    void aDomainDeletedSinceItWasLookedUpIsNotFoundAndLookedUpAgainNextTime() {
        stubZone(wm);
        wm.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));

        ProviderException e = failure(() -> provider().read(ATLANTA));
        failure(() -> provider.read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("zone hosting.test is no longer at " + where(), "HTTP 404");
        wm.verify(2, getRequestedFor(urlPathEqualTo(SEARCH)));
    }

    @Test
    void aDomainDeletedBeforeAWriteIsNotFoundAndLookedUpAgainNextTime() {
        stubZone(wm);
        stubRecords(wm);
        wm.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));

        ProviderException e = failure(() -> provider().apply(List.of(Change.create(BEFORE))));
        provider.read(ATLANTA);

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("zone hosting.test is no longer at", "trying to create atlanta1.hosting.test A");
        wm.verify(2, getRequestedFor(urlPathEqualTo(SEARCH)));
    }

    @Test
    void badRequestIsInvalidWithConstellixsOwnReasons() {
        stubZone(wm);
        stubRecords(wm);
        wm.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(400).withHeader("X-RateLimit-Remaining", "57")
                .withBody("{\"message\":\"The given data was invalid.\",\"errors\":{\"ttl\":[\"The ttl must be at least 0.\"]}}")));

        ProviderException e = failure(() -> provider().apply(List.of(Change.create(BEFORE))));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).isEqualTo("provider 'cnx1': " + where() + " refused to create atlanta1.hosting.test A (HTTP 400):"
                + " The given data was invalid.; ttl: The ttl must be at least 0.");
    }

    @Test
    void unprocessableEntityIsInvalidWithEachFieldError() {
        stubZone(wm);
        stubRecords(wm, record(9, "atlanta1", "A", 60, "192.0.2.10"));
        wm.stubFor(put(urlPathEqualTo(RECORDS + "/9")).willReturn(aResponse().withStatus(422)
                .withBody("{\"errors\":{\"value\":\"The value must be a valid IPv4 address\"}}")));

        ProviderException e = failure(() -> provider().apply(List.of(Change.replace(BEFORE, AFTER))));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).endsWith("refused to update atlanta1.hosting.test A (HTTP 422): value: The value must be a valid IPv4 address");
    }

    @Test
    void aV1StyleErrorListIsQuotedToo() {
        stubZone(wm);
        stubRecords(wm);
        wm.stubFor(post(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(400)
                .withBody("{\"errors\":[\"Record with this name and type already exists\"]}")));

        assertThat(failure(() -> provider().apply(List.of(Change.create(BEFORE)))).getMessage())
                .endsWith("(HTTP 400): Record with this name and type already exists");
    }

    @Test
    void tooManyRequestsIsRateLimitedWithTheResetAsTheHint() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("X-RateLimit-Limit", "60")
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "7")
                .withBody("{\"message\":\"Rate limit exceeded\"}")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.getMessage()).isEqualTo("provider 'cnx1': " + where() + " is rate limiting this account (HTTP 429: Rate limit"
                + " exceeded; the limit resets in 7 s): the limit is shared by every tool that uses this account's API keys");
    }

    @Test
    void aResetGivenAsAnEpochTimeBecomesSecondsToWait() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("X-RateLimit-Reset", Long.toString(NOW / 1000 + 12))));

        assertThat(failure(() -> provider().read(ATLANTA)).retryAfter()).contains(Duration.ofSeconds(12));
    }

    @Test
    void anyRefusalWithNoRequestsRemainingIsRateLimited() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(400).withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", "3").withBody("{\"message\":\"Request limit exceeded\"}")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void throttlingIsReportedAndTheNextCallSucceeds() {
        stubZone(wm);
        wm.stubFor(get(urlPathEqualTo(RECORDS)).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("X-RateLimit-Reset", "1")).willSetStateTo("reset"));
        wm.stubFor(get(urlPathEqualTo(RECORDS)).inScenario("throttle").whenScenarioStateIs("reset")
                .willReturn(okJson(ConstellixStubs.page(1, 1, record(1, "atlanta1", "A", 60, "192.0.2.10")))));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(provider.read(ATLANTA)).contains(BEFORE);
    }

    @Test
    void aServerErrorIsTransientWithTheRetryHint() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(500).withHeader("Retry-After", "5")
                .withBody("{\"message\":\"Server Error\"}")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(e.getMessage()).contains("failed to look up zone hosting.test with HTTP 500 (Server Error)", "try again later");
    }

    @Test
    void aProxysErrorPageIsUnavailableAndQuoted() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503).withBody("<html>\n<h1>503 Service Unavailable</h1></html>")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("HTTP 503 (\"<html> <h1>503 Service Unavailable</h1></html>\")");
    }

    @Test
    void aRecordDeletedBetweenReadAndWriteIsAConflict() {
        stubZone(wm);
        stubRecords(wm, record(9, "atlanta1", "A", 60, "192.0.2.10"));
        wm.stubFor(put(urlPathEqualTo(RECORDS + "/9")).willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));

        ProviderException e = failure(() -> provider().apply(List.of(Change.replace(BEFORE, AFTER))));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("no longer has the record", "re-read before writing");
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsUnavailable() {
        wm.stubFor(get(anyUrl()).willReturn(okJson(search()).withFixedDelay(2_000)));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains(where() + " did not answer within 500 ms");
    }

    @Test
    void aBodyThatIsNotJsonIsUnavailableAndSaysSo() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Welcome to the captive portal</body></html>")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("answered HTTP 200 with a body that is not JSON (\"<html><body>Welcome",
                "check that endpoint is the Constellix DNS API v4 base URL");
    }

    @Test
    void aRedirectIsNotFollowed() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(301).withHeader("Location", "https://elsewhere.example/v4")));

        ProviderException e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("redirected the request (HTTP 301) to https://elsewhere.example/v4");
        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    @Test
    void aConnectionThatDropsIsUnavailable() {
        wm.stubFor(get(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThat(failure(() -> provider().read(ATLANTA)).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    @Test
    void nothingListeningIsUnavailableAndSaysToCheckTheEndpoint() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        provider = ConstellixProviderFactory.create(new ProviderSettings("cnx1", Map.of("endpoint", "http://127.0.0.1:" + closed + "/v4",
                "apiKey", KEY, "secretKey", SECRET)), Duration.ofMillis(500), ConstellixStubs.CLOCK);

        ProviderException e = failure(() -> provider.read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("could not connect to Constellix at http://127.0.0.1:" + closed + "/v4", "check endpoint");
    }

    @Test
    void noKeyIsLoggedOrShownEvenWhenTheServerEchoesThem() {
        Logger logger = (Logger) LoggerFactory.getLogger(ConstellixClient.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        Level before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            wm.stubFor(get(urlPathEqualTo(SEARCH)).willReturn(okJson(search(ConstellixStubs.DOMAIN, ZONE))
                    .withHeader("X-RateLimit-Remaining", "2").withHeader("X-RateLimit-Reset", "30")));
            wm.stubFor(get(urlPathEqualTo(RECORDS)).willReturn(aResponse().withStatus(400)
                    .withBody("{\"message\":\"bad token " + KEY + " signed with " + SECRET + "\"}")));

            ProviderException e = failure(() -> provider().read(ATLANTA));

            assertThat(e.getMessage()).contains("bad token <apiKey> signed with <secretKey>");
            assertThat(provider.toString()).contains("cnx1", wm.baseUrl()).doesNotContain(KEY, SECRET);
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("Constellix allows 2 more API requests"))
                    .allSatisfy(m -> assertThat(m).doesNotContain(KEY, SECRET));
        } finally {
            logger.detachAppender(logs);
            logger.setLevel(before);
        }
    }
}
