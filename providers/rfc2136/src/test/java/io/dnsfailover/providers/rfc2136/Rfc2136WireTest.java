package io.dnsfailover.providers.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The messages on the wire and the classification of answers a real BIND does not give on demand,
 * against a scripted loopback server.
 */
class Rfc2136WireTest {

    private static final String ZONE = "example.test";
    private static final RecordKey WWW = new RecordKey(ZONE, "www." + ZONE, RecordType.A);
    private static final RecordKey MARKER = new RecordKey(ZONE, "_dnsfailover.www." + ZONE, RecordType.TXT);
    private static final String SECRET = BindSettings.randomSecret();

    @Test
    void aQueryAsksWithoutRecursionAndIsSigned() throws Exception {
        try (FakeDnsServer server = FakeDnsServer.start(q -> FakeDnsServer.reply(q, Rcode.NXDOMAIN, true))) {
            failure(() -> provider(server, key()).read(WWW));

            Message query = server.received().get(0);
            assertThat(query.getHeader().getOpcode()).isEqualTo(Opcode.QUERY);
            assertThat(query.getHeader().getFlag(Flags.RD)).as("recursion desired").isFalse();
            assertThat(query.getQuestion().getName().toString()).isEqualTo("www.example.test.");
            assertThat(query.getQuestion().getType()).isEqualTo(Type.A);
            assertThat(query.getTSIG()).as("TSIG record").isNotNull();
            assertThat(query.getTSIG().getName().toString()).isEqualTo("dnsfailover-key.");
        }
    }

    @Test
    void aReplaceIsOneUpdateConditionalOnEveryValueRead() throws Exception {
        RecordSet read = RecordSet.of(WWW, 60, "192.0.2.1", "192.0.2.2");
        RecordSet wanted = RecordSet.of(WWW, 30, "198.51.100.20");
        try (FakeDnsServer server = FakeDnsServer.start(answering(read))) {
            // the read-back still sees the old set, so apply fails after sending: the update is what we look at
            failure(() -> provider(server, null).apply(List.of(Change.replace(read, wanted))));

            Message update = server.received().stream().filter(m -> m.getHeader().getOpcode() == Opcode.UPDATE).findFirst().orElseThrow();
            assertThat(update.getQuestion().getName().toString()).as("zone").isEqualTo("example.test.");
            assertThat(update.getQuestion().getType()).isEqualTo(Type.SOA);
            // RRset exists (value dependent): class IN, TTL 0, every value read (RFC 2136 §2.4.2)
            assertThat(update.getSection(Section.PREREQ)).extracting(Rfc2136WireTest::describe)
                    .containsExactlyInAnyOrder("www.example.test. IN A 0 192.0.2.1", "www.example.test. IN A 0 192.0.2.2");
            // delete the RRset (class ANY), then add the desired records
            assertThat(update.getSection(Section.UPDATE)).extracting(Rfc2136WireTest::describe)
                    .containsExactly("www.example.test. ANY A 0 ", "www.example.test. IN A 30 198.51.100.20");
        }
    }

    @Test
    void aCreateIsConditionalOnTheSetBeingAbsent() throws Exception {
        try (FakeDnsServer server = FakeDnsServer.start(q -> FakeDnsServer.reply(q, Rcode.NXDOMAIN, true))) {
            failure(() -> provider(server, null).apply(List.of(Change.create(RecordSet.of(WWW, 60, "192.0.2.1")))));

            Message update = server.received().stream().filter(m -> m.getHeader().getOpcode() == Opcode.UPDATE).findFirst().orElseThrow();
            Record prerequisite = update.getSection(Section.PREREQ).get(0);
            assertThat(update.getSection(Section.PREREQ)).hasSize(1);
            assertThat(prerequisite.getDClass()).as("class NONE: RRset does not exist").isEqualTo(DClass.NONE);
            assertThat(prerequisite.getType()).isEqualTo(Type.A);
        }
    }

    @Test
    void aTxtRecordHoldsTheTextAsItIsWithItsQuotesAndBackslashes() {
        RecordSet set = RecordSet.of(MARKER, 60, "owner=team \"b\" \\ web2");

        TXTRecord txt = (TXTRecord) Rfc2136Wire.records(set, 60).get(0);

        assertThat(txt.getStringsAsByteArrays()).containsExactly("owner=team \"b\" \\ web2".getBytes(StandardCharsets.UTF_8));
        assertThat(txt.rdataToString()).isEqualTo("\"owner=team \\\"b\\\" \\\\ web2\"");
    }

    @Test
    void aTxtOver255BytesIsSplitIntoStringsOfAtMost255BytesNeverInsideACharacter() {
        String text = "x".repeat(254) + "ü" + "y".repeat(300);

        TXTRecord txt = (TXTRecord) Rfc2136Wire.records(RecordSet.of(MARKER, 60, text), 60).get(0);

        assertThat(txt.getStringsAsByteArrays()).extracting(b -> b.length).containsExactly(254, 255, 47);
        assertThat(new String(txt.getStringsAsByteArrays().get(1), StandardCharsets.UTF_8)).startsWith("ü");
        assertThat(Rfc2136Wire.text(txt)).isEqualTo(text);
    }

