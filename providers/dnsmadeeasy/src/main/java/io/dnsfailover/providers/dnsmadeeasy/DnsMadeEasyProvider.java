package io.dnsfailover.providers.dnsmadeeasy;

import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsNames;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DNS Made Easy account: translates the model to DNS Made Easy records and back. DNS Made Easy keeps one
 * record (with its own id) per value, so a record set of several addresses is several records; a write
 * updates records in place (a PUT of the record's id, name, type, value, TTL and location), then creates and
 * deletes the difference, in that order, so the name is never left without a record.
 *
 * <p>The API has no precondition, so {@link #apply} reads each record set just before writing it and
 * refuses with CONFLICT when it is neither the expected nor the desired one (read-compare-write; a write
 * landing between the read and the write is not detected).
 *
 * <p><b>Rate budget.</b> The account allows 150 requests per 5-minute window, shared by every tool using
 * it. When an answer says that at most {@link RateBudget#reserve()} requests are left, {@link #read} stops
 * asking the API until that answer is five minutes old, so the rest stay for the writes of a failover:
 * it answers with what this adapter last read or wrote for the key, and throws RATE_LIMITED (with the
 * time until the window has scrolled past as the retry hint) for a key it has not seen. {@link #apply}
 * is never held back and always reads the live records before writing, so an answer from memory can at
 * worst make a write fail with CONFLICT, never overwrite a value it did not expect. Domain ids are
 * looked up once per zone and kept. Thread safe.
 */
final class DnsMadeEasyProvider implements DnsProvider {

    private static final Logger log = LoggerFactory.getLogger(DnsMadeEasyProvider.class);

    private final String name;
    private final DnsMadeEasyClient client;
    private final Map<String, DnsMadeEasyWire.Domain> domains = new ConcurrentHashMap<>();
    /** What this adapter last read or wrote per key (empty: no record), answered only while reads are paused. */
    private final Map<RecordKey, Optional<RecordSet>> known = new ConcurrentHashMap<>();

    /** What a read found: the domain, its records of the key, and the record set they make. */
    private record Live(DnsMadeEasyWire.Domain domain, List<DnsMadeEasyWire.Row> rows, RecordSet set) {}

    DnsMadeEasyProvider(String name, DnsMadeEasyClient client) {
        this.name = Objects.requireNonNull(name, "name");
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Capabilities capabilities() {
        return DnsMadeEasyProviderFactory.CAPABILITIES;
    }

    /**
     * {@inheritDoc}
     *
     * <p>While the account's rate budget is low (see the class comment), answers from memory or throws
     * RATE_LIMITED instead of spending a request.
     */
    @Override
    public Optional<RecordSet> read(RecordKey key) {
        requireSupported(key);
        Optional<Duration> pause = client.budget().readPause();
        if (pause.isPresent()) {
            Optional<RecordSet> last = known.get(key);
            if (last != null) {
                log.debug("provider {}: {}; answering {} from memory", name, client.budget().describe(), key);
                return last;
            }
            throw client.failures().fail(Kind.RATE_LIMITED, client.failures().where() + " has only "
                    + client.budget().describe() + " in the account's 5-minute window, so reads are paused for "
                    + DnsMadeEasyFailures.human(pause.get()) + " to keep the rest for failover writes (" + key
                    + " was not read before); writes still go through", pause.get());
        }
        return Optional.ofNullable(live(key).set());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Per change: one read (plus, the first time per zone, the domain lookup), then one request per
     * record written. A change already in place costs only the read.
     */
    @Override
    public ApplyResult apply(List<Change> changes) {
        changes.forEach(change -> requireSupported(change.key()));
        int changed = 0;
        for (Change change : changes) {
            Live live = live(change.key());
            if (change.isDoneIn(live.set())) {
                continue;
            }
            if (!change.expects(live.set())) {
                throw client.failures().fail(Kind.CONFLICT, change.key() + " serves " + describe(live.set()) + ", not the expected "
                        + describe(change.expected()) + ": someone changed it; re-read before writing", null);
            }
            known.remove(change.key()); // a write failing half-way leaves a state only a new read can tell
            write(live, change);
            known.put(change.key(), Optional.ofNullable(change.desired()));
            changed++;
        }
        return ApplyResult.of(changed);
    }

    private Live live(RecordKey key) {
        DnsMadeEasyWire.Domain domain = domain(key.zone());
        String relative = relative(key);
        List<DnsMadeEasyWire.Row> rows = new ArrayList<>();
        try {
            for (DnsMadeEasyWire.Row row : client.records(domain, relative, key.type().name(), "read " + key)) {
                // the server filters already; check anyway, as a filter it ignored would mean another name's records
                if (row.name().equalsIgnoreCase(relative) && row.type().equalsIgnoreCase(key.type().name())) {
                    rows.add(row);
                }
            }
        } catch (ProviderException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                domains.remove(key.zone()); // the domain was deleted (and maybe added again with a new id)
            }
            throw e;
        }
        rows.sort(Comparator.comparingLong(DnsMadeEasyWire.Row::id));
        RecordSet set = toModel(key, rows);
        known.put(key, Optional.ofNullable(set));
        return new Live(domain, List.copyOf(rows), set);
    }

    private DnsMadeEasyWire.Domain domain(String zone) {
        DnsMadeEasyWire.Domain domain = domains.get(zone);
        if (domain == null) {
            domain = client.domain(zone);
            domains.putIfAbsent(zone, domain);
        }
        return domain;
    }

    private void write(Live live, Change change) {
        RecordKey key = change.key();
        DnsMadeEasyWire.Domain domain = live.domain();
        RecordSet desired = change.desired();
        if (desired == null) {
            for (DnsMadeEasyWire.Row row : live.rows()) {
                client.delete(domain, row.id(), "delete " + key + " " + row.value() + " (record " + row.id() + ")");
            }
            return;
        }
        Map<String, DnsMadeEasyWire.Row> keep = new LinkedHashMap<>();
        List<DnsMadeEasyWire.Row> stale = new ArrayList<>();
        for (DnsMadeEasyWire.Row row : live.rows()) {
            String value = value(key, row);
            if (desired.values().contains(value) && !keep.containsKey(value)) {
                keep.put(value, row);
            } else {
                stale.add(row); // another value, or a second record of the same value
            }
        }
        int ttl = desired.ttl();
        Iterator<DnsMadeEasyWire.Row> reuse = stale.iterator();
        List<String> create = new ArrayList<>();
        for (String value : desired.values()) {
            if (keep.containsKey(value)) {
                continue;
            }
            if (reuse.hasNext()) {
                // an update in place: a one-value swap is one request, and the name never goes empty
                DnsMadeEasyWire.Row row = reuse.next();
                client.update(domain, row.id(), row.changed(wire(key, value), ttl),
                        "update " + key + " record " + row.id() + " from " + row.value() + " to " + value);
            } else {
                create.add(value);
            }
        }
        for (DnsMadeEasyWire.Row row : keep.values()) {
            if (row.ttl() != ttl) {
                client.update(domain, row.id(), row.changed(row.value(), ttl),
                        "update " + key + " record " + row.id() + " to TTL " + ttl);
            }
        }
        for (String value : create) {
            client.create(domain, DnsMadeEasyWire.newRecord(relative(key), key.type().name(), wire(key, value), ttl),
                    "create " + key + " " + value);
        }
        while (reuse.hasNext()) {
            DnsMadeEasyWire.Row row = reuse.next();
            client.delete(domain, row.id(), "delete " + key + " " + row.value() + " (record " + row.id() + ")");
        }
    }

    private RecordSet toModel(RecordKey key, List<DnsMadeEasyWire.Row> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        int ttl = 0;
        for (DnsMadeEasyWire.Row row : rows) {
            if (!row.defaultLocation()) {
                throw unmanageable(key, "uses Global Traffic Director locations (record " + row.id() + " is for "
                        + row.gtdLocation() + "), which dnsfailover does not manage: use a record of a domain without GTD");
            }
            if (row.failover()) {
                throw unmanageable(key, "has DNS Made Easy's own DNS Failover turned on (record " + row.id() + "), which"
                        + " rewrites the record by itself: turn it off in the DNS Made Easy control panel, or leave this"
                        + " record to it");
            }
            values.add(value(key, row));
            // records of one name may differ in TTL; report the longest, which is what resolvers may keep
            ttl = Math.max(ttl, row.ttl());
        }
        try {
            return RecordSet.of(key, ttl, values);
        } catch (IllegalArgumentException e) {
            throw unmanageable(key, "holds " + values + ", which dnsfailover cannot manage (" + e.getMessage()
                    + "): fix the record by hand");
        }
    }

    /** A record's value in the model's form; host names relative to the zone are made absolute, TXT unquoted. */
    private String value(RecordKey key, DnsMadeEasyWire.Row row) {
        String raw = row.value().trim();
        if (key.type().holdsHostNames() && !raw.endsWith(".")) {
            raw = raw.isEmpty() ? key.zone() : raw + "." + key.zone();
        }
        try {
            if (key.type() == RecordType.TXT) {
                return RecordSet.normaliseValue(key.type(), DnsMadeEasyWire.text(row.value()));
            }
            return RecordSet.normaliseValue(key.type(), raw);
        } catch (IllegalArgumentException e) {
            throw unmanageable(key, "holds '" + row.value() + "' (record " + row.id() + "), which dnsfailover cannot manage ("
                    + e.getMessage() + "): fix the record by hand");
        }
    }

    /**
     * Host names go out absolute, with the dot: without it DNS Made Easy reads them as names in the zone.
     * TXT goes quoted (see {@link DnsMadeEasyWire#value}).
     */
    private static String wire(RecordKey key, String value) {
        if (key.type() == RecordType.TXT) {
            return DnsMadeEasyWire.value(value);
        }
        return key.type().holdsHostNames() ? DnsNames.absolute(value) : value;
    }

    /** The name relative to the zone, as DNS Made Easy keeps it: {@code ""} for the apex. */
    private static String relative(RecordKey key) {
        return key.name().equals(key.zone()) ? "" : key.name().substring(0, key.name().length() - key.zone().length() - 1);
    }

    private ProviderException unmanageable(RecordKey key, String why) {
        return client.failures().fail(Kind.INVALID, client.failures().where() + ": " + key + " " + why, null);
    }

    private void requireSupported(RecordKey key) {
        if (!capabilities().supports(key.type())) {
            throw client.failures().fail(Kind.INVALID, "the DNS Made Easy adapter does not manage " + key.type() + " records ("
                    + key + "): use A, AAAA, CNAME or ANAME", null);
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
        return "DnsMadeEasyProvider[" + name + ", " + client + "]";
    }
}
