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
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PowerDNS Authoritative server driven through its HTTP API: translates the model to PowerDNS rrsets
 * and back. PATCH is not conditional, so {@link #apply} reads each record set just before writing it and
 * refuses with CONFLICT when it is neither the expected nor the desired one (read-compare-write, which is
 * why {@link Capabilities#conditionalWrites()} is false). A write landing between that read and the PATCH
 * cannot be stopped; it is detected where the zone's serial counts API changes, by reading the serial
 * again right after the write (see {@link ZoneSerial}), and returned in {@link ApplyResult#races()}.
 *
 * <p>Thread safe. Writes to one zone through this provider take turns, so that the serial never counts a
 * concurrent write of our own as someone else's.
 */
final class PowerDnsProvider implements DnsProvider {

    private final String name;
    private final PowerDnsClient client;
    private final ConcurrentHashMap<String, Object> zoneLocks = new ConcurrentHashMap<>();

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
        return snapshot(key).live();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Per change: the PATCH is built first; then one filtered GET of the rrset (with the zone's serial),
     * the comparison, the PATCH, and a second GET whose serial tells whether anything else changed the zone
     * in between (reported as a {@link ApplyResult.Race}). A change already in place costs only the first GET.
     */
    @Override
    public ApplyResult apply(List<Change> changes) {
        changes.forEach(change -> requireSupported(change.key()));
        int changed = 0;
        List<ApplyResult.Race> races = new ArrayList<>();
        for (Change change : changes) {
            String zone = DnsNames.absolute(change.key().zone());
            synchronized (zoneLocks.computeIfAbsent(zone, z -> new Object())) {
                PowerDnsClient.Write write = client.write(zone, toWire(change));
                Snapshot before = snapshot(change.key());
                RecordSet live = before.live().orElse(null);
                if (change.isDoneIn(live)) {
                    continue;
                }
                if (!change.expects(live)) {
                    throw new ProviderException(ProviderException.Kind.CONFLICT, "provider '" + name + "': "
                            + change.key() + " serves " + describe(live) + ", not the expected " + describe(change.expected())
                            + ": someone changed it; re-read before writing");
                }
                client.send(write);
                changed++;
                race(change, before, snapshot(change.key())).ifPresent(races::add);
            }
        }
        return new ApplyResult(changed, Optional.empty(), races);
    }

    /** One filtered GET: the key's record set as served, and the zone's serial at that moment. */
    private record Snapshot(Optional<RecordSet> live, PowerDnsWire.Zone zone) {}

    private Snapshot snapshot(RecordKey key) {
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
            return new Snapshot(contents.isEmpty() ? Optional.empty() : Optional.of(toModel(key, rrset, contents)), zone);
        }
        return new Snapshot(Optional.empty(), zone);
    }

    /**
     * A race when the serial moved by more than our write explains. Judged by the mode read before the write:
     * a mode switched in between shows as a serial our write does not explain.
     */
    private static Optional<ApplyResult.Race> race(Change change, Snapshot before, Snapshot after) {
        Long from = before.zone().serial();
        Long to = after.zone().serial();
        if (from == null || to == null) {
            return Optional.empty();
        }
        RecordSet read = before.live().orElse(null);
        RecordSet readBack = after.live().orElse(null);
        return ZoneSerial.otherWrites(before.zone().soaEditApi(), before.zone().soaEdit(), from, to).map(serial -> {
            String sentence = "read " + describe(read) + " and " + (change.desired() == null ? "deleted it"
                    : "wrote " + describe(change.desired())) + ", but " + serial
                    + (Objects.equals(readBack, change.desired())
                            ? ": if that change was to " + change.key() + ", our write replaced it"
                            : ", and the read-back shows " + describe(readBack) + ", so a change also landed after ours");
            return new ApplyResult.Race(change.key(), read, change.desired(), sentence);
        });
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
