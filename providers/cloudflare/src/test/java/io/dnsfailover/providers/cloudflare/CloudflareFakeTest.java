package io.dnsfailover.providers.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.testkit.fakes.CloudflareFake;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Behaviour that needs state, against the Cloudflare fake: proxied records survive a swap and are
 * reported, sets of several values, a type change on one name, the ownership marker as TXT content,
 * Cloudflare's refusals, and no token in any message or log line.
 */
class CloudflareFakeTest {

    static final String TOKEN = "fake-token-" + UUID.randomUUID();
    static final String ZONE = "hosting.test";
    static final RecordKey A = new RecordKey(ZONE, "atlanta1." + ZONE, RecordType.A);
    static final RecordKey CNAME = new RecordKey(ZONE, "atlanta1." + ZONE, RecordType.CNAME);
    static final RecordKey MARKER = new RecordKey(ZONE, "_dnsfailover.atlanta1." + ZONE, RecordType.TXT);

    CloudflareFake fake;
    String zoneId;
    CloudflareProvider provider;
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void start() {
        fake = CloudflareFake.start(TOKEN);
        zoneId = fake.addZone(ZONE);
        provider = provider(TOKEN);
        logs.start();
        root.addAppender(logs);
    }

    CloudflareProvider provider(String token) {
        return CloudflareProviderFactory.create(new ProviderSettings("cf1", Map.of("apiToken", token, "endpoint", fake.endpoint())),
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        root.detachAppender(logs);
        assertThat(logs.list).as("log lines").allSatisfy(e -> {
            assertThat(e.getFormattedMessage()).doesNotContain(TOKEN);
            if (e.getThrowableProxy() != null) {
                assertThat(e.getThrowableProxy().getMessage()).doesNotContain(TOKEN);
            }
        });
        provider.close();
        fake.close();
    }

    @Test
    void aSwapKeepsAProxiedRecordProxiedWithItsIdAndWarnsOnce() {
        String id = fake.addRecord(ZONE, "A", "atlanta1." + ZONE, "192.0.2.10", 1, true);

        RecordSet live = provider.read(A).orElseThrow();
        assertThat(live).isEqualTo(RecordSet.of(A, 300, "192.0.2.10").asProxied());
        provider.apply(List.of(Change.replace(live, RecordSet.of(A, 60, "198.51.100.20"))));
        assertThat(provider.read(A)).as("read back: the new origin, proxied, with Cloudflare's TTL")
                .contains(RecordSet.of(A, 300, "198.51.100.20").asProxied());

        assertThat(fake.records(ZONE)).singleElement().isEqualTo(
                new CloudflareFake.Record(id, "A", "atlanta1." + ZONE, "198.51.100.20", 1, true, null));
        assertThat(fake.requests()).extracting(CloudflareFake.Seen::method).doesNotContain("PUT");
        assertThat(logs.list).filteredOn(e -> e.getLevel().toString().equals("WARN")).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("provider 'cf1'", "atlanta1.hosting.test A is proxied",
                        "a failover changes only the origin"));
    }

    @Test
    void aMixOfProxiedAndDnsOnlyRecordsIsNotProxiedAndHasTheTtlOfTheDnsOnlyOnes() {
        fake.addRecord(ZONE, "A", "atlanta1." + ZONE, "192.0.2.10", 1, true);
        fake.addRecord(ZONE, "A", "atlanta1." + ZONE, "192.0.2.11", 60, false);

        assertThat(provider.read(A)).as("the proxied record's answer is Cloudflare's, which no failover changes")
                .contains(RecordSet.of(A, 60, "192.0.2.10", "192.0.2.11"));
    }

    @Test
    void aTtlOnlyChangeOfAProxiedRecordWritesNothing() {
        fake.addRecord(ZONE, "A", "atlanta1." + ZONE, "192.0.2.10", 1, true);

        int changed = provider.apply(List.of(Change.replace(RecordSet.of(A, 300, "192.0.2.10").asProxied(),
                RecordSet.of(A, 60, "192.0.2.10")))).changed();

        assertThat(changed).isZero();
        assertThat(fake.requests()).extracting(CloudflareFake.Seen::method).containsOnly("GET");
    }

    @Test
    void aSetOfThreeValuesIsThreeRecordsAndShrinksBackToOne() {
        RecordSet three = RecordSet.of(A, 60, "192.0.2.1", "192.0.2.2", "192.0.2.3");
        provider.apply(List.of(Change.create(three)));
        assertThat(fake.records(ZONE)).hasSize(3);

        provider.apply(List.of(Change.replace(three, RecordSet.of(A, 60, "198.51.100.9"))));

        assertThat(fake.records(ZONE)).extracting(CloudflareFake.Record::content).containsExactly("198.51.100.9");
        assertThat(provider.read(A)).contains(RecordSet.of(A, 60, "198.51.100.9"));
    }

