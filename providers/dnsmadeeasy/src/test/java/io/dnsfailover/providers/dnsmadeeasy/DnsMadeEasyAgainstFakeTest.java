package io.dnsfailover.providers.dnsmadeeasy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.fakes.DnsMadeEasyFake;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against the stateful fake: what a user sees for wrong keys, a wrong clock and a spent budget,
 * and the ownership marker as DNS Made Easy keeps TXT values.
 */
class DnsMadeEasyAgainstFakeTest {

    private static final String ZONE = "hosting.test";
    private static final RecordKey ATLANTA = new RecordKey(ZONE, "atlanta1." + ZONE, RecordType.A);
    private static final RecordKey MARKER = new RecordKey(ZONE, "_dnsfailover.atlanta1." + ZONE, RecordType.TXT);

    private DnsMadeEasyFake fake;
    private long zoneId;

    @BeforeEach
    void start() {
        fake = DnsMadeEasyFake.start();
        zoneId = fake.addZone(ZONE);
        fake.addRecord(ZONE, "atlanta1", "A", "192.0.2.10", 60);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private DnsProvider provider(String secretKey, Clock clock) {
        return DnsMadeEasyProviderFactory.create(new ProviderSettings("dme-fake", Map.of("apiKey", fake.apiKey(),
                "secretKey", secretKey, "endpoint", fake.endpoint())), Duration.ofSeconds(5), clock);
    }

    private static ProviderException failure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String... secrets) {
        ProviderException e = catchThrowableOfType(ProviderException.class, call);
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("provider 'dme-fake': ").doesNotContain(secrets);
        return e;
    }

    @Test
    void aWrongSecretKeyIsAuthNamingBothKeys() {
        try (DnsProvider provider = provider("not-the-secret", Clock.systemUTC())) {
            ProviderException e = failure(() -> provider.read(ATLANTA), "not-the-secret", fake.apiKey());

            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e.getMessage()).contains("HTTP 403: Missing API key or HMAC", "check apiKey and secretKey");
        }
    }

    @Test
    void aClockTwoMinutesOffIsReportedAsClockSkewWithTheServersDate() {
        Clock late = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-2));
        try (DnsProvider provider = provider(fake.secretKey(), late)) {
            ProviderException e = failure(() -> provider.read(ATLANTA), fake.secretKey(), fake.apiKey());

            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e.getMessage()).contains("too far out of sync", "its Date header says '", " GMT'", "run NTP");
        }
    }

    @Test
    void aSpentBudgetIsRateLimitedAndTheNextCallAfterItSucceeds() {
        try (DnsProvider provider = provider(fake.secretKey(), Clock.systemUTC())) {
            fake.rateLimitNext(1);

            ProviderException e = failure(() -> provider.read(ATLANTA), fake.secretKey());

            assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).isPresent();
            assertThat(provider.read(ATLANTA)).contains(RecordSet.of(ATLANTA, 60, "192.0.2.10"));
        }
    }

    @Test
    void theAdapterStopsReadingBeforeTheAccountsLimitAndStillWrites() {
        fake.requestLimit(20);
        try (DnsProvider provider = provider(fake.secretKey(), Clock.systemUTC())) {
            int reads = 0;
            while (true) {
                try {
                    provider.read(new RecordKey(ZONE, "n" + reads + "." + ZONE, RecordType.A));
                    reads++;
                } catch (ProviderException e) {
                    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
                    assertThat(e.getMessage()).contains("reads are paused");
                    break;
                }
            }
            // 1 domain lookup + one request per read until 2 (a tenth of 20) were left
            assertThat(reads).isEqualTo(17);
            assertThat(fake.rateLimitedAnswers()).isZero();

            provider.apply(List.of(Change.replace(RecordSet.of(ATLANTA, 60, "192.0.2.10"), RecordSet.of(ATLANTA, 60, "198.51.100.20"))));
            assertThat(fake.values(ZONE, "atlanta1", "A")).containsExactly("198.51.100.20");
        }
    }

    @Test
    void aStalledFakeTimesOut() {
        try (DnsProvider provider = DnsMadeEasyProviderFactory.create(new ProviderSettings("dme-fake", Map.of("apiKey",
                fake.apiKey(), "secretKey", fake.secretKey(), "endpoint", fake.endpoint())), Duration.ofMillis(200),
                Clock.systemUTC())) {
            fake.delayNext(1, Duration.ofSeconds(2));

            ProviderException e = failure(() -> provider.read(ATLANTA), fake.secretKey());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("did not answer within 200 ms");
        }
    }

    @Test
    void theMarkerIsKeptInQuotesWithItsQuotesAsEscapesAndReadBackAsItsText() {
        RecordSet marker = RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=team \"b\" \\ web2");
        try (DnsProvider provider = provider(fake.secretKey(), Clock.systemUTC())) {
            provider.apply(List.of(Change.create(marker)));

            assertThat(fake.values(ZONE, "_dnsfailover.atlanta1", "TXT"))
                    .containsExactly("\"heritage=dnsfailover,owner=team \\034b\\034 \\\\ web2\"");
            assertThat(provider.read(MARKER)).contains(marker);
        }
    }

    @Test
    void theFakeDropsQuotesInsideAValueAndSplitsALongOneAsDnsMadeEasyDoes() throws Exception {
        String text = "heritage=dnsfailover,owner=" + "o".repeat(300);

        assertThat(post("{\"name\":\"_dnsfailover.atlanta1\",\"type\":\"TXT\",\"value\":\"\\\"" + text + "\\\"\",\"ttl\":60}"))
                .isEqualTo(201);
        assertThat(post("{\"name\":\"two\",\"type\":\"TXT\",\"value\":\"\\\"a\\\" \\\"b\\\"\",\"ttl\":60}")).isEqualTo(201);

        assertThat(fake.values(ZONE, "_dnsfailover.atlanta1", "TXT"))
                .containsExactly("\"" + text.substring(0, 255) + "\"\"" + text.substring(255) + "\"");
        assertThat(fake.values(ZONE, "two", "TXT")).containsExactly("\"a b\"");
        try (DnsProvider provider = provider(fake.secretKey(), Clock.systemUTC())) {
            assertThat(provider.read(MARKER)).contains(RecordSet.of(MARKER, 60, text));
        }
    }

    /** A record created straight at the fake, signed as DNS Made Easy wants, as another tool would send it. */
    private int post(String json) throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.endpoint() + "/dns/managed/" + zoneId + "/records/"))
                .header("x-dnsme-apiKey", fake.apiKey()).header("x-dnsme-requestDate", date)
                .header("x-dnsme-hmac", Dme.hmac(fake.secretKey(), date)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
