package io.dnsfailover.providers.testkit;

import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Asks a DNS server (on loopback, in tests) what it answers, as a real client would. */
public final class DnsQuery {

    /** What the server answered: the rcode, the TTL of the first answer, the values (normalised, sorted). */
    public record Answer(String rcode, int ttl, List<String> values) {}

    private DnsQuery() {}

    public static Answer ask(InetSocketAddress server, String name, RecordType type) {
        try {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(Duration.ofSeconds(3));
            int wire = type == RecordType.ANAME ? Type.A : Type.value(type.name());
            Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(absolute(name)), wire, DClass.IN)));
            List<String> values = new ArrayList<>();
            int ttl = -1;
            for (Record r : response.getSection(Section.ANSWER)) {
                if (r.getType() == wire) {
                    values.add(RecordSet.normaliseValue(type, r instanceof TXTRecord txt
                            ? text(txt) : r.rdataToString()));
                    ttl = ttl < 0 ? (int) r.getTTL() : ttl;
                }
            }
            values.sort(null);
            return new Answer(Rcode.string(response.getRcode()), ttl, values);
        } catch (IOException e) {
            throw new UncheckedIOException("DNS query for " + name + " " + type + " to " + server + " failed", e);
        }
    }

    /** A TXT record's character-strings joined, as raw text (no zone-file quotes or escapes). */
    private static String text(TXTRecord txt) {
        StringBuilder b = new StringBuilder();
        for (byte[] s : txt.getStringsAsByteArrays()) {
            b.append(new String(s, java.nio.charset.StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }
}
