package io.dnsfailover.providers.rfc2136;

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
import io.dnsfailover.providers.testkit.BindServer;
import io.dnsfailover.providers.testkit.DnsQuery;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Update;

/** RFC 2136 specifics beyond the shared contract, against a real BIND 9. */
class Rfc2136ProviderBindTest {

    private static final String ZONE = "behaviour.test";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static BindServer bind;
    private static DnsProvider provider;

    @BeforeAll
    static void startBind() {
        bind = BindServer.start(ZONE);
        provider = new Rfc2136ProviderFactory().create(BindSettings.signed(bind));
    }

    @AfterAll
    static void stopBind() {
        if (bind != null) {
            bind.close();
        }
    }

    @Test
    void readingAnAliasAsAddressesIgnoresTheTargetsRecords() {
        // ns1.<zone> has A 127.0.0.1 in the zone file, so BIND chases the alias within the zone
        RecordSet alias = RecordSet.of(key("alias", RecordType.CNAME), 60, "ns1." + ZONE);
        provider.apply(List.of(Change.create(alias)));
        RecordKey asAddress = new RecordKey(ZONE, alias.key().name(), RecordType.A);

        assertThat(DnsQuery.ask(bind.dnsAddress(), asAddress.name(), RecordType.A).values())
                .as("the server's answer holds the target's address").containsExactly("127.0.0.1");
        assertThat(provider.read(asAddress)).as("but the alias owns no A records").isEmpty();
        assertThat(provider.read(alias.key())).contains(alias);
    }

    @Test
    void aCnameNextToOtherRecordsIsReportedNotSilentlyLost() {
        RecordSet address = RecordSet.of(key("crowded", RecordType.A), 60, "192.0.2.10");
        provider.apply(List.of(Change.create(address)));
        RecordSet alias = RecordSet.of(new RecordKey(ZONE, address.key().name(), RecordType.CNAME), 60, "backup.example.net");

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.apply(List.of(Change.create(alias))));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("accepted the update", "a CNAME cannot share its name with other records");
        assertThat(provider.read(address.key())).contains(address);
    }

    @Test
    void keepsATtlOfZero() {
        RecordSet set = RecordSet.of(key("ttl0", RecordType.A), 0, "192.0.2.10");
        provider.apply(List.of(Change.create(set)));

        assertThat(provider.read(set.key())).contains(set);
        assertThat(DnsQuery.ask(bind.dnsAddress(), set.key().name(), RecordType.A).ttl()).isZero();
    }

    @Test
    void countsOnlyTheChangesItWrote() {
        RecordSet a = RecordSet.of(key("count-a", RecordType.A), 60, "192.0.2.10");
        RecordSet b = RecordSet.of(key("count-b", RecordType.A), 60, "192.0.2.11");
        provider.apply(List.of(Change.create(a)));

        assertThat(provider.apply(List.of(Change.create(a), Change.create(b))).changed()).isEqualTo(1);
        assertThat(provider.read(b.key())).contains(b);
    }

    @Test
    void reachesTheServerByHostName() {
        Map<String, String> values = new HashMap<>(BindSettings.signed(bind).values());
        values.put("server", "localhost");
        DnsProvider byName = new Rfc2136ProviderFactory().create(new ProviderSettings("by-name", values));
        RecordSet set = RecordSet.of(key("byname", RecordType.A), 60, "192.0.2.10");

        byName.apply(List.of(Change.create(set)));

        assertThat(provider.read(set.key())).contains(set);
    }

    @Test
    void aClockOffByMoreThanTheFudgeIsReported() {
        Clock anHourAhead = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        TsigKey skewed = new TsigKey(bind.keyName(), bind.keyAlgorithm(), bind.keySecret(), anHourAhead);
        DnsProvider late = new Rfc2136Provider(new Rfc2136Client("127.0.0.1", bind.dnsAddress().getPort(), skewed, Duration.ofSeconds(5)));

        ProviderException e = catchThrowableOfType(ProviderException.class, () -> late.read(key("skew", RecordType.A)));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("BADTIME", "clocks differ by more than the fudge: check NTP on both hosts")
                .doesNotContain(bind.keySecret());
    }

    @Test
    void replacesAMarkerSomeoneWroteAsSeveralStrings() {
        RecordKey marker = new RecordKey(ZONE, "_dnsfailover." + key("split", RecordType.A).name(), RecordType.TXT);
        Rfc2136Client client = new Rfc2136Client("127.0.0.1", bind.dnsAddress().getPort(),
                new TsigKey(bind.keyName(), bind.keyAlgorithm(), bind.keySecret()), Duration.ofSeconds(5));
        // as nsupdate would write: update add ... TXT "heritage=dnsfailover," "owner=web1"
        Update byHand = new Update(Rfc2136Wire.name(ZONE));
        byHand.add(new TXTRecord(Rfc2136Wire.name(marker.name()), DClass.IN, 60, List.of("heritage=dnsfailover,", "owner=web1")));
        client.update(ZONE, byHand, marker.toString());
        RecordSet theirs = RecordSet.of(marker, 60, "heritage=dnsfailover,owner=web1");
        RecordSet ours = RecordSet.of(marker, 60, "heritage=dnsfailover,owner=web2");
        assertThat(provider.read(marker)).contains(theirs);

        // the prerequisite holds the two strings as the server has them, so BIND finds it satisfied
        assertThat(provider.apply(List.of(Change.replace(theirs, ours))).changed()).isEqualTo(1);

        assertThat(provider.read(marker)).contains(ours);
    }

    @Test
    void writesATxtOver255BytesAsSeveralStringsAndReadsItBackWhole() {
        RecordKey marker = new RecordKey(ZONE, "_dnsfailover." + key("long", RecordType.A).name(), RecordType.TXT);
        RecordSet set = RecordSet.of(marker, 60, "heritage=dnsfailover,owner=" + "grün \"quoted\" \\ /".repeat(25));

        provider.apply(List.of(Change.create(set)));

        assertThat(provider.read(marker)).contains(set);
        assertThat(DnsQuery.ask(bind.dnsAddress(), marker.name(), RecordType.TXT).values()).containsExactlyElementsOf(set.values());
    }

    @Test
    void anAnameIsRefusedWithoutAskingTheServer() {
        ProviderException e = catchThrowableOfType(ProviderException.class,
                () -> provider.read(new RecordKey(ZONE, ZONE, RecordType.ANAME)));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.INVALID);
        assertThat(e.getMessage()).contains("no ANAME");
    }

    private static RecordKey key(String label, RecordType type) {
        return new RecordKey(ZONE, label + "-" + NAMES.incrementAndGet() + "." + ZONE, type);
    }
}
