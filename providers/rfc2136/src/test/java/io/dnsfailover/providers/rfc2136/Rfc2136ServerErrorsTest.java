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
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What users see when the server says no, against a real BIND 9: each case asserts the kind, that the
 * sentence names what to fix, and that no TSIG secret (right or wrong) ever appears in a message.
 */
class Rfc2136ServerErrorsTest {

    private static final String ZONE = "errors.test";
    private static final String READ_ONLY_ZONE = "readonly.test";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private static BindServer bind;
    private static final List<String> SECRETS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBind() {
        bind = BindServer.start(ZONE, READ_ONLY_ZONE);
        SECRETS.add(bind.keySecret());
    }

    @AfterAll
    static void stopBind() {
        if (bind != null) {
            bind.close();
        }
    }

    @Test
    void aWrongSecretIsRejectedAsABadSignature() {
        String wrong = BindSettings.randomSecret();
        SECRETS.add(wrong);
        DnsProvider provider = create(BindSettings.signedWith(bind, bind.keyName(), wrong));
        RecordSet set = RecordSet.of(key("badsig", RecordType.A), 60, "192.0.2.10");

        ProviderException e = failure(() -> provider.apply(List.of(Change.create(set))));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("BADSIG", "tsigSecret does not match the key " + bind.keyName() + " on the server");
        assertNotServed(set.key());
    }

    @Test
    void aWrongSecretIsRejectedOnTheUpdateItself() {
        String wrong = BindSettings.randomSecret();
        SECRETS.add(wrong);
        Rfc2136Client client = client(new TsigKey(bind.keyName(), bind.keyAlgorithm(), wrong));
        RecordSet set = RecordSet.of(key("badsig-update", RecordType.A), 60, "192.0.2.10");

        ProviderException e = failure(() -> client.update(ZONE, Rfc2136Wire.update(ZONE, set.key(), List.of(), set), "x"));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("BADSIG", "tsigSecret does not match");
        assertNotServed(set.key());
    }

    @Test
    void aKeyTheServerDoesNotKnowIsReported() {
        DnsProvider provider = create(BindSettings.signedWith(bind, "no-such-key", bind.keySecret()));

        ProviderException e = failure(() -> provider.read(key("badkey", RecordType.A)));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("does not know key no-such-key", "BADKEY", "check tsigKeyName");
    }

    @Test
    void anUnsignedUpdateIsRefused() {
        DnsProvider provider = create(BindSettings.unsigned(bind));
        RecordSet set = RecordSet.of(key("unsigned", RecordType.A), 60, "192.0.2.10");

        ProviderException e = failure(() -> provider.apply(List.of(Change.create(set))));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("refused the unsigned update of zone " + ZONE, "set tsigKeyName and tsigSecret");
        assertNotServed(set.key());
    }

    @Test
    void anUpdateToAZoneThatGrantsNoKeyIsRefused() {
        DnsProvider provider = create(BindSettings.signed(bind));
        RecordSet set = RecordSet.of(new RecordKey(READ_ONLY_ZONE, "www." + READ_ONLY_ZONE, RecordType.A), 60, "192.0.2.10");

        ProviderException e = failure(() -> provider.apply(List.of(Change.create(set))));

        assertThat(e.kind()).isEqualTo(Kind.AUTH);
        assertThat(e.getMessage()).contains("refused the update of zone " + READ_ONLY_ZONE + " (www." + READ_ONLY_ZONE + " A)",
                "allow updates signed with key " + bind.keyName(), "its _dnsfailover marker");
    }

    @Test
    void readingAZoneTheServerDoesNotServeIsNotFound() {
        DnsProvider provider = create(BindSettings.signed(bind));

        // BIND answers REFUSED to a query outside its zones (recursion no)
        ProviderException e = failure(() -> provider.read(new RecordKey("elsewhere.test", "www.elsewhere.test", RecordType.A)));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("refused to answer for zone elsewhere.test", "point server at the zone's primary");
    }

    @Test
    void updatingAZoneTheServerDoesNotServeIsNotFound() {
        Rfc2136Client client = client(new TsigKey(bind.keyName(), bind.keyAlgorithm(), bind.keySecret()));
        RecordSet set = RecordSet.of(new RecordKey("elsewhere.test", "www.elsewhere.test", RecordType.A), 60, "192.0.2.10");

        // BIND answers NOTAUTH to an update of a zone it does not serve
        ProviderException e = failure(() -> client.update("elsewhere.test", Rfc2136Wire.update("elsewhere.test", set.key(), List.of(), set), "x"));

        assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
        assertThat(e.getMessage()).contains("is not authoritative for zone elsewhere.test", "point server at the zone's primary");
    }

    @Test
    void aClosedPortIsTransientlyUnavailable() throws IOException {
        Map<String, String> values = new HashMap<>(BindSettings.signed(bind).values());
        values.put("port", Integer.toString(closedPort()));
        DnsProvider provider = create(new ProviderSettings("closed", values));

        ProviderException e = failure(() -> provider.read(key("closed", RecordType.A)));

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("server 127.0.0.1:", "check that the server runs");
    }

