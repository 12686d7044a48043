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
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against the stateful fake: what a user sees for wrong keys, a wrong clock and a spent budget. */
class DnsMadeEasyAgainstFakeTest {

    private static final String ZONE = "hosting.test";
    private static final RecordKey ATLANTA = new RecordKey(ZONE, "atlanta1." + ZONE, RecordType.A);

    private DnsMadeEasyFake fake;

    @BeforeEach
    void start() {
        fake = DnsMadeEasyFake.start();
        fake.addZone(ZONE);
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
}
