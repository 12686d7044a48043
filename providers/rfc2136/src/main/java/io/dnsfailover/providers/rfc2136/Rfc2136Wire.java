package io.dnsfailover.providers.rfc2136;

import io.dnsfailover.providers.DnsNames;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
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

    /** The longest character-string DNS can carry (one length byte, RFC 1035 §3.3). */
    static final int MAX_STRING_BYTES = 255;

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
     * The records of an answer that form the key's RRset: only those owned by the key's name and of its type,
     * so that the CNAME and the target's addresses in a chased answer are never taken for the name's own.
     */
    static List<Record> rrset(RecordKey key, Message response) {
        Name owner = name(key.name());
        int type = type(key.type());
        List<Record> rrset = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() == type && r.getName().equals(owner)) {
                rrset.add(r);
            }
        }
        return rrset;
    }

    /**
     * The record set of {@link #rrset} records in the model.
     *
     * @throws IllegalArgumentException when a served value does not fit the model (e.g. a CNAME to a bare label)
     */
    static Optional<RecordSet> recordSet(RecordKey key, List<Record> rrset) {
        if (rrset.isEmpty()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record r : rrset) {
            values.add(r instanceof TXTRecord txt ? text(txt) : r.rdataToString());
            // the records of one RRset share a TTL (RFC 2181 §5.2); the minimum is the safe reading
            ttl = Math.min(ttl, r.getTTL());
        }
        return Optional.of(RecordSet.of(key, (int) Math.min(ttl, Integer.MAX_VALUE), values));
    }

    /** The record set in an answer: {@link #recordSet(RecordKey, List)} of {@link #rrset}. */
    static Optional<RecordSet> recordSet(RecordKey key, Message response) {
        return recordSet(key, rrset(key, response));
    }

    /** The wire records of a set, each with {@code ttl}. */
    static List<Record> records(RecordSet set, long ttl) {
        Name owner = name(set.key().name());
        List<Record> records = new ArrayList<>();
        for (String value : set.values()) {
            records.add(switch (set.key().type()) {
                case A -> new ARecord(owner, DClass.IN, ttl, address(value, Address.IPv4));
                case AAAA -> new AAAARecord(owner, DClass.IN, ttl, address(value, Address.IPv6));
                case CNAME -> new CNAMERecord(owner, DClass.IN, ttl, name(value));
                case ANAME -> throw new IllegalArgumentException("RFC 2136 servers have no ANAME records");
                case TXT -> txt(owner, ttl, value);
            });
        }
        return records;
    }

    /**
     * A TXT record holding {@code text} as it is, in character-strings of at most 255 bytes split at
     * character boundaries. Built from the rdata bytes: dnsjava's String constructors parse zone-file escapes,
     * so a backslash in the text would be lost there.
     */
    static Record txt(Name owner, long ttl, String text) {
        DNSOutput rdata = new DNSOutput();
        for (byte[] string : strings(text)) {
            rdata.writeCountedString(string);
        }
        return Record.newRecord(owner, Type.TXT, DClass.IN, ttl, rdata.toByteArray());
    }

    /** A TXT record's text: its character-strings joined, read as UTF-8. */
    static String text(TXTRecord txt) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        txt.getStringsAsByteArrays().forEach(joined::writeBytes);
        return joined.toString(StandardCharsets.UTF_8);
    }

    /** The UTF-8 bytes of {@code text} in pieces of at most 255 bytes, none of which splits a character. */
    private static List<byte[]> strings(String text) {
        List<byte[]> strings = new ArrayList<>();
        ByteArrayOutputStream string = new ByteArrayOutputStream(MAX_STRING_BYTES);
        for (int i = 0; i < text.length(); ) {
            int end = i + Character.charCount(text.codePointAt(i));
            byte[] character = text.substring(i, end).getBytes(StandardCharsets.UTF_8);
            if (string.size() + character.length > MAX_STRING_BYTES) {
                strings.add(string.toByteArray());
                string.reset();
            }
            string.writeBytes(character);
            i = end;
        }
        strings.add(string.toByteArray());
        return strings;
    }

    /**
     * The UPDATE for one change, conditional on the live RRset being exactly {@code live}, the records as
     * read: "RRset exists (value dependent)" (RFC 2136 §2.4.2) with every one of them, class IN and TTL 0,
     * or "RRset does not exist" (§2.4.5) when there were none. The server checks the prerequisites and
     * applies the updates atomically, so a set changed by someone else after our read fails the whole
     * message. The records read are used rather than the model's values, so that the prerequisite holds the
     * server's own rdata (a TXT written by hand may split its text into other strings than ours would).
     * Prerequisites compare values only: no DNS prerequisite can test a TTL.
     */
    static Update update(String zone, RecordKey key, List<Record> live, RecordSet desired) {
        Update update = new Update(name(zone));
        Name owner = name(key.name());
        int type = type(key.type());
        if (live.isEmpty()) {
            update.absent(owner, type);
        } else {
            live.forEach(r -> update.present(Record.newRecord(r.getName(), r.getType(), DClass.IN, 0, r.rdataToWireCanonical())));
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
