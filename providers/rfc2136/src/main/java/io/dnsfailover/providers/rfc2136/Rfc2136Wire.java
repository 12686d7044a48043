package io.dnsfailover.providers.rfc2136;

import io.dnsfailover.providers.DnsNames;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The model ↔ DNS wire mapping: names, types, records, and the UPDATE message for one change. The wire
 * types themselves are dnsjava's; this class only converts.
 */
final class Rfc2136Wire {

    private Rfc2136Wire() {}

    /** The absolute wire name of a normalised name. */
    static Name name(String normalised) {
        try {
            return Name.fromString(DnsNames.absolute(normalised));
        } catch (TextParseException e) {
            throw new IllegalArgumentException("'" + normalised + "' is not a DNS name", e);
        }
    }

    /** The wire type of a record type this adapter supports. */
    static int type(RecordType type) {
        return switch (type) {
            case A -> Type.A;
            case AAAA -> Type.AAAA;
            case CNAME -> Type.CNAME;
            case ANAME -> throw new IllegalArgumentException("RFC 2136 servers have no ANAME records: use CNAME below the apex");
            case TXT -> Type.TXT;
        };
    }

    /**
     * The record set in an answer: only records owned by the key's name and of its type, so that the
     * CNAME and the target's addresses in a chased answer are never taken for the name's own records.
     *
     * @throws IllegalArgumentException when a served value does not fit the model (e.g. a CNAME to a bare label)
     */
    static Optional<RecordSet> recordSet(RecordKey key, Message response) {
        Name owner = name(key.name());
        int type = type(key.type());
        List<String> values = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type && r.getName().equals(owner)) {
                values.add(r.rdataToString());
                // the records of one RRset share a TTL (RFC 2181 §5.2); the minimum is the safe reading
                ttl = Math.min(ttl, r.getTTL());
            }
        }
        if (values.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(RecordSet.of(key, (int) Math.min(ttl, Integer.MAX_VALUE), values));
    }

    /** The wire records of a set, each with {@code ttl} (0 for prerequisites, RFC 2136 §2.4). */
    static List<Record> records(RecordSet set, long ttl) {
        Name owner = name(set.key().name());
        List<Record> records = new ArrayList<>();
        for (String value : set.values()) {
            records.add(switch (set.key().type()) {
                case A -> new ARecord(owner, DClass.IN, ttl, address(value, Address.IPv4));
                case AAAA -> new AAAARecord(owner, DClass.IN, ttl, address(value, Address.IPv6));
                case CNAME -> new CNAMERecord(owner, DClass.IN, ttl, name(value));
                case ANAME -> throw new IllegalArgumentException("RFC 2136 servers have no ANAME records");
                case TXT -> new TXTRecord(owner, DClass.IN, ttl, value);
            });
        }
        return records;
    }

    /**
     * The UPDATE for one change, conditional on the live set being exactly {@code expected}:
     * "RRset exists (value dependent)" (RFC 2136 §2.4.2) with every expected record, or "RRset does not
     * exist" (§2.4.5) when nothing is expected. The server checks the prerequisites and applies the
     * updates atomically, so a set changed by someone else after our read fails the whole message.
     * Prerequisites compare values only: no DNS prerequisite can test a TTL.
     */
    static Update update(String zone, RecordKey key, RecordSet expected, RecordSet desired) {
        Update update = new Update(name(zone));
        Name owner = name(key.name());
        int type = type(key.type());
        if (expected == null) {
            update.absent(owner, type);
        } else {
            records(expected, 0).forEach(update::present);
        }
        update.delete(owner, type);
        if (desired != null) {
            records(desired, desired.ttl()).forEach(update::add);
        }
        return update;
    }

    private static InetAddress address(String literal, int family) {
        try {
            // parses the literal only: never a DNS lookup
            return Address.getByAddress(literal, family);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an address of family " + family, e);
        }
    }
}
