package io.dnsfailover.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks the target, as a DNS server, one question over UDP (retried over TCP when the answer is
 * truncated), from the checker's source address if it has one, and judges the response code and,
 * optionally, one value among the answers.
 */
final class DnsCheck implements Check {

    private final DnsCheckSpec spec;
    private final SourceAddress source;
    private final Clock clock;

    DnsCheck(DnsCheckSpec spec, SourceAddress source, Clock clock) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CheckResult probe(ProbeTarget target) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        int type = Type.value(spec.queryType());
        if (type < 0) {
            return CheckResult.unknown(startedAt, "cannot ask for " + spec.queryType() + ": not a DNS record type");
        }
        Name name;
        try {
            name = Name.fromString(spec.query(), Name.root);
        } catch (TextParseException e) {
            return CheckResult.unknown(startedAt, "cannot ask for " + spec.query() + ": not a DNS name (" + e.getMessage() + ")");
        }
        InetAddress address;
        try {
            address = source.reachable(Addresses.resolve(target.address())).get(0);
        } catch (UnknownHostException e) {
            return CheckResult.unknown(startedAt, "could not resolve " + target.address() + " from the checker");
        }
        String endpoint = Addresses.format(address, spec.port());
        try {
            InetSocketAddress server = new InetSocketAddress(address, spec.port());
            SimpleResolver resolver = new SimpleResolver(server);
            if (source.address() != null) {
                // dnsjava binds its own UDP and TCP sockets, and words a failure to bind obscurely: check first.
                source.requireReach(server);
                source.requireBindable();
                resolver.setLocalAddress(new InetSocketAddress(source.address(), 0));
            }
            resolver.setTimeout(spec.timeout());
            Message response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            return judge(response, endpoint, startedAt, latency);
        } catch (IOException | RuntimeException e) {
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            Failures.Where where = new Failures.Where(endpoint, null, spec.timeout(), "no DNS response");
            return Failures.classify(e, where).toResult(startedAt, latency);
        }
    }

    private CheckResult judge(Message response, String endpoint, Instant startedAt, Duration latency) {
        String rcode = Rcode.string(response.getRcode());
        if (!rcode.equalsIgnoreCase(spec.expectRcode())) {
            return CheckResult.down(startedAt, latency, "DNS " + rcode + " from " + endpoint + " (expected " + spec.expectRcode() + ")");
        }
        List<Record> answers = response.getSection(Section.ANSWER);
        if (spec.expectAnswer() != null) {
            String wanted = normalize(spec.expectAnswer());
            boolean found = answers.stream().anyMatch(r -> normalize(r.rdataToString()).equals(wanted));
            if (!found) {
                String got = answers.isEmpty()
                        ? "no answer records"
                        : answers.stream().limit(5).map(Record::rdataToString).collect(Collectors.joining(", "))
                                + (answers.size() > 5 ? ", … " + answers.size() + " in all" : "");
                return CheckResult.down(startedAt, latency, "DNS answer from " + endpoint + " lacks " + spec.expectAnswer() + " (got " + got + ")");
            }
        }
        String count = answers.size() == 1 ? "1 answer" : answers.size() + " answers";
        return CheckResult.up(startedAt, latency, "DNS " + rcode + " from " + endpoint + " in " + latency.toMillis() + " ms (" + count + ")");
    }

    /**
     * Presentation text compared the way people mean it: case-insensitive, a name with or without its
     * final dot, a TXT value with or without its quotes.
     */
    static String normalize(String rdata) {
        String s = rdata.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") && s.indexOf('"', 1) == s.length() - 1) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.endsWith(".") && !s.endsWith("\\.")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