    @Test
    void aNameMovesFromAddressesToACnameAndBack() {
        RecordSet address = RecordSet.of(A, 60, "192.0.2.1");
        RecordSet alias = RecordSet.of(CNAME, 60, "backup.example.net");
        provider.apply(List.of(Change.create(address)));

        provider.apply(List.of(Change.create(alias), Change.delete(address)));
        assertThat(provider.read(A)).isEmpty();
        assertThat(provider.read(CNAME)).contains(alias);

        provider.apply(List.of(Change.create(address), Change.delete(alias)));
        assertThat(provider.read(CNAME)).isEmpty();
        assertThat(provider.read(A)).contains(address);
    }

    @Test
    void aTtlBelowTheZonesFloorIsRefusedWithCloudflaresSentence() {
        ProviderException e = org.assertj.core.api.Assertions.catchThrowableOfType(ProviderException.class,
                () -> provider.apply(List.of(Change.create(RecordSet.of(A, 30, "192.0.2.1")))));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("TTL must be between 60 and 86400 seconds, or 1 for Automatic.");
        assertThat(fake.records(ZONE)).isEmpty();
    }

    @Test
    void aWrongTokenIsAnAuthFailureThatDoesNotShowEitherToken() {
        String wrong = "wrong-" + UUID.randomUUID();
        try (CloudflareProvider other = provider(wrong)) {
            ProviderException e = org.assertj.core.api.Assertions.catchThrowableOfType(ProviderException.class, () -> other.read(A));
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e.getMessage()).contains("Cloudflare rejected the API token", "9109 Invalid access token")
                    .doesNotContain(wrong).doesNotContain(TOKEN);
            assertThat(other.toString()).doesNotContain(wrong);
        }
    }

    @Test
    void aThrottledCallIsRateLimitedAndTheNextOneSucceeds() {
        fake.throttleNext(1, 2);

        ProviderException e = org.assertj.core.api.Assertions.catchThrowableOfType(ProviderException.class, () -> provider.read(A));
        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));

        assertThat(provider.read(A)).isEmpty();
    }

    @Test
    void theMarkerIsKeptAsQuotedContentAndReadBackAsItsText() {
        RecordSet marker = RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=team \"b\" \\ web2");

        provider.apply(List.of(Change.create(marker)));

        assertThat(fake.records(ZONE)).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo("TXT");
            assertThat(r.name()).isEqualTo("_dnsfailover.atlanta1." + ZONE);
            assertThat(r.content()).isEqualTo("\"heritage=dnsfailover,owner=team \\\"b\\\" \\\\ web2\"");
            assertThat(r.proxied()).isFalse();
        });
        assertThat(provider.read(MARKER)).contains(marker);
    }

    @Test
    void aMarkerWrittenWithoutQuotesIsReadAsItIsAndReplacedQuoted() {
        String id = fake.addRecord(ZONE, "TXT", MARKER.name(), "heritage=dnsfailover,owner=old one", 60, false);
        RecordSet old = RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=old one");

        assertThat(provider.read(MARKER)).contains(old);
        provider.apply(List.of(Change.replace(old, RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1"))));

        assertThat(fake.records(ZONE)).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(id);
            assertThat(r.content()).isEqualTo("\"heritage=dnsfailover,owner=web1\"");
        });
    }

    @Test
    void theFakeSplitsAQuotedStringOver255BytesAsCloudflareDoesAndRefusesAnOpenQuote() throws Exception {
        String long300 = "x".repeat(300);

        assertThat(post("{\"type\":\"TXT\",\"name\":\"" + MARKER.name() + "\",\"content\":\"\\\"" + long300
                + "\\\"\",\"ttl\":60}").statusCode()).isEqualTo(200);
        assertThat(fake.records(ZONE)).singleElement().extracting(CloudflareFake.Record::content)
                .isEqualTo("\"" + "x".repeat(255) + "\" \"" + "x".repeat(45) + "\"");
        assertThat(provider.read(MARKER)).contains(RecordSet.of(MARKER, 60, long300));

        HttpResponse<String> open = post("{\"type\":\"TXT\",\"name\":\"other." + ZONE + "\",\"content\":\"\\\"open\",\"ttl\":60}");
        assertThat(open.statusCode()).isEqualTo(400);
        assertThat(open.body()).contains("1004", "a quote is left open");
        HttpResponse<String> proxied = post("{\"type\":\"TXT\",\"name\":\"other." + ZONE
                + "\",\"content\":\"\\\"x\\\"\",\"ttl\":1,\"proxied\":true}");
        assertThat(proxied.statusCode()).isEqualTo(400);
        assertThat(proxied.body()).contains("9004");
    }

    /** A POST of a record straight to the fake, as another tool would send it. */
    private HttpResponse<String> post(String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fake.endpoint() + "/zones/" + zoneId + "/dns_records"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
