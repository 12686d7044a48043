package io.dnsfailover.providers.powerdns;

import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsNames;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A PowerDNS Authoritative server driven through its HTTP API: translates the model to PowerDNS rrsets
 * and back. PATCH is not conditional, so {@link #apply} reads each record set just before writing it and
 * refuses with CONFLICT when it is neither the expected nor the desired one (read-compare-write; a
 * write landing between the read and the PATCH is not detected, which is why
 * {@link Capabilities#conditionalWrites()} is false). Thread safe: it keeps no state besides the client.
 */
final class PowerDnsProvider implements DnsProvider {

    private final String name;
    private final PowerDnsClient client;

    PowerDnsProvider(String name, PowerDnsClient client) {
        this.name = Objects.requireNonNull(name, "name");
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Capabilities capabilities() {
        return PowerDnsProviderFactory.CAPABILITIES;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Disabled records are stored by PowerDNS but not served, so they are not part of the answer.
     */
    @Override
    public Optional<RecordSet> read(RecordKey key) {
        requireSupported(key);
        String owner = DnsNames.absolute(key.name());
        PowerDnsWire.Zone zone = client.zone(DnsNames.absolute(key.zone()), owner, key.type().name());
        for (PowerDnsWire.RRset rrset : zone.rrsets()) {
            // filter here too: servers before 4.7 ignore rrset_name/rrset_type and send the whole zone
            if (rrset.name() == null || !DnsNames.normalise(rrset.name()).equals(key.name())
                    || !key.type().name().equalsIgnoreCase(rrset.type())) {
                continue;
            }
            List<String> contents = new ArrayList<>();
            for (PowerDnsWire.Record record : rrset.records() == null ? List.<PowerDnsWire.Record>of() : rrset.records()) {
                if (!record.disabled() && record.content() != null) {
                    contents.add(record.content());
                }
            }
            return contents.isEmpty() ? Optional.empty() : Optional.of(toModel(key, rrset, contents));
        }
        return Optional.empty();
    }

    /**
     * {@inheritDoc}
     *
     * <p>One GET and, when something must change, one PATCH per change; a change already in place costs
     * only the GET.
     */
    @Override
    public ApplyResult apply(List<Change> changes) {
        changes.forEach(change -> requireSupported(change.key()));
        int changed = 0;
        for (Change change : changes) {
            RecordSet live = read(change.key()).orElse(null);
            if (change.isDoneIn(live)) {
                continue;
            }
            if (!change.expects(live)) {
                throw new ProviderException(ProviderException.Kind.CONFLICT, "provider '" + name + "': "
                        + change.key() + " serves " + describe(live) + ", not the expected " + describe(change.expected())
                        + ": someone changed it; re-read before writing");
            }
            client.patch(DnsNames.absolute(change.key().zone()), toWire(change));
            changed++;
        }
        return ApplyResult.of(changed);
    }

    private RecordSet toModel(RecordKey key, PowerDnsWire.RRset rrset, List<String> contents) {
        try {
            List<String> values = new ArrayList<>();
            for (String content : contents) {
                values.add(key.type() == RecordType.TXT ? PowerDnsTxt.text(content) : content);
            }
            return RecordSet.of(key, rrset.ttl() == null ? 0 : rrset.ttl(), values);
        } catch (IllegalArgumentException e) {
            // e.g. a second CNAME value, an address in a form the model rejects, an empty or broken TXT
            throw new ProviderException(ProviderException.Kind.INVALID, "provider '" + name + "': PowerDNS at "
                    + client.display() + " serves " + key + " " + contents + ", which dnsfailover cannot manage ("
                    + e.getMessage() + "): fix the record by hand", null, e);
        }
    }

    private static PowerDnsWire.RRset toWire(Change change) {
        RecordKey key = change.key();
        String owner = DnsNames.absolute(key.name());
        RecordSet desired = change.desired();
        if (desired == null) {
            return PowerDnsWire.RRset.delete(owner, key.type().name());
        }
        List<PowerDnsWire.Record> records = new ArrayList<>();
        for (String value : desired.values()) {
            records.add(new PowerDnsWire.Record(content(key.type(), value), false));
        }
        return PowerDnsWire.RRset.replace(owner, key.type().name(), desired.ttl(), records);
    }

    private static String content(RecordType type, String value) {
        if (type == RecordType.TXT) {
            return PowerDnsTxt.content(value);
        }
        // PowerDNS wants host names in record content absolute too ("Not in expected format" otherwise)
        return type.holdsHostNames() ? DnsNames.absolute(value) : value;
    }

    private void requireSupported(RecordKey key) {
        if (!capabilities().supports(key.type())) {
            throw new ProviderException(ProviderException.Kind.INVALID, "provider '" + name
                    + "': the PowerDNS adapter does not manage " + key.type() + " records (" + key
                    + "): use A, AAAA, CNAME or TXT");
        }
    }

    private static String describe(RecordSet set) {
        return set == null ? "nothing" : set.values() + " (TTL " + set.ttl() + ")";
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "PowerDnsProvider[" + client + "]";
    }
}
