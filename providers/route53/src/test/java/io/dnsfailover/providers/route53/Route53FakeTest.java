package io.dnsfailover.providers.route53;

import static io.dnsfailover.providers.route53.Route53Stubs.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.fakes.Route53Fake;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole flows against the stateful fake: signatures it verifies, pagination it forces, failures it
 * injects, GetChange going from PENDING to INSYNC, and the ownership marker going in one batch with its
 * record as TXT values the fake checks as Route 53 does.
 */
class Route53FakeTest {

    private static final String ZONE = "hosting.test";
    private static final RecordKey ATLANTA = new RecordKey(ZONE, "atlanta1." + ZONE, RecordType.A);
    private static final RecordKey MARKER = new RecordKey(ZONE, "_dnsfailover.atlanta1." + ZONE, RecordType.TXT);

    private Route53Fake fake;
    private Route53Provider provider;

    @BeforeEach
    void start() {
        fake = Route53Fake.start();
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        fake.close();
    }

    private Route53Provider provider(String secret, Clock clock) {
        provider = Route53ProviderFactory.create(new ProviderSettings("r53", Map.of("endpoint", fake.url(),
                        "accessKeyId", fake.accessKeyId(), "secretAccessKey", secret)),
                new Route53ProviderFactory.Options(Duration.ofSeconds(2), clock, Duration.ofMillis(5), Duration.ofMillis(20)));
        return provider;
    }

    private Route53Provider provider() {
        return provider(fake.secretAccessKey(), Clock.systemUTC());
    }

    @Test
    void failsOverWithOneConditionalBatchAndWaitsForInsync() {
        fake.createZone(ZONE);
        fake.put(ZONE, "atlanta1." + ZONE, "A", 60, "192.0.2.10");
        fake.pendingPolls(2);

        ApplyResult result = provider().apply(List.of(Change.replace(RecordSet.of(ATLANTA, 60, "192.0.2.10"),
                RecordSet.of(ATLANTA, 60, "198.51.100.20"))));

        assertThat(provider.awaitSync(result, Duration.ofSeconds(10))).isTrue();
        assertThat(fake.get(ZONE, "atlanta1." + ZONE, "A")).contains(new Route53Fake.StoredSet(60, List.of("198.51.100.20")));
        assertThat(fake.requests()).extracting(Route53Fake.Seen::action).containsExactly("ListHostedZonesByName",
                "ListResourceRecordSets", "ChangeResourceRecordSets", "GetChange", "GetChange", "GetChange");
    }

