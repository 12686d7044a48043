package io.dnsfailover.providers.constellix;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A Constellix DNS account driven through API v4: translates the model to Constellix's record objects
 * (one per name and type, holding every value) and back. Writes are not conditional, so {@link #apply}
 * reads the record just before writing and refuses with CONFLICT when it is neither the expected nor the
 * desired set; a record already as desired is not written at all (Constellix rejects a PUT that changes
 * nothing). Only plain records are managed: mode {@code standard}, the default region, no IP filter or
 * GeoProximity; anything else is Constellix's own traffic steering and is refused as INVALID. Thread safe:
 * besides the client it keeps only a cache of domain ids.
 */
final class ConstellixProvider implements DnsProvider {

    private final String name;
    private final ConstellixClient client;
    /** Zone name to domain id: looked up once, dropped when Constellix says the domain is gone. */
    private final ConcurrentMap<String, Long> domainIds = new ConcurrentHashMap<>();

    ConstellixProvider(String name, ConstellixClient client) {
        this.name = Objects.requireNonNull(name, "name");
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Capabilities capabilities() {
        return ConstellixProviderFactory.CAPABILITIES;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A disabled record, and disabled values, are stored by Constellix but not served, so they are not
     * part of the answer.
     */
    @Override
    public Optional<RecordSet> read(RecordKey key) {
        requireSupported(key);
        return Optional.ofNullable(live(key).served());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Per change: the record list (one request per 100 records) and, when something must change, one
     * POST, PUT or DELETE.
     */
    @Override
    public ApplyResult apply(List<Change> changes) {
        changes.forEach(change -> requireSupported(change.key()));
        int changed = 0;
        for (Change change : changes) {
            RecordKey key = change.key();
            Live live = live(key);
            if (change.isDoneIn(live.served())) {
                continue;
            }
            if (!change.expects(live.served())) {
                throw new ProviderException(Kind.CONFLICT, "provider '" + name + "': " + key + " serves "
                        + describe(live.served()) + " at Constellix, not the expected " + describe(change.expected())
                        + ": someone changed it; re-read before writing");
            }
            try {
                write(change, live);
            } catch (ProviderException e) {
                forgetIfGone(key.zone(), live.domainId(), e);
                throw e;
            }
            changed++;
        }
        return ApplyResult.of(changed);
    }

    private void write(Change change, Live live) {
        RecordKey key = change.key();
        if (change.desired() == null) {
            client.delete(live.domainId(), live.record().id(), key.zone(), "delete " + key);
        } else if (live.record() == null) {
            client.create(live.domainId(), key.zone(), body(change.desired(), null), "create " + key);
        } else {
            // a record whose values are all disabled serves nothing but still holds the name: update it
            client.update(live.domainId(), live.record().id(), key.zone(), body(change.desired(), live.record().notes()),
                    "update " + key);
        }
    }

    /** A domain deleted or re-created has a new id (or none): look it up again next time. */
    private void forgetIfGone(String zone, long domainId, ProviderException e) {
        if (e.kind() == Kind.NOT_FOUND) {
            domainIds.remove(zone, domainId);
        }
    }

    /** The record object of a key (or none), and what it serves. */
    private record Live(long domainId, ConstellixWire.Record record, RecordSet served) {}

    private Live live(RecordKey key) {
        long domainId = domainId(key.zone());
        List<ConstellixWire.Record> all;
        try {
            all = client.records(domainId, key.zone());
        } catch (ProviderException e) {
            forgetIfGone(key.zone(), domainId, e);
            throw e;
        }
        String relative = relative(key);
        // by id, so that a record moving to the next page while the pages are read does not count twice
        Map<Long, ConstellixWire.Record> mine = new LinkedHashMap<>();
        for (ConstellixWire.Record r : all) {
            if (key.type().name().equalsIgnoreCase(r.type()) && relative.equals(relativeName(r.name()))) {
                mine.put(r.id(), r);
            }
        }
        if (mine.isEmpty()) {
            return new Live(domainId, null, null);
        }
        if (mine.size() > 1) {
            throw unmanageable(key, "from " + mine.size() + " record objects (GTD regions or IP filters)");
        }
        ConstellixWire.Record record = mine.values().iterator().next();
        requireStandard(key, record);
        return new Live(domainId, record, served(key, record));
    }

    /** Only the exact name counts: the search also returns neighbours such as {@code example.com.au}. */
    private long domainId(String zone) {
        Long cached = domainIds.get(zone);
        if (cached != null) {
            return cached;
        }
        for (ConstellixWire.DomainRef domain : client.searchDomains(zone)) {
            if (domain.id() != null && domain.name() != null && DnsNames.normalise(domain.name()).equals(zone)) {
                domainIds.put(zone, domain.id());
                return domain.id();
            }
        }
        throw client.zoneNotFound(zone);
    }

    private void requireStandard(RecordKey key, ConstellixWire.Record r) {
        if (r.mode() != null && !r.mode().equalsIgnoreCase("standard")) {
            throw unmanageable(key, "in mode '" + r.mode() + "', which Constellix steers itself");
        }
        if (r.region() != null && !r.region().isBlank() && !r.region().equalsIgnoreCase("default")) {
            throw unmanageable(key, "for GTD region '" + r.region() + "' only");
        }
        if (present(r.ipfilter()) || present(r.geoproximity())) {
            throw unmanageable(key, "through an IP filter or GeoProximity, so not to every client");
        }
        if (r.value() != null && !r.value().isNull() && !r.value().isArray()) {
            throw unmanageable(key, "with a value that is not a list of values");
        }
    }

    private RecordSet served(RecordKey key, ConstellixWire.Record r) {
        if (Boolean.FALSE.equals(r.enabled()) || r.value() == null || !r.value().isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : r.value()) {
            String text = v.isTextual() ? v.asText() : v.path("value").asText(null);
            if (text != null && v.path("enabled").asBoolean(true)) {
                values.add(key.type().holdsHostNames() ? absolute(text, key.zone())
                        : key.type() == RecordType.TXT ? ConstellixWire.text(text) : text);
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        try {
            return RecordSet.of(key, r.ttl() == null ? 0 : r.ttl(), values);
        } catch (IllegalArgumentException e) {
            throw new ProviderException(Kind.INVALID, "provider '" + name + "': Constellix serves " + key + " " + values
                    + ", which dnsfailover cannot manage (" + e.getMessage() + "): fix the record in Constellix", null, e);
        }
    }

    /**
     * A host name as Constellix holds it, made absolute: with the final dot it is absolute; without it,
     * Constellix appends the domain, except that a name already ending in the domain (as the v4 examples
     * write targets) is taken as written, since nobody means {@code www.example.com.example.com}.
     */
    static String absolute(String value, String zone) {
        String v = value.trim();
        if (v.endsWith(".")) {
            return DnsNames.normalise(v);
        }
        if (v.isEmpty() || v.equals("@")) {
            return zone;
        }
        String n = DnsNames.normalise(v);
        return DnsNames.isInZone(n, zone) ? n : n + "." + zone;
    }

    private static ConstellixWire.Body body(RecordSet desired, String notes) {
        List<ConstellixWire.Value> values = new ArrayList<>();
        for (String v : desired.values()) {
            // the final dot keeps Constellix from appending the domain to a host name; a TXT value is its text
            values.add(new ConstellixWire.Value(true, desired.key().type().holdsHostNames() ? DnsNames.absolute(v) : v));
        }
        return new ConstellixWire.Body(relative(desired.key()), desired.key().type().name(), desired.ttl(), true, "standard",
                values, notes);
    }

    /** The owner name relative to the zone, {@code ""} for the apex, as Constellix names records. */
    static String relative(RecordKey key) {
        return key.name().equals(key.zone()) ? "" : key.name().substring(0, key.name().length() - key.zone().length() - 1);
    }

    private static String relativeName(String wireName) {
        String n = wireName == null ? "" : DnsNames.normalise(wireName);
        return n.equals("@") ? "" : n;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode() && !(node.isContainerNode() && node.isEmpty());
    }

    private ProviderException unmanageable(RecordKey key, String how) {
        return new ProviderException(Kind.INVALID, "provider '" + name + "': Constellix serves " + key + " " + how
                + "; dnsfailover manages only a single Standard record for the default region: change it in Constellix,"
                + " or leave this record to Constellix's own failover");
    }

    private void requireSupported(RecordKey key) {
        if (!capabilities().supports(key.type())) {
            throw new ProviderException(Kind.INVALID, "provider '" + name + "': the Constellix adapter does not manage "
                    + key.type() + " records (" + key + "): use A, AAAA, CNAME or ANAME");
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
        return "ConstellixProvider[" + client + "]";
    }
}
