package io.dnsfailover.providers.powerdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.ProviderSettings;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.powerdns.StubApi.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The adapter at the HTTP boundary, against a stub on loopback: what goes on the wire, and how each kind
 * of answer PowerDNS (or something in front of it) can give is classified.
 */
class PowerDnsHttpTest {

    private static final String KEY = "stub-key-" + UUID.randomUUID();
    private static final String ZONE_PATH = "/api/v1/servers/localhost/zones/example.test.";
    private static final RecordKey WWW = new RecordKey("example.test", "www.example.test", RecordType.A);

    private final StubApi stub = new StubApi();
    private DnsProvider provider;

    @AfterEach
    void tearDown() {
        if (provider != null) {
            provider.close();
        }
        stub.close();
    }

    private DnsProvider provider(String endpoint) {
        provider = PowerDnsProviderFactory.create(
                new ProviderSettings("pdns1", Map.of("endpoint", endpoint, "apiKey", KEY)), Duration.ofMillis(500));
        return provider;
    }

    private DnsProvider provider() {
        return provider(stub.url());
    }

    private static String zone(String rrsets) {
        return "{\"name\": \"example.test.\", \"kind\": \"Native\", \"serial\": 1, \"rrsets\": [" + rrsets + "]}";
    }

    /** The zone as PowerDNS 4.7 shows it, with the serial and how the API moves it. */
    private static String zone(long serial, String soaEditApi, String rrsets) {
        return "{\"name\": \"example.test.\", \"kind\": \"Native\", \"serial\": " + serial + ", \"edited_serial\": "
                + serial + ", \"soa_edit\": \"\", \"soa_edit_api\": \"" + soaEditApi + "\", \"rrsets\": [" + rrsets + "]}";
    }

    private static String rrset(String name, String type, String... contents) {
        StringBuilder records = new StringBuilder();
        for (String content : contents) {
            records.append(records.length() == 0 ? "" : ", ").append("{\"content\": \"").append(content.replace("\\", "\\\\")
                    .replace("\"", "\\\"")).append("\", \"disabled\": false}");
        }
        return "{\"name\": \"" + name + "\", \"type\": \"" + type + "\", \"ttl\": 60, \"comments\": [], \"records\": ["
                + records + "]}";
    }

