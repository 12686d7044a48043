package io.dnsfailover.providers.inmemory;

import io.dnsfailover.providers.DnsNames;
import io.dnsfailover.providers.RecordSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Turns one DNS query (wire bytes) into the authoritative answer (wire bytes) from the provider's records
 * as they are at that moment. No sockets here, so every answer can be tested without a network.
 *
 * <p>The zones are the zones of the stored keys: a zone whose last record set is deleted is no longer
 * served. A CNAME is answered for any type asked at its name, without following it. ANAME record sets
 * are not served: flattening them into addresses needs a resolver, which is out of scope for a demo
 * provider, so an A or AAAA query at an ANAME name gets an empty NOERROR answer (NODATA).
 *
 * <p>Thread safe: it holds no state of its own.
 */
final class DnsAnswerer {

    /** The records to answer from and the SOA serial (the provider's write count, so it grows with each write). */
    record Snapshot(Collection<RecordSet> sets, long serial) {}

    /** How the query came: UDP answers are size-limited, TCP ones are not (beyond 64 KiB). */
    enum Transport { UDP, TCP }

    /** The UDP size every client accepts (RFC 1035). */
    static final int PLAIN_UDP_LIMIT = 512;
    /** The EDNS payload we advertise and honour at most: the size that avoids IP fragmentation (DNS Flag Day 2020). */
    static final int EDNS_PAYLOAD = 1232;

    private static final int TCP_LIMIT = 65535;

    private final Supplier<Snapshot> records;

    DnsAnswerer(Supplier<Snapshot> records) {
        this.records = records;
    }

    /**
     * The answer to {@code packet}, or {@code null} when the packet deserves none: shorter than a DNS
     * header, or itself a response (answering responses lets two servers loop).
     */
    byte[] answer(byte[] packet, Transport transport) {
        Message query;
        try {
            query = new Message(packet);
        } catch (IOException | RuntimeException e) {
            return formErr(packet);
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            return null;
        }
        Message response;
        try {
            response = respond(query);
        } catch (RuntimeException e) {
            // a bug in one answer must cost that answer, not the listener
            response = reply(query, Rcode.SERVFAIL);
        }
        return toWire(query, response, limit(query, transport));
    }

