package io.dnsfailover.providers.cloudflare;

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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Cloudflare zone driven through the API v4: finds the zone id by exact name (and keeps it), reads the
 * records of one name and type, and writes the difference to the desired set (see {@link RecordDiff}).
 * Cloudflare has no conditional write, so {@link #apply} reads just before writing and refuses with
 * CONFLICT when the live set is neither the expected nor the desired one (read-compare-write; a write
 * landing between the read and ours is not detected, hence {@link Capabilities#conditionalWrites()} false).
 *
 * <p>A proxied record is reported with a WARN log once per record set: its public answer is Cloudflare's
 * own address, so a failover changes only the origin Cloudflare forwards to, and its TTL stays automatic.
 * Thread safe.
 */
final class CloudflareProvider implements DnsProvider {

    private static final Logger log = LoggerFactory.getLogger(CloudflareProvider.class);

    private final String name;
    private final CloudflareClient client;
    private final CloudflareFailures failures;
    private final Map<String, String> zoneIds = new ConcurrentHashMap<>();
    private final Set<RecordKey> warnedProxied = ConcurrentHashMap.newKeySet();

    CloudflareProvider(String name, CloudflareClient client) {
        this.name = Objects.requireNonNull(name, "name");
        this.client = Objects.requireNonNull(client, "client");
        this.failures = client.failures();
    }

    @Override
    public Capabilities capabilities() {
        return CloudflareProviderFactory.CAPABILITIES;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A TTL of 1 ("automatic") is read as 300, the TTL Cloudflare serves such records with. Records that are
     * all proxied are read as a {@linkplain RecordSet#proxied() proxied} set with TTL 300; the TTL of a mix is
     * the longest of its records that are not proxied.
     */
    @Override
    public Optional<RecordSet> read(RecordKey key) {
        requireSupported(key);
        return Optional.ofNullable(live(key).set());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Per change: one GET (plus one for the zone id the first time), then PATCHes, POSTs and DELETEs in
     * that order, so that the name never answers with nothing. A delete that makes room for a CNAME (or a
     * CNAME's delete that makes room for addresses) on the same name runs before the create.
     */
    @Override
    public ApplyResult apply(List<Change> changes) {
        changes.forEach(change -> requireSupported(change.key()));
        int changed = 0;
        for (Change change : ordered(changes)) {
            if (applyOne(change)) {
                changed++;
            }
        }
        return ApplyResult.of(changed);
    }

    private boolean applyOne(Change change) {
        RecordKey key = change.key();
        Live live = live(key);
        if (change.isDoneIn(live.set())) {
            return false;
        }
        if (!change.expects(live.set())) {
            throw new ProviderException(Kind.CONFLICT, "provider '" + name + "': " + key + " serves " + describe(live.set())
                    + ", not the expected " + describe(change.expected()) + ": someone changed it; re-read before writing");
        }
        RecordDiff diff = RecordDiff.of(key, live.records(), change.desired());
        if (diff.isEmpty()) {
            return false; // only the TTL of proxied records differs, and Cloudflare keeps that automatic
        }
        String zone = key.zone();
        for (RecordDiff.Patched p : diff.patches()) {
            inZone(zone, live.zoneId(), () -> client.patch(live.zoneId(), zone, p.record(), p.patch()));
        }
        for (CloudflareWire.NewRecord r : diff.creates()) {
            inZone(zone, live.zoneId(), () -> client.create(live.zoneId(), zone, r));
        }
        for (CloudflareWire.DnsRecord r : diff.deletes()) {
            inZone(zone, live.zoneId(), () -> {
                client.delete(live.zoneId(), zone, r);
                return null;
            });
        }
        return true;
    }

    /** What Cloudflare holds for the key: its zone id, the records, and them as a record set (null for none). */
    private record Live(String zoneId, List<CloudflareWire.DnsRecord> records, RecordSet set) {}

    private Live live(RecordKey key) {
        String zoneId = zoneId(key.zone());
        List<CloudflareWire.DnsRecord> records = new ArrayList<>();
        for (CloudflareWire.DnsRecord r : inZone(key.zone(), zoneId,
                () -> client.records(zoneId, key.zone(), key.name(), key.type().name()))) {
            // filter here too: a proxy or an older API might not apply the filters exactly
            if (r.name() != null && DnsNames.normalise(r.name()).equals(key.name()) && key.type().name().equalsIgnoreCase(r.type())) {
                records.add(r);
            }
        }
        RecordSet set = toModel(key, records);
        if (set != null && records.stream().anyMatch(CloudflareWire.DnsRecord::isProxied) && warnedProxied.add(key)) {
            log.warn("provider '{}': {} is proxied by Cloudflare: clients resolve it to Cloudflare's own addresses, not to {};"
                    + " a failover changes only the origin Cloudflare forwards to, and the TTL stays automatic (300 s)",
                    name, key, set.values());
        }
        return new Live(zoneId, List.copyOf(records), set);
    }

    private RecordSet toModel(RecordKey key, List<CloudflareWire.DnsRecord> records) {
        if (records.isEmpty()) {
            return null;
        }
        List<String> values = records.stream().map(CloudflareWire.DnsRecord::content).toList();
        // records of one set may hold different TTLs; the longest is how long the old answer can linger. A
        // proxied record's answer is Cloudflare's address, which a failover does not change: its TTL counts only
        // when every record is proxied, and is then the one Cloudflare keeps (automatic, 300 s)
        boolean proxied = records.stream().allMatch(CloudflareWire.DnsRecord::isProxied);
        int ttl = records.stream().filter(r -> proxied || !r.isProxied()).mapToInt(RecordDiff::effectiveTtl).max()
                .orElse(RecordDiff.AUTO_TTL_SECONDS);
        try {
            return new RecordSet(key, ttl, values.stream().map(c -> CloudflareWire.value(key.type(), c)).toList(), proxied);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProviderException(Kind.INVALID, "provider '" + name + "': Cloudflare serves " + key + " " + values
                    + ", which dnsfailover cannot manage (" + e.getMessage() + "): fix the records by hand", null, e);
        }
    }

    /** The zone's id, looked up by exact name once and kept (ids are stable; a lookup costs rate budget). */
    private String zoneId(String zone) {
        String cached = zoneIds.get(zone);
        if (cached != null) {
            return cached;
        }
        List<CloudflareWire.Zone> exact = client.zones(zone).stream()
                .filter(z -> z.id() != null && z.name() != null && DnsNames.normalise(z.name()).equals(zone))
                .toList();
        if (exact.isEmpty()) {
            throw failures.zoneNotFound(zone);
        }
        List<CloudflareWire.Zone> chosen = exact;
        if (exact.size() > 1) {
            chosen = exact.stream().filter(z -> "active".equalsIgnoreCase(z.status())).toList();
            if (chosen.size() != 1) {
                throw failures.zoneAmbiguous(zone, exact.stream().map(CloudflareWire.Zone::id).toList());
            }
        }
        String id = chosen.get(0).id();
        zoneIds.put(zone, id);
        return id;
    }

    /** Runs a call on a zone; when Cloudflare no longer knows the zone, forgets its id so the next call looks again. */
    private <T> T inZone(String zone, String zoneId, Supplier<T> call) {
        try {
            return call.get();
        } catch (ProviderException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                zoneIds.remove(zone, zoneId);
            }
            throw e;
        }
    }

    /**
     * The changes in the order to run them: a delete whose name another change of the batch gives a type
     * that cannot live beside it (CNAME vs anything) goes first, as Cloudflare refuses the create otherwise
     * (81053/81054). Everything else keeps its order.
     */
    static List<Change> ordered(List<Change> changes) {
        List<Change> first = new ArrayList<>();
        List<Change> rest = new ArrayList<>();
        for (Change c : changes) {
            boolean makesRoom = c.desired() == null && changes.stream().anyMatch(o -> o.desired() != null
                    && o.key().name().equals(c.key().name()) && o.key().type() != c.key().type()
                    && (o.key().type() == RecordType.CNAME || c.key().type() == RecordType.CNAME));
            (makesRoom ? first : rest).add(c);
        }
        first.addAll(rest);
        return first;
    }

    private void requireSupported(RecordKey key) {
        if (!capabilities().supports(key.type())) {
            throw new ProviderException(Kind.INVALID, "provider '" + name + "': Cloudflare has no " + key.type()
                    + " records (" + key + "): use CNAME, which Cloudflare flattens at the zone apex, or A/AAAA");
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
        return "CloudflareProvider[" + name + ", " + client.display() + "]";
    }
}