    private static ProviderException failure(ThrowingCallable call) {
        ProviderException e = catchThrowableOfType(ProviderException.class, call);
        assertThat(e).as("a ProviderException").isNotNull();
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("no secret in any message").doesNotContain(KEY);
        }
        assertThat(e.getMessage()).contains("provider 'pdns1'");
        return e;
    }

    @Test
    void readAsksForTheRrsetByAbsoluteNameWithTheApiKey() {
        stub.on("GET", ZONE_PATH, Reply.json(200, zone(
                "{\"name\": \"www.example.test.\", \"type\": \"A\", \"ttl\": 60, \"records\": [{\"content\": \"192.0.2.1\", \"disabled\": false}]}")));

        assertThat(provider().read(WWW)).contains(RecordSet.of(WWW, 60, "192.0.2.1"));

        StubApi.Seen get = stub.seen().get(0);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.path()).isEqualTo(ZONE_PATH);
        assertThat(get.query()).isEqualTo("rrset_name=www.example.test.&rrset_type=A");
        assertThat(get.apiKey()).isEqualTo(KEY);
    }

    @Test
    void readSkipsOtherRrsetsAndDisabledRecordsWhenTheServerSendsTheWholeZone() {
        stub.on("GET", ZONE_PATH, Reply.json(200, zone(String.join(",",
                "{\"name\": \"example.test.\", \"type\": \"NS\", \"ttl\": 3600, \"records\": [{\"content\": \"ns1.example.test.\", \"disabled\": false}]}",
                "{\"name\": \"www.example.test.\", \"type\": \"AAAA\", \"ttl\": 60, \"records\": [{\"content\": \"2001:db8::1\", \"disabled\": false}]}",
                "{\"name\": \"WWW.Example.Test.\", \"type\": \"A\", \"ttl\": 30, \"comments\": [], \"records\": ["
                        + "{\"content\": \"192.0.2.2\", \"disabled\": false}, {\"content\": \"192.0.2.9\", \"disabled\": true},"
                        + "{\"content\": \"192.0.2.1\", \"disabled\": false}]}"))));

        assertThat(provider().read(WWW)).contains(RecordSet.of(WWW, 30, "192.0.2.1", "192.0.2.2"));
    }

    @Test
    void readsAnRrsetOfOnlyDisabledRecordsAsEmpty() {
        stub.on("GET", ZONE_PATH, Reply.json(200, zone(
                "{\"name\": \"www.example.test.\", \"type\": \"A\", \"ttl\": 60, \"records\": [{\"content\": \"192.0.2.1\", \"disabled\": true}]}")));

        assertThat(provider().read(WWW)).isEmpty();
    }

    @Test
    void writesAReplaceWithAbsoluteNamesAndAbsoluteCnameContent() {
        RecordKey alias = new RecordKey("example.test", "alias.example.test", RecordType.CNAME);
        stub.on("GET", ZONE_PATH, Reply.json(200, zone(""))).on("PATCH", ZONE_PATH, Reply.json(204, ""));

        assertThat(provider().apply(List.of(Change.create(RecordSet.of(alias, 60, "Backup.Example.NET")))).changed()).isEqualTo(1);

        StubApi.Seen patch = stub.seen().get(1);
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.apiKey()).isEqualTo(KEY);
        assertThat(patch.body()).isEqualTo("{\"rrsets\":[{\"name\":\"alias.example.test.\",\"type\":\"CNAME\",\"ttl\":60,"
                + "\"changetype\":\"REPLACE\",\"records\":[{\"content\":\"backup.example.net.\",\"disabled\":false}]}]}");
    }

    @Test
    void deleteSendsOnlyNameTypeAndChangetype() {
        stub.on("GET", ZONE_PATH, Reply.json(200, zone(
                "{\"name\": \"www.example.test.\", \"type\": \"A\", \"ttl\": 60, \"records\": [{\"content\": \"192.0.2.1\", \"disabled\": false}]}")))
            .on("PATCH", ZONE_PATH, Reply.json(204, ""));

        provider().apply(List.of(Change.delete(RecordSet.of(WWW, 60, "192.0.2.1"))));

        assertThat(stub.seen().get(1).body())
                .isEqualTo("{\"rrsets\":[{\"name\":\"www.example.test.\",\"type\":\"A\",\"changetype\":\"DELETE\"}]}");
    }

    @Test
    void writesTxtAsQuotedContentWithQuoteAndBackslashEscaped() {
        RecordKey marker = new RecordKey("example.test", "_dnsfailover.www.example.test", RecordType.TXT);
        stub.on("GET", ZONE_PATH, Reply.json(200, zone(""))).on("PATCH", ZONE_PATH, Reply.json(204, ""));

        provider().apply(List.of(Change.create(RecordSet.of(marker, 60, "heritage=dnsfailover,owner=team \"b\" \\ web2"))));

        // the content "heritage=dnsfailover,owner=team \"b\" \\ web2" (quotes, zone-file escapes), escaped again for JSON
        assertThat(stub.seen().get(1).body()).isEqualTo("{\"rrsets\":[{\"name\":\"_dnsfailover.www.example.test.\",\"type\":\"TXT\","
                + "\"ttl\":60,\"changetype\":\"REPLACE\",\"records\":[{\"content\":"
                + "\"\\\"heritage=dnsfailover,owner=team \\\\\\\"b\\\\\\\" \\\\\\\\ web2\\\"\",\"disabled\":false}]}]}");
    }

    @Test
    void readsTxtContentAsItsPlainTextJoined() {
        RecordKey marker = new RecordKey("example.test", "_dnsfailover.www.example.test", RecordType.TXT);
        stub.on("GET", ZONE_PATH, Reply.json(200, zone(rrset("_dnsfailover.www.example.test.", "TXT",
                "\"heritage=dnsfailover,\" \"owner=team \\\"b\\\" \\\\ web2\"", "\"gr\\195\\188n\""))));

        assertThat(provider().read(marker)).contains(RecordSet.of(marker, 60, "heritage=dnsfailover,owner=team \"b\" \\ web2", "grün"));
    }

    @Test
    void brokenTxtContentIsInvalid() {
        RecordKey marker = new RecordKey("example.test", "_dnsfailover.www.example.test", RecordType.TXT);
        stub.on("GET", ZONE_PATH, Reply.json(200, zone(rrset("_dnsfailover.www.example.test.", "TXT", "\"never closed"))));

        ProviderException e = failure(() -> provider().read(marker));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("cannot manage", "never closed", "fix the record by hand");
    }

    @Test
    void aWriteReadsBackAndReportsTheSerialMovingByMoreThanOurWrite() {
        stub.on("GET", ZONE_PATH,
                        Reply.json(200, zone(2026120301, "DEFAULT", rrset("www.example.test.", "A", "192.0.2.1"))),
                        Reply.json(200, zone(2026120303, "DEFAULT", rrset("www.example.test.", "A", "198.51.100.2"))))
                .on("PATCH", ZONE_PATH, Reply.json(204, ""));

        ApplyResult result = provider().apply(List.of(
                Change.replace(RecordSet.of(WWW, 60, "192.0.2.1"), RecordSet.of(WWW, 60, "198.51.100.2"))));

        assertThat(stub.seen()).extracting(StubApi.Seen::method).containsExactly("GET", "PATCH", "GET");
        assertThat(stub.seen().get(2).query()).isEqualTo("rrset_name=www.example.test.&rrset_type=A");
        assertThat(result.changed()).isEqualTo(1);
        assertThat(result.races()).singleElement().satisfies(race -> {
            assertThat(race.key()).isEqualTo(WWW);
            assertThat(race.read()).isEqualTo(RecordSet.of(WWW, 60, "192.0.2.1"));
            assertThat(race.written()).isEqualTo(RecordSet.of(WWW, 60, "198.51.100.2"));
            assertThat(race.evidence()).isEqualTo("read [192.0.2.1] (TTL 60) and wrote [198.51.100.2] (TTL 60), but the zone"
                    + " serial went from 2026120301 to 2026120303 between our read and our read-back, one change more than our"
                    + " write makes (soa_edit_api DEFAULT): if that change was to www.example.test A, our write replaced it");
        });
    }

    @Test
    void aReadBackShowingAnotherValueSaysAChangeLandedAfterOurs() {
        stub.on("GET", ZONE_PATH,
                        Reply.json(200, zone(41, "INCREASE", "")),
                        Reply.json(200, zone(43, "INCREASE", rrset("www.example.test.", "A", "203.0.113.99"))))
                .on("PATCH", ZONE_PATH, Reply.json(204, ""));

        ApplyResult result = provider().apply(List.of(Change.create(RecordSet.of(WWW, 60, "198.51.100.2"))));

        assertThat(result.races()).singleElement().satisfies(race -> {
            assertThat(race.read()).isNull();
            assertThat(race.evidence()).isEqualTo("read nothing and wrote [198.51.100.2] (TTL 60), but the zone serial went"
                    + " from 41 to 43 between our read and our read-back, one change more than our write makes (soa_edit_api"
                    + " INCREASE), and the read-back shows [203.0.113.99] (TTL 60), so a change also landed after ours");
        });
    }

    @Test
    void aSerialMovedByOurWriteAloneIsNoRace() {
        stub.on("GET", ZONE_PATH,
                        Reply.json(200, zone(41, "INCREASE", rrset("www.example.test.", "A", "192.0.2.1"))),
                        Reply.json(200, zone(42, "INCREASE", "")))
                .on("PATCH", ZONE_PATH, Reply.json(204, ""));

        ApplyResult result = provider().apply(List.of(Change.delete(RecordSet.of(WWW, 60, "192.0.2.1"))));

        assertThat(result.changed()).isEqualTo(1);
        assertThat(result.races()).isEmpty();
    }

    @Test
    void staleExpectationIsAConflictAndNothingIsWritten() {
        stub.on("GET", ZONE_PATH, Reply.json(200, zone(
                "{\"name\": \"www.example.test.\", \"type\": \"A\", \"ttl\": 60, \"records\": [{\"content\": \"203.0.113.99\", \"disabled\": false}]}")));

        ProviderException e = failure(() -> provider().apply(List.of(
                Change.replace(RecordSet.of(WWW, 60, "192.0.2.1"), RecordSet.of(WWW, 60, "198.51.100.2")))));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("serves [203.0.113.99]", "not the expected [192.0.2.1]", "re-read before writing");
        assertThat(stub.seen()).extracting(StubApi.Seen::method).containsOnly("GET");
    }

    @Test
    void unprocessableEntityIsInvalidAndCarriesPowerDnsReason() {
        stub.on("GET", ZONE_PATH, Reply.json(200, zone("")))
            .on("PATCH", ZONE_PATH, Reply.json(422, "{\"error\": \"RRset www.example.test. IN A: Conflicts with pre-existing RRset\"}"));

        ProviderException e = failure(() -> provider().apply(List.of(Change.create(RecordSet.of(WWW, 60, "192.0.2.1")))));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("RRset www.example.test. IN A: Conflicts with pre-existing RRset", "HTTP 422");
    }

    @Test
    void bodyThatIsNotJsonIsUnavailable() {
        stub.otherwise(Reply.text(200, "<html>welcome to nginx</html>"));

        ProviderException e = failure(() -> provider().read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("not PowerDNS JSON", "check that endpoint is the PowerDNS webserver");
    }

    @Test
    void serverErrorIsTransientWithTheRetryHint() {
        stub.otherwise(Reply.json(500, "{\"error\": \"database is locked\"}").with("Retry-After", "7"));

        ProviderException e = failure(() -> provider().read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.getMessage()).contains("HTTP 500", "database is locked");
    }

    @Test
    void tooManyRequestsIsRateLimited() {
        stub.otherwise(Reply.text(429, "slow down").with("Retry-After", "3"));

        ProviderException e = failure(() -> provider().read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void unauthorizedIsAuthWithoutTheKey() {
        stub.otherwise(Reply.text(401, "Unauthorized"));

        ProviderException e = failure(() -> provider().read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).isEqualTo("provider 'pdns1': PowerDNS at " + stub.url()
                + " rejected the API key: check apiKey (the api-key in pdns.conf)");
    }

    @Test
    void notFoundWithAKnownServerIsAMissingZone() {
        stub.on("GET", "/api/v1/servers/localhost", Reply.json(200, "{\"id\": \"localhost\"}"));

        ProviderException e = failure(() -> provider().read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("provider 'pdns1': zone example.test does not exist on PowerDNS server localhost at "
                + stub.url() + ": create it, or fix record.zone");
    }

    @Test
    void notFoundWithAnUnknownServerNamesServerId() {
        ProviderException e = failure(() -> provider().read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("has no server 'localhost'", "check serverId");
    }

    @Test
    void redirectIsNotFollowedSoTheKeyStaysHere() {
        try (StubApi elsewhere = new StubApi()) {
            stub.otherwise(Reply.text(302, "").with("Location", elsewhere.url() + ZONE_PATH));

            ProviderException e = failure(() -> provider().read(WWW));

            assertThat(e.kind()).isEqualTo(Kind.INVALID);
            assertThat(e.getMessage()).contains("redirected", elsewhere.url());
            assertThat(elsewhere.seen()).isEmpty();
        }
    }

    @Test
    void stalledServerIsUnavailableAfterTheTimeout() {
        stub.otherwise(Reply.stalled());

        ProviderException e = failure(() -> provider().read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("did not answer within 500 ms");
    }

    @Test
    void closedPortIsUnavailableAndTransient() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            port = socket.getLocalPort();
        }

        ProviderException e = failure(() -> provider("http://127.0.0.1:" + port).read(WWW));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("could not connect to PowerDNS at http://127.0.0.1:" + port);
    }

    @Test
    void endpointWithAPathKeepsItBeforeTheApiPath() {
        stub.otherwise(Reply.json(200, zone("")));

        assertThat(provider(stub.url() + "/pdns/").read(WWW)).isEmpty();

        assertThat(stub.seen().get(0).path()).isEqualTo("/pdns" + ZONE_PATH);
    }

    @Test
    void liveValueTheModelCannotHoldIsInvalid() {
        RecordKey alias = new RecordKey("example.test", "alias.example.test", RecordType.CNAME);
        stub.otherwise(Reply.json(200, zone("{\"name\": \"alias.example.test.\", \"type\": \"CNAME\", \"ttl\": 60,"
                + " \"records\": [{\"content\": \"localhost.\", \"disabled\": false}]}")));

        ProviderException e = failure(() -> provider().read(alias));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("cannot manage", "localhost.");
    }

    @Test
    void anameIsRefusedBeforeAnyRequest() {
        RecordKey apex = new RecordKey("example.test", "example.test", RecordType.ANAME);

        ProviderException e = failure(() -> provider().read(apex));

        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(stub.seen()).isEmpty();
    }

    @Test
    void toStringShowsNoKey() {
        assertThat(provider().toString()).contains("pdns1", stub.url()).doesNotContain(KEY);
    }
}
