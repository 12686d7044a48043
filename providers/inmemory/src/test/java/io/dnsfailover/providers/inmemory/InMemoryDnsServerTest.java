package io.dnsfailover.providers.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Real DNS queries (dnsjava's resolver, and raw packets where the resolver would hide the wire) against serveDns. */
class InMemoryDnsServerTest {

    private static final String ZONE = "demo.test";
    private static final int TIMEOUT_MILLIS = 5000;

    private final InMemoryProvider provider = InMemoryProviderFactory.isolated();
    private InetSocketAddress dns;

    @BeforeEach
    void serve() throws IOException {
        provider.serveDns(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), "test");
        dns = provider.dnsAddress().orElseThrow();
    }

    @AfterEach
    void stop() {
        provider.close();
    }

    @Test
    void answersAnASetOverUdpWithItsTtlAndTheAuthoritativeFlag() throws IOException {
        put(RecordType.A, "www.demo.test", 60, "192.0.2.10", "192.0.2.11");

        Message response = ask("www.demo.test", Type.A, false);

        assertThat(Rcode.string(response.getRcode())).isEqualTo("NOERROR");
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(answers(response)).containsExactlyInAnyOrder("A 60 192.0.2.10", "A 60 192.0.2.11");
    }

    @Test
    void answersOverTcp() throws IOException {
        put(RecordType.A, "www.demo.test", 300, "192.0.2.10");

        Message response = ask("www.demo.test", Type.A, true);

        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(answers(response)).containsExactly("A 300 192.0.2.10");
    }

    @Test
    void answersSeveralLengthFramedQueriesOnOneTcpConnection() throws IOException {
        put(RecordType.A, "www.demo.test", 60, "192.0.2.10");
        put(RecordType.AAAA, "www.demo.test", 60, "2001:db8::10");

        try (Socket socket = new Socket(dns.getAddress(), dns.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Message query = query("www.demo.test", type);
                byte[] wire = query.toWire();
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
                byte[] reply = new byte[in.readUnsignedShort()];
                in.readFully(reply);
                Message response = new Message(reply);
                assertThat(response.getHeader().getID()).isEqualTo(query.getHeader().getID());
                assertThat(response.getSection(Section.ANSWER)).singleElement()
                        .satisfies(r -> assertThat(r.getType()).isEqualTo(type));
            }
        }
    }

    @Test
    void answersTheNewValueAfterAnApplyReplacesIt() throws IOException {
        RecordSet before = put(RecordType.A, "www.demo.test", 60, "192.0.2.10");
        assertThat(answers(ask("www.demo.test", Type.A, false))).containsExactly("A 60 192.0.2.10");

        provider.apply(List.of(Change.replace(before, RecordSet.of(before.key(), 30, "198.51.100.20"))));

        assertThat(answers(ask("www.demo.test", Type.A, false))).containsExactly("A 30 198.51.100.20");
    }

    @Test
    void answersNxdomainWithTheZoneSoaForAnAbsentName() throws IOException {
        put(RecordType.A, "www.demo.test", 60, "192.0.2.10");

        Message response = ask("nope.demo.test", Type.A, false);

        assertThat(Rcode.string(response.getRcode())).isEqualTo("NXDOMAIN");
        assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(response.getSection(Section.ANSWER)).isEmpty();
        assertThat(response.getSection(Section.AUTHORITY)).singleElement()
                .satisfies(r -> assertThat(r.getName()).isEqualTo(Name.fromString("demo.test.")))
                .satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
    }

    @Test
    void answersNodataWhenTheNameHoldsOnlyOtherTypes() throws IOException {
        put(RecordType.A, "www.demo.test", 60, "192.0.2.10");

        Message response = ask("www.demo.test", Type.AAAA, false);

        assertThat(Rcode.string(response.getRcode())).isEqualTo("NOERROR");
        assertThat(response.getSection(Section.ANSWER)).isEmpty();
        assertThat(response.getSection(Section.AUTHORITY)).singleElement()
                .satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
    }

    @Test
    void answersNodataAtTheApexAndAtNamesThatOnlyHaveNamesBelowThem() throws IOException {
        put(RecordType.A, "www.eu.demo.test", 60, "192.0.2.10");

        assertThat(Rcode.string(ask("eu.demo.test", Type.A, false).getRcode())).isEqualTo("NOERROR");
        assertThat(Rcode.string(ask("demo.test", Type.A, false).getRcode())).isEqualTo("NOERROR");
        assertThat(Rcode.string(ask("us.demo.test", Type.A, false).getRcode())).isEqualTo("NXDOMAIN");
    }

    @Test
    void refusesNamesOutsideItsZones() throws IOException {
        put(RecordType.A, "www.demo.test", 60, "192.0.2.10");

        Message response = ask("www.example.com", Type.A, false);

        assertThat(Rcode.string(response.getRcode())).isEqualTo("REFUSED");
        assertThat(response.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(response.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void answersTheCnameToAnAQueryAtAnAlias() throws IOException {
        put(RecordType.CNAME, "shop.demo.test", 120, "www.demo.test");

        Message response = ask("shop.demo.test", Type.A, false);

        assertThat(Rcode.string(response.getRcode())).isEqualTo("NOERROR");
        assertThat(answers(response)).containsExactly("CNAME 120 www.demo.test.");
    }

    @Test
    void answersAnAaaaSet() throws IOException {
        put(RecordType.AAAA, "www.demo.test", 60, "2001:db8::10");

        assertThat(ask("www.demo.test", Type.AAAA, false).getSection(Section.ANSWER)).singleElement()
                .isInstanceOfSatisfying(AAAARecord.class, r -> {
                    assertThat(r.getTTL()).isEqualTo(60);
                    assertThat(r.getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:10");
                });
    }

    @Test
    void answersAnANameNameWithAnEmptyAnswerBecauseFlatteningIsOutOfScope() throws IOException {
        put(RecordType.ANAME, "demo.test", 60, "lb.example.net");

        Message response = ask("demo.test", Type.A, false);

        assertThat(Rcode.string(response.getRcode())).isEqualTo("NOERROR");
        assertThat(response.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void answersTheSoaAtTheApexWithTheWriteCountAsSerial() throws IOException {
        put(RecordType.A, "www.demo.test", 60, "192.0.2.10");
        put(RecordType.A, "api.demo.test", 60, "192.0.2.11");

        Message response = ask("demo.test", Type.SOA, false);

        assertThat(response.getSection(Section.ANSWER)).singleElement()
                .isInstanceOfSatisfying(SOARecord.class, soa -> assertThat(soa.getSerial()).isEqualTo(2));
    }

    @Test
    void keepsAnsweringAfterGarbage() throws IOException {
        put(RecordType.A, "www.demo.test", 60, "192.0.2.10");
        byte[] headerThenJunk = {(byte) 0xbe, (byte) 0xef, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0x7f, (byte) 0xff, 0x03};

        try (DatagramSocket socket = new DatagramSocket(0, dns.getAddress())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            send(socket, new byte[] {1, 2, 3, 4, 5});
            send(socket, headerThenJunk);
            Message formErr = new Message(receive(socket));
            assertThat(formErr.getHeader().getID()).isEqualTo(0xbeef);
            assertThat(Rcode.string(formErr.getRcode())).isEqualTo("FORMERR");
        }

        assertThat(answers(ask("www.demo.test", Type.A, false))).containsExactly("A 60 192.0.2.10");
    }

    @Test
    void truncatesAnUdpAnswerOver512BytesWhenTheClientHasNoEdns() throws IOException {
        List<String> forty = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            forty.add("192.0.2." + i);
        }
        put(RecordType.A, "big.demo.test", 60, forty.toArray(String[]::new));

        byte[] reply;
        try (DatagramSocket socket = new DatagramSocket(0, dns.getAddress())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            send(socket, query("big.demo.test", Type.A).toWire());
            reply = receive(socket);
        }
        assertThat(reply.length).isLessThanOrEqualTo(512);
        assertThat(new Message(reply).getHeader().getFlag(Flags.TC)).isTrue();

        SimpleResolver withEdns = resolver(false);
        withEdns.setIgnoreTruncation(true);
        Message overUdp = withEdns.send(query("big.demo.test", Type.A));
        assertThat(overUdp.getHeader().getFlag(Flags.TC)).as("fits the EDNS payload").isFalse();
        assertThat(overUdp.getSection(Section.ANSWER)).hasSize(40);

        SimpleResolver plain = resolver(false);
        plain.setEDNS(-1, 0, 0, List.of());
        assertThat(plain.send(query("big.demo.test", Type.A)).getSection(Section.ANSWER))
                .as("the resolver retries over TCP after TC").hasSize(40);
    }

    private RecordSet put(RecordType type, String name, int ttl, String... values) {
        RecordSet set = RecordSet.of(new RecordKey(ZONE, name, type), ttl, values);
        provider.apply(List.of(Change.create(set)));
        return set;
    }

    private Message ask(String name, int type, boolean tcp) throws IOException {
        return resolver(tcp).send(query(name, type));
    }

    private SimpleResolver resolver(boolean tcp) {
        SimpleResolver resolver = new SimpleResolver(dns);
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofMillis(TIMEOUT_MILLIS));
        return resolver;
    }

    private static Message query(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN));
    }

    private void send(DatagramSocket socket, byte[] packet) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, dns));
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    /** Each answer as "TYPE TTL RDATA", the way dig prints it. */
    private static List<String> answers(Message response) {
        return response.getSection(Section.ANSWER).stream()
                .map(r -> Type.string(r.getType()) + " " + r.getTTL() + " " + r.rdataToString()).toList();
    }
}
