package io.dnsfailover.providers.powerdns;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import io.dnsfailover.providers.http.AdapterHttp;
import io.dnsfailover.providers.testkit.PowerDnsServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read-compare-write race against a real PowerDNS 4.7: a person's API edit landing between the adapter's
 * read and its PATCH (played by a hook that runs just before the PATCH) is overwritten, since PowerDNS has no
 * conditional write, but reported in {@link ApplyResult#races()} wherever the zone's serial counts changes;
 * our own writes never are. One zone per soa_edit_api mode. Skipped (failed under CI=true) without pdns_server.
 */
class PowerDnsRaceTest {

    private static final List<String> MODES = List.of("DEFAULT", "INCREASE", "SOA-EDIT-INCREASE", "EPOCH", "");
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static PowerDnsServer server;

    private PowerDnsClient client;
    private PowerDnsProvider provider;

    @BeforeAll
    static void startServer() {
        server = PowerDnsServer.start();
        MODES.forEach(mode -> server.createZone(zone(mode), mode));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newProvider() {
        client = new PowerDnsClient("pdns-race", HttpUrl.get(server.apiUrl()), server.apiKey(), "localhost",
                AdapterHttp.client(Duration.ofSeconds(10)));
        provider = new PowerDnsProvider("pdns-race", client);
    }

    @AfterEach
    void closeProvider() {
        provider.close();
    }

    /** e.g. {@code soa-edit-increase.race.test}; {@code off.race.test} for the empty mode. */
    private static String zone(String mode) {
        return (mode.isEmpty() ? "off" : mode.toLowerCase(Locale.ROOT)) + ".race.test";
    }

    private static RecordKey key(String mode, String label, RecordType type) {
        return new RecordKey(zone(mode), label + "-" + NAMES.incrementAndGet() + "." + zone(mode), type);
    }

    /** Plays a person who sets {@code key} to 203.0.113.99 through the API just before our next PATCH, once. */
    private AtomicInteger editByHandBeforeOurPatch(RecordKey key) {
        AtomicInteger edits = new AtomicInteger();
        client.beforePatch(() -> {
            if (edits.getAndIncrement() == 0) {
                Operator.replaceA(server, key.zone(), key.name(), "203.0.113.99");
            }
        });
        return edits;
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEFAULT", "INCREASE", "SOA-EDIT-INCREASE"})
    void anEditBetweenOurReadAndOurWriteIsReportedWithWhatWeReadAndWrote(String mode) {
        RecordKey key = key(mode, "www", RecordType.A);
        RecordSet read = RecordSet.of(key, 60, "192.0.2.10");
        RecordSet wanted = RecordSet.of(key, 60, "198.51.100.20");
        provider.apply(List.of(Change.create(read)));
        long before = Operator.serial(server, key.zone());
        AtomicInteger edits = editByHandBeforeOurPatch(key);

        ApplyResult result = provider.apply(List.of(Change.replace(read, wanted)));

        long after = Operator.serial(server, key.zone());
        assertThat(edits).as("the person's edits").hasValue(1);
        assertThat(result.changed()).isEqualTo(1);
        assertThat(result.races()).singleElement().satisfies(race -> {
            assertThat(race.key()).isEqualTo(key);
            assertThat(race.read()).isEqualTo(read);
            assertThat(race.written()).isEqualTo(wanted);
            assertThat(race.evidence()).isEqualTo("read [192.0.2.10] (TTL 60) and wrote [198.51.100.20] (TTL 60), but the zone"
                    + " serial went from " + before + " to " + after + " between our read and our read-back, one change more"
                    + " than our write makes (soa_edit_api " + mode + "): if that change was to " + key
                    + ", our write replaced it");
        });
        // seen, not prevented: PowerDNS has no conditional write, so the person's value is gone
        assertThat(provider.read(key)).contains(wanted);
    }

    @Test
    void anEditOfTheOwnershipMarkerInTheWindowIsReportedToo() {
        RecordKey marker = new RecordKey(zone("DEFAULT"), "_dnsfailover." + key("DEFAULT", "www", RecordType.A).name(), RecordType.TXT);
        RecordSet ours = RecordSet.of(marker, 60, "heritage=dnsfailover,owner=web1");
        RecordSet theirs = RecordSet.of(marker, 60, "heritage=dnsfailover,owner=\"web 2\"");
        provider.apply(List.of(Change.create(ours)));
        client.beforePatch(() -> Operator.patch(server, marker.zone(), "{\"name\": \"" + marker.name() + ".\", \"type\": \"TXT\","
                + " \"ttl\": 60, \"changetype\": \"REPLACE\", \"records\": [{\"content\": \"\\\"heritage=dnsfailover,owner=web3\\\"\","
                + " \"disabled\": false}]}"));

        ApplyResult result = provider.apply(List.of(Change.replace(ours, theirs)));

        assertThat(result.races()).singleElement().satisfies(race -> {
            assertThat(race.read()).isEqualTo(ours);
            assertThat(race.written()).isEqualTo(theirs);
            assertThat(race.evidence()).startsWith("read [heritage=dnsfailover,owner=web1] (TTL 60) and wrote"
                    + " [heritage=dnsfailover,owner=\"web 2\"] (TTL 60), but the zone serial went from ")
                    .contains("one change more than our write makes (soa_edit_api DEFAULT)");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEFAULT", "INCREASE", "SOA-EDIT-INCREASE", "EPOCH", ""})
    void ourOwnWritesAreNeverReportedAsRaces(String mode) {
        RecordKey key = key(mode, "plain", RecordType.A);
        RecordKey marker = new RecordKey(key.zone(), "_dnsfailover." + key.name(), RecordType.TXT);
        RecordSet first = RecordSet.of(key, 300, "192.0.2.10");
        RecordSet mark = RecordSet.of(marker, 60, "heritage=dnsfailover,owner=web1");
        RecordSet second = RecordSet.of(key, 60, "198.51.100.20", "198.51.100.21");
        List<ApplyResult> results = new ArrayList<>();

        results.add(provider.apply(List.of(Change.create(mark), Change.create(first))));
        results.add(provider.apply(List.of(Change.replace(first, first.withTtl(60)))));
        results.add(provider.apply(List.of(Change.replace(first.withTtl(60), second))));
        results.add(provider.apply(List.of(Change.replace(second, second)))); // in place: no write at all
        results.add(provider.apply(List.of(Change.delete(second), Change.delete(mark))));

        assertThat(results).extracting(ApplyResult::changed).containsExactly(2, 1, 1, 0, 2);
        assertThat(results).flatExtracting(ApplyResult::races).isEmpty();
    }

    @Test
    void ourConcurrentWritesToOneZoneAreNotTakenForEachOthersRaces() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<List<ApplyResult.Race>>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                RecordKey key = key("INCREASE", "busy", RecordType.A);
                writers.add(pool.submit(() -> {
                    List<ApplyResult.Race> races = new ArrayList<>();
                    RecordSet live = RecordSet.of(key, 60, "192.0.2.0");
                    races.addAll(provider.apply(List.of(Change.create(live))).races());
                    for (int i = 1; i <= 8; i++) {
                        RecordSet next = RecordSet.of(key, 60, "192.0.2." + i);
                        races.addAll(provider.apply(List.of(Change.replace(live, next))).races());
                        live = next;
                    }
                    return races;
                }));
            }
            for (Future<List<ApplyResult.Race>> writer : writers) {
                assertThat(writer.get(60, TimeUnit.SECONDS)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The limit, stated: with soa_edit_api EPOCH (the serial is the second of the last change) or off (the
     * API never moves it), the serial cannot count the person's edit, so the race is neither stopped nor seen.
     */
    @ParameterizedTest
    @ValueSource(strings = {"EPOCH", ""})
    void anEditInTheWindowGoesUnseenWhereTheSerialCountsNoChanges(String mode) {
        RecordKey key = key(mode, "blind", RecordType.A);
        RecordSet read = RecordSet.of(key, 60, "192.0.2.10");
        RecordSet wanted = RecordSet.of(key, 60, "198.51.100.20");
        provider.apply(List.of(Change.create(read)));
        AtomicInteger edits = editByHandBeforeOurPatch(key);

        ApplyResult result = provider.apply(List.of(Change.replace(read, wanted)));

        assertThat(edits).hasValue(1);
        assertThat(result.races()).isEmpty();
        assertThat(provider.read(key)).contains(wanted);
    }
}