    @Test
    void aStalePrerequisiteIsAConflictAndWritesNothing() {
        DnsProvider provider = create(BindSettings.signed(bind));
        Rfc2136Client client = client(new TsigKey(bind.keyName(), bind.keyAlgorithm(), bind.keySecret()));
        RecordSet read = RecordSet.of(key("race", RecordType.A), 60, "192.0.2.10");
        RecordSet byOther = RecordSet.of(read.key(), 60, "203.0.113.99");
        RecordSet wanted = RecordSet.of(read.key(), 60, "198.51.100.20");
        provider.apply(List.of(Change.create(read)));
        // someone else writes between our read and our write
        provider.apply(List.of(Change.replace(read, byOther)));

        ProviderException e = failure(() -> client.update(ZONE, Rfc2136Wire.update(ZONE, read.key(), Rfc2136Wire.records(read, read.ttl()), wanted), read.key().toString()));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("changed between read and write", "NXRRSET", "re-read");
        assertThat(DnsQuery.ask(bind.dnsAddress(), read.key().name(), RecordType.A).values()).containsExactly("203.0.113.99");
    }

    @Test
    void aStaleTxtPrerequisiteIsAConflictAndWritesNothing() {
        DnsProvider provider = create(BindSettings.signed(bind));
        Rfc2136Client client = client(new TsigKey(bind.keyName(), bind.keyAlgorithm(), bind.keySecret()));
        RecordKey marker = new RecordKey(ZONE, "_dnsfailover." + key("www", RecordType.A).name(), RecordType.TXT);
        RecordSet read = RecordSet.of(marker, 60, "heritage=dnsfailover,owner=team \"a\" \\ web1");
        RecordSet byOther = RecordSet.of(marker, 60, "heritage=dnsfailover,owner=web2");
        RecordSet wanted = RecordSet.of(marker, 60, "heritage=dnsfailover,owner=web3");
        provider.apply(List.of(Change.create(read)));
        // our read: the records the prerequisite is made of
        List<org.xbill.DNS.Record> records = Rfc2136Wire.rrset(marker,
                client.query(ZONE, Rfc2136Wire.name(marker.name()), Rfc2136Wire.type(RecordType.TXT)));
        assertThat(Rfc2136Wire.recordSet(marker, records)).contains(read);
        // someone else writes between our read and our write
        provider.apply(List.of(Change.replace(read, byOther)));

        ProviderException e = failure(() -> client.update(ZONE, Rfc2136Wire.update(ZONE, marker, records, wanted), marker.toString()));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains(marker.toString(), "changed between read and write", "NXRRSET", "re-read");
        assertThat(DnsQuery.ask(bind.dnsAddress(), marker.name(), RecordType.TXT).values())
                .containsExactly("heritage=dnsfailover,owner=web2");
    }

    @Test
    void aCreateWhereASetAppearedMeanwhileIsAConflict() {
        DnsProvider provider = create(BindSettings.signed(bind));
        Rfc2136Client client = client(new TsigKey(bind.keyName(), bind.keyAlgorithm(), bind.keySecret()));
        RecordSet byOther = RecordSet.of(key("race-create", RecordType.A), 60, "203.0.113.99");
        provider.apply(List.of(Change.create(byOther)));
        RecordSet wanted = RecordSet.of(byOther.key(), 60, "198.51.100.20");

        ProviderException e = failure(() -> client.update(ZONE, Rfc2136Wire.update(ZONE, wanted.key(), List.of(), wanted), wanted.key().toString()));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("YXRRSET", "changed between read and write");
        assertThat(DnsQuery.ask(bind.dnsAddress(), wanted.key().name(), RecordType.A).values()).containsExactly("203.0.113.99");
    }

    private static ProviderException failure(ThrowingCallable call) {
        ProviderException e = catchThrowableOfType(ProviderException.class, call);
        assertThat(e).as("expected a ProviderException").isNotNull();
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (String secret : SECRETS) {
                assertThat(String.valueOf(t.getMessage())).as("message of " + t.getClass().getSimpleName()).doesNotContain(secret);
                assertThat(t.toString()).doesNotContain(secret);
            }
        }
        return e;
    }

    private static DnsProvider create(ProviderSettings settings) {
        DnsProvider provider = new Rfc2136ProviderFactory().create(settings);
        for (String secret : SECRETS) {
            assertThat(provider.toString()).doesNotContain(secret);
        }
        return provider;
    }

    private static Rfc2136Client client(TsigKey key) {
        return new Rfc2136Client("127.0.0.1", bind.dnsAddress().getPort(), key, Duration.ofSeconds(5));
    }

    private static RecordKey key(String label, RecordType type) {
        return new RecordKey(ZONE, label + "-" + NAMES.incrementAndGet() + "." + ZONE, type);
    }

    private static void assertNotServed(RecordKey key) {
        assertThat(DnsQuery.ask(bind.dnsAddress(), key.name(), key.type()).values()).as("served for " + key).isEmpty();
    }

    /** A loopback port nobody listens on (free for UDP and TCP a moment ago). */
    private static int closedPort() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket tcp = new ServerSocket(0, 1, loopback);
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, tcp.getLocalPort()))) {
            return udp.getLocalPort();
        }
    }
}