    private Message respond(Message query) {
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return reply(query, Rcode.NOTIMP);
        }
        if (query.getOPT() != null && query.getOPT().getVersion() > 0) {
            // RFC 6891 §6.1.3: we speak EDNS version 0 only; the client may retry with it
            return reply(query, Rcode.BADVERS);
        }
        if (query.getHeader().getCount(Section.QUESTION) != 1) {
            return reply(query, Rcode.FORMERR);
        }
        Record question = query.getQuestion();
        int qtype = question.getType();
        if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY
                || qtype == Type.AXFR || qtype == Type.IXFR) {
            return reply(query, Rcode.REFUSED);
        }
        Snapshot snapshot = records.get();
        String name = DnsNames.normalise(question.getName().toString());
        Optional<String> zone = zoneOf(name, snapshot.sets());
        if (zone.isEmpty()) {
            return reply(query, Rcode.REFUSED);
        }
        Message response = reply(query, Rcode.NOERROR);
        response.getHeader().setFlag(Flags.AA);
        Name owner = question.getName();
        SOARecord soa = soa(zone.get(), snapshot.serial());

        List<Record> answers = new ArrayList<>();
        if (name.equals(zone.get()) && (qtype == Type.SOA || qtype == Type.ANY)) {
            answers.add(soa);
        }
        RecordSet cname = null;
        for (RecordSet set : snapshot.sets()) {
            if (!set.key().name().equals(name)) {
                continue;
            }
            int wire = wireType(set);
            if (wire == Type.CNAME) {
                cname = set;
            }
            if (wire != 0 && (qtype == Type.ANY || qtype == wire)) {
                answers.addAll(toRecords(owner, set));
            }
        }
        if (answers.isEmpty() && cname != null) {
            // the alias is the answer to every type; the client follows it (we do not chase)
            answers.addAll(toRecords(owner, cname));
        }
        answers.forEach(r -> response.addRecord(r, Section.ANSWER));
        if (answers.isEmpty()) {
            // the SOA tells caches how long to remember the empty answer (RFC 2308)
            response.addRecord(soa, Section.AUTHORITY);
            if (!exists(name, zone.get(), snapshot.sets())) {
                response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
        }
        return response;
    }

    /** The most specific zone that holds {@code name}. */
    private static Optional<String> zoneOf(String name, Collection<RecordSet> sets) {
        return sets.stream().map(s -> s.key().zone()).filter(z -> DnsNames.isInZone(name, z))
                .max(Comparator.comparingInt(String::length));
    }

    /** The apex, a name with records, or a name with records below it (an empty non-terminal, RFC 8020) exists. */
    private static boolean exists(String name, String zone, Collection<RecordSet> sets) {
        return name.equals(zone) || sets.stream().anyMatch(s -> DnsNames.isInZone(s.key().name(), name));
    }

    /** The type on the wire; 0 for ANAME, which has no wire form of its own (it is flattened by the provider). */
    private static int wireType(RecordSet set) {
        return switch (set.key().type()) {
            case A -> Type.A;
            case AAAA -> Type.AAAA;
            case CNAME -> Type.CNAME;
            case ANAME -> 0;
            case TXT -> Type.TXT;
        };
    }

    private static List<Record> toRecords(Name owner, RecordSet set) {
        List<Record> out = new ArrayList<>();
        for (String value : set.values()) {
            out.add(switch (set.key().type()) {
                // values are validated literals, so these parse without any lookup
                case A -> new ARecord(owner, DClass.IN, set.ttl(), Address.toByteArray(value, Address.IPv4));
                case AAAA -> new AAAARecord(owner, DClass.IN, set.ttl(), Address.toByteArray(value, Address.IPv6));
                case CNAME -> new CNAMERecord(owner, DClass.IN, set.ttl(),
                        Name.fromConstantString(DnsNames.absolute(value)));
                case ANAME -> throw new IllegalStateException("ANAME " + set.key() + " has no wire form");
                // dnsjava reads escapes in the text it is given: escape them so the value goes out as it is
                case TXT -> new TXTRecord(owner, DClass.IN, set.ttl(), value.replace("\\", "\\\\").replace("\"", "\\\""));
            });
        }
        return out;
    }

    /**
     * A made-up SOA: nothing transfers these zones, so only the serial and the negative-caching TTL
     * matter. Both TTLs are 0 because records change under tests at any moment and a cached "no such
     * name" would hide a record created a second later.
     */
    private static SOARecord soa(String zone, long serial) {
        Name apex = Name.fromConstantString(DnsNames.absolute(zone));
        Name admin = Name.fromConstantString("hostmaster." + DnsNames.absolute(zone));
        return new SOARecord(apex, DClass.IN, 0, Name.fromConstantString("localhost."), admin,
                serial & 0xFFFF_FFFFL, 3600, 600, 86400, 0);
    }

    /** An empty response to {@code query}: same id, opcode, RD and question; EDNS when the query had it. */
    private static Message reply(Message query, int rcode) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        // rcodes above 15 (BADVERS) keep their high bits in the OPT record
        response.getHeader().setRcode(rcode & 0xF);
        if (query.getHeader().getCount(Section.QUESTION) == 1) {
            response.addRecord(query.getQuestion(), Section.QUESTION);
        }
        if (query.getOPT() != null) {
            response.addRecord(new OPTRecord(EDNS_PAYLOAD, rcode >>> 4, 0), Section.ADDITIONAL);
        }
        return response;
    }

    /** RFC 6891: a client without EDNS gets 512 bytes over UDP; with EDNS, what it asked for up to our payload. */
    private static int limit(Message query, Transport transport) {
        if (transport == Transport.TCP) {
            return TCP_LIMIT;
        }
        OPTRecord opt = query.getOPT();
        return opt == null ? PLAIN_UDP_LIMIT : Math.max(PLAIN_UDP_LIMIT, Math.min(opt.getPayloadSize(), EDNS_PAYLOAD));
    }

    /** The response, or when it is too big, its header and question with TC set so the client retries over TCP. */
    private static byte[] toWire(Message query, Message response, int limit) {
        byte[] wire = response.toWire();
        if (wire.length <= limit) {
            return wire;
        }
        Message truncated = reply(query, response.getRcode());
        if (response.getHeader().getFlag(Flags.AA)) {
            truncated.getHeader().setFlag(Flags.AA);
        }
        truncated.getHeader().setFlag(Flags.TC);
        return truncated.toWire();
    }

    /** FORMERR echoing the id when the packet has at least a header that is not a response; otherwise nothing. */
    private static byte[] formErr(byte[] packet) {
        if (packet.length < 12 || (packet[2] & 0x80) != 0) {
            return null;
        }
        Message response = new Message(((packet[0] & 0xff) << 8) | (packet[1] & 0xff));
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode((packet[2] >> 3) & 0xf);
        response.getHeader().setRcode(Rcode.FORMERR);
        return response.toWire();
    }
}
