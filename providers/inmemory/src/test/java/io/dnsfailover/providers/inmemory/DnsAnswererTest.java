package io.dnsfailover.providers.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The answers themselves, without sockets: the odd queries a listener must survive. */
class DnsAnswererTest {

    private static final RecordSet WWW = RecordSet.of(new RecordKey("demo.test", "www.demo.test", RecordType.A), 60, "192.0.2.10");

    private final DnsAnswerer answerer = new DnsAnswerer(() -> new DnsAnswerer.Snapshot(List.of(WWW), 1));

    @Test
    void answersCaseInsensitivelyAndEchoesTheNameAsAsked() throws IOException {
        Message response = answer(query("WWW.Demo.TEST.", Type.A, DClass.IN));

        assertThat(response.getSection(Section.ANSWER)).singleElement()
                .satisfies(r -> assertThat(r.getName().toString()).isEqualTo("WWW.Demo.TEST."));
    }

    @Test
    void copiesTheIdAndRecursionDesiredButNeverOffersRecursion() throws IOException {
        Message query = query("www.demo.test.", Type.A, DClass.IN);

        Message response = answer(query);

        assertThat(response.getHeader().getID()).isEqualTo(query.getHeader().getID());
        assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(response.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(response.getHeader().getFlag(Flags.RA)).isFalse();
    }

    @Test
    void answersEdnsOnlyToAnEdnsQuery() throws IOException {
        Message plain = query("www.demo.test.", Type.A, DClass.IN);
        Message edns = query("www.demo.test.", Type.A, DClass.IN);
        edns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);

        assertThat(answer(plain).getOPT()).isNull();
        assertThat(answer(edns).getOPT()).isNotNull()
                .satisfies(opt -> assertThat(opt.getPayloadSize()).isEqualTo(DnsAnswerer.EDNS_PAYLOAD));
    }

    @Test
    void answersBadVersionToAnEdnsVersionItDoesNotSpeak() throws IOException {
        Message query = query("www.demo.test.", Type.A, DClass.IN);
        query.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);

        Message response = answer(query);

        assertThat(Rcode.string(response.getRcode())).isEqualTo("BADVERS");
        assertThat(response.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void answersNotImplementedToAnUpdate() throws IOException {
        Message update = Message.newUpdate(Name.fromString("demo.test."));

        assertThat(Rcode.string(answer(update).getRcode())).isEqualTo("NOTIMP");
    }

    @Test
    void refusesAZoneTransfer() throws IOException {
        assertThat(Rcode.string(answer(query("demo.test.", Type.AXFR, DClass.IN)).getRcode())).isEqualTo("REFUSED");
    }

    @Test
    void refusesAClassOtherThanInternet() throws IOException {
        assertThat(Rcode.string(answer(query("www.demo.test.", Type.TXT, DClass.CH)).getRcode())).isEqualTo("REFUSED");
    }

    @Test
    void answersFormatErrorToTwoQuestions() throws IOException {
        Message query = query("www.demo.test.", Type.A, DClass.IN);
        query.addRecord(Record.newRecord(Name.fromString("api.demo.test."), Type.A, DClass.IN), Section.QUESTION);

        assertThat(Rcode.string(answer(query).getRcode())).isEqualTo("FORMERR");
    }

    @Test
    void neverAnswersAResponseOrAPacketShorterThanAHeader() throws IOException {
        Message response = answer(query("www.demo.test.", Type.A, DClass.IN));

        assertThat(answerer.answer(response.toWire(), DnsAnswerer.Transport.UDP)).isNull();
        assertThat(answerer.answer(new byte[] {0, 1, 2}, DnsAnswerer.Transport.UDP)).isNull();
    }

    @Test
    void answersServerFailureWhenTheRecordsCannotBeRead() throws IOException {
        DnsAnswerer broken = new DnsAnswerer(() -> {
            throw new IllegalStateException("boom");
        });

        byte[] reply = broken.answer(query("www.demo.test.", Type.A, DClass.IN).toWire(), DnsAnswerer.Transport.UDP);

        assertThat(Rcode.string(new Message(reply).getRcode())).isEqualTo("SERVFAIL");
    }

    private Message answer(Message query) throws IOException {
        return new Message(answerer.answer(query.toWire(), DnsAnswerer.Transport.UDP));
    }

    private static Message query(String name, int type, int dclass) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, dclass));
    }
}