    @Test
    void aTxtIsReadAsItsStringsJoinedAsUtf8() throws Exception {
        Record split = new TXTRecord(Rfc2136Wire.name(MARKER.name()), DClass.IN, 60, List.of("heritage=dnsfailover,", "owner=gr\\195\\188n"));
        try (FakeDnsServer server = FakeDnsServer.start(answering(split))) {
            assertThat(provider(server, null).read(MARKER)).contains(RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=grün"));
        }
    }

    @Test
    void aTxtReplaceIsConditionalOnTheStringsAsReadNotAsWeWouldSplitThem() throws Exception {
        Record split = new TXTRecord(Rfc2136Wire.name(MARKER.name()), DClass.IN, 60, List.of("heritage=dnsfailover,", "owner=web1"));
        RecordSet read = RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web1");
        RecordSet wanted = RecordSet.of(MARKER, 60, "heritage=dnsfailover,owner=web2");
        try (FakeDnsServer server = FakeDnsServer.start(answering(split))) {
            // the read-back still sees the old set, so apply fails after sending: the update is what we look at
            failure(() -> provider(server, null).apply(List.of(Change.replace(read, wanted))));

            Message update = server.received().stream().filter(m -> m.getHeader().getOpcode() == Opcode.UPDATE).findFirst().orElseThrow();
            assertThat(update.getSection(Section.PREREQ)).extracting(Rfc2136WireTest::describe)
                    .containsExactly("_dnsfailover.www.example.test. IN TXT 0 \"heritage=dnsfailover,\" \"owner=web1\"");
            assertThat(update.getSection(Section.UPDATE)).extracting(Rfc2136WireTest::describe)
                    .containsExactly("_dnsfailover.www.example.test. ANY TXT 0 ",
                            "_dnsfailover.www.example.test. IN TXT 60 \"heritage=dnsfailover,owner=web2\"");
        }
    }

    @Test
    void servfailIsTransient() throws Exception {
        try (FakeDnsServer server = FakeDnsServer.start(q -> FakeDnsServer.reply(q, Rcode.SERVFAIL, false))) {
            ProviderException e = failure(() -> provider(server, null).read(WWW));
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).contains("SERVFAIL", "see the server's log");
        }
    }

    @Test
    void formerrOnAnUpdateIsInvalid() throws Exception {
        try (FakeDnsServer server = FakeDnsServer.start(updatesAnswer(Rcode.FORMERR))) {
            ProviderException e = failure(() -> provider(server, null).apply(List.of(Change.create(RecordSet.of(WWW, 60, "192.0.2.1")))));
            assertThat(e.kind()).isEqualTo(Kind.INVALID);
            assertThat(e.getMessage()).contains("FORMERR");
        }
    }

    @Test
    void notzoneOnAnUpdateIsInvalid() throws Exception {
        try (FakeDnsServer server = FakeDnsServer.start(updatesAnswer(Rcode.NOTZONE))) {
            ProviderException e = failure(() -> provider(server, null).apply(List.of(Change.create(RecordSet.of(WWW, 60, "192.0.2.1")))));
            assertThat(e.kind()).isEqualTo(Kind.INVALID);
            assertThat(e.getMessage()).contains("is not inside zone example.test");
        }
    }

    @Test
    void aNonAuthoritativeAnswerIsNotTakenForTheZone() throws Exception {
        try (FakeDnsServer server = FakeDnsServer.start(q -> FakeDnsServer.reply(q, Rcode.NOERROR, false))) {
            ProviderException e = failure(() -> provider(server, null).read(WWW));
            assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
            assertThat(e.getMessage()).contains("is not authoritative for zone example.test", "point server at the zone's primary");
        }
    }

    @Test
    void anUnsignedAnswerToASignedQueryIsRejected() throws Exception {
        try (FakeDnsServer server = FakeDnsServer.start(q -> FakeDnsServer.reply(q, Rcode.NXDOMAIN, true))) {
            ProviderException e = failure(() -> provider(server, key()).read(WWW));
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e.getMessage()).contains("is not signed with key dnsfailover-key");
        }
    }

    @Test
    void aSilentServerTimesOutTransiently() throws Exception {
        try (FakeDnsServer server = FakeDnsServer.start(q -> null)) {
            ProviderException e = failure(() -> provider(server, null).read(WWW));
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("no answer from server 127.0.0.1:" + server.port() + " within 1 s");
        }
    }

    private static String describe(Record r) {
        return r.getName() + " " + DClass.string(r.getDClass()) + " " + Type.string(r.getType()) + " " + r.getTTL() + " " + r.rdataToString();
    }

    private static Function<Message, Message> answering(RecordSet set) {
        return answering(Rfc2136Wire.records(set, set.ttl()).toArray(Record[]::new));
    }

    private static Function<Message, Message> answering(Record... records) {
        return q -> {
            Message response = FakeDnsServer.reply(q, Rcode.NOERROR, true);
            if (q.getHeader().getOpcode() == Opcode.QUERY) {
                for (Record r : records) {
                    response.addRecord(r, Section.ANSWER);
                }
            }
            return response;
        };
    }

    /** Queries find nothing; updates get {@code rcode}. */
    private static Function<Message, Message> updatesAnswer(int rcode) {
        return q -> q.getHeader().getOpcode() == Opcode.UPDATE
                ? FakeDnsServer.reply(q, rcode, false)
                : FakeDnsServer.reply(q, Rcode.NXDOMAIN, true);
    }

    private static TsigKey key() {
        return new TsigKey("dnsfailover-key", "hmac-sha256", SECRET);
    }

    private static DnsProvider provider(FakeDnsServer server, TsigKey key) {
        return new Rfc2136Provider(new Rfc2136Client("127.0.0.1", server.port(), key, Duration.ofSeconds(1)));
    }

    private static ProviderException failure(ThrowingCallable call) {
        ProviderException e = catchThrowableOfType(ProviderException.class, call);
        assertThat(e).as("expected a ProviderException").isNotNull();
        assertThat(e.getMessage()).doesNotContain(SECRET);
        return e;
    }
}