    @Test
    void aWrongSecretIsRefusedByTheSignatureCheck() {
        fake.createZone(ZONE);

        var e = failure(() -> provider("not-the-secret-at-all", Clock.systemUTC()).read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("rejected the request signature", "check accessKeyId and secretAccessKey");
    }

    @Test
    void aClockTenMinutesOffIsRefusedAndBlamed() {
        fake.createZone(ZONE);
        Clock late = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);

        var e = failure(() -> provider(fake.secretAccessKey(), late).read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("Signature expired", "check this machine's clock");
    }

    @Test
    void anUnknownZoneIsNotFoundNamingIt() {
        fake.createZone("sub." + ZONE);

        var e = failure(() -> provider().read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("zone hosting.test is not a hosted zone");
    }

    @Test
    void findsThePublicZoneOnTheSecondPageOfOneItemPages() {
        fake.createZone(ZONE, true);
        fake.createZone(ZONE);
        fake.put(ZONE, "atlanta1." + ZONE, "A", 60, "192.0.2.10");
        fake.pageSize(1);

        assertThat(provider().read(ATLANTA)).contains(RecordSet.of(ATLANTA, 60, "192.0.2.10"));
        assertThat(fake.requests()).extracting(Route53Fake.Seen::action)
                .containsExactly("ListHostedZonesByName", "ListHostedZonesByName", "ListResourceRecordSets");
    }

    @Test
    void aThrottledCallFailsOnceAndTheNextSucceeds() {
        fake.createZone(ZONE);
        fake.throttleNext(1);

        assertThat(failure(() -> provider().read(ATLANTA)).kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(provider.read(ATLANTA)).isEmpty();
        assertThat(fake.requests()).extracting(Route53Fake.Seen::status).containsExactly(400, 200, 200);
    }

    @Test
    void aDelayedAnswerTimesOutAsUnavailable() {
        fake.createZone(ZONE);
        fake.delayNext("ListHostedZonesByName", 1, Duration.ofSeconds(5));
        provider = Route53ProviderFactory.create(new ProviderSettings("r53", Map.of("endpoint", fake.url(),
                        "accessKeyId", fake.accessKeyId(), "secretAccessKey", fake.secretAccessKey())),
                new Route53ProviderFactory.Options(Duration.ofMillis(300), Clock.systemUTC(), Duration.ofMillis(5), Duration.ofMillis(5)));

        var e = failure(() -> provider.read(ATLANTA));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("did not answer within 300 ms");
    }

    @Test
    void changesToOneZoneAreSerialisedSoRoute53NeverSeesTwoAtOnce() throws Exception {
        fake.createZone(ZONE);
        Route53Provider p = provider();
        p.read(ATLANTA);
        // the first batch takes a while: without the zone lock the second writer's listing would overtake it
        fake.delayNext("ChangeResourceRecordSets", 1, Duration.ofMillis(300));
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<ApplyResult>> runs = List.of(
                    writers.submit(() -> p.apply(List.of(Change.create(RecordSet.of(name("a"), 60, "192.0.2.1"))))),
                    writers.submit(() -> p.apply(List.of(Change.create(RecordSet.of(name("b"), 60, "192.0.2.2"))))));
            for (Future<ApplyResult> run : runs) {
                assertThat(run.get(10, TimeUnit.SECONDS).changed()).isEqualTo(1);
            }
        } finally {
            writers.shutdownNow();
        }
        assertThat(fake.requests().subList(2, fake.requests().size())).extracting(Route53Fake.Seen::action).containsExactly(
                "ListResourceRecordSets", "ChangeResourceRecordSets", "ListResourceRecordSets", "ChangeResourceRecordSets");
    }

    private static RecordKey name(String label) {
        return new RecordKey(ZONE, label + "." + ZONE, RecordType.A);
    }

    @Test
    void aChangeRacingAnotherWriterIsRefusedByRoute53AsAConflict() {
        fake.createZone(ZONE);
        fake.put(ZONE, "atlanta1." + ZONE, "A", 60, "192.0.2.10");
        // between the adapter's read and its write someone else changes the set: only the DELETE can notice
        fake.beforeNext("ChangeResourceRecordSets", () -> fake.put(ZONE, "atlanta1." + ZONE, "A", 60, "203.0.113.99"));

        var e = failure(() -> provider().apply(List.of(Change.replace(RecordSet.of(ATLANTA, 60, "192.0.2.10"),
                RecordSet.of(ATLANTA, 60, "198.51.100.20")))));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("refused the conditional write", "do not match the current values");
        assertThat(fake.get(ZONE, "atlanta1." + ZONE, "A")).as("the other writer's value is kept")
                .contains(new Route53Fake.StoredSet(60, List.of("203.0.113.99")));
    }

    @Test
    void theMarkerAndTheRecordLandInOneBatch() {
        fake.createZone(ZONE);
        fake.put(ZONE, "atlanta1." + ZONE, "A", 60, "192.0.2.10");

        ApplyResult result = provider().apply(List.of(Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1")),
                Change.replace(RecordSet.of(ATLANTA, 60, "192.0.2.10"), RecordSet.of(ATLANTA, 60, "198.51.100.20"))));

        assertThat(result.changed()).isEqualTo(2);
        assertThat(fake.requests()).extracting(Route53Fake.Seen::action).filteredOn("ChangeResourceRecordSets"::equals).hasSize(1);
        assertThat(fake.get(ZONE, MARKER.name(), "TXT"))
                .contains(new Route53Fake.StoredSet(60, List.of("\"heritage=dnsfailover,owner=web1\"")));
        assertThat(fake.get(ZONE, "atlanta1." + ZONE, "A")).contains(new Route53Fake.StoredSet(60, List.of("198.51.100.20")));
    }

    @Test
    void aRecordChangedByAnotherWriterMeanwhileStopsTheMarkerToo() {
        fake.createZone(ZONE);
        fake.put(ZONE, "atlanta1." + ZONE, "A", 60, "192.0.2.10");
        fake.beforeNext("ChangeResourceRecordSets", () -> fake.put(ZONE, "atlanta1." + ZONE, "A", 60, "203.0.113.99"));

        var e = failure(() -> provider().apply(List.of(Change.create(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1")),
                Change.replace(RecordSet.of(ATLANTA, 60, "192.0.2.10"), RecordSet.of(ATLANTA, 60, "198.51.100.20")))));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(fake.get(ZONE, MARKER.name(), "TXT")).as("no marker without its record").isEmpty();
    }

    @Test
    void aMarkerOver255CharactersIsStoredAsSeveralStringsAndReadBackWhole() {
        fake.createZone(ZONE);
        RecordSet marker = RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=" + "w".repeat(240) + " \"ü\"");

        provider().apply(List.of(Change.create(marker)));

        assertThat(fake.get(ZONE, MARKER.name(), "TXT")).hasValueSatisfying(stored ->
                assertThat(stored.values()).singleElement().asString().startsWith("\"heritage=").endsWith("\" \"" + "w".repeat(12) + " \\\"\\303\\274\\\"\""));
        assertThat(provider.read(MARKER)).contains(marker);
    }

    @Test
    void aTxtValueWithoutQuotesIsRefusedAsRoute53Does() {
        fake.createZone(ZONE);
        // no Route 53 client can store this; the fake takes it by hand to show what Route 53 answers to it
        fake.put(ZONE, MARKER.name(), "TXT", 60, "heritage=dnsfailover,owner=web1");
        RecordSet unquoted = provider().read(MARKER).orElseThrow();

        var e = failure(() -> provider.apply(List.of(Change.replace(unquoted, RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web2")))));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("InvalidCharacterString (Value should be enclosed in quotation marks)");
    }
}
