package io.dnsfailover.providers.route53;

import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsNames;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Route 53 account: finds the hosted zone by its exact name (cached), reads one simple record set, and
 * writes the changes of an apply to one zone as one transactional batch that, for each record set, DELETEs
 * the live set with its exact values and TTL and CREATEs the desired one, so that Route 53 itself refuses
 * the whole batch (CONFLICT) when a set changed since it was read; an ownership marker and the record it
 * marks land together or not at all. Changes to one zone are serialised, as Route 53 refuses overlapping
 * ones (PriorRequestNotComplete). {@link #awaitSync} polls GetChange until INSYNC. Thread safe.
 */
final class Route53Provider implements DnsProvider {

    private static final Logger log = LoggerFactory.getLogger(Route53Provider.class);

    /** Zones of one name are adjacent, so a few per page finds a public and a private one together. */
    static final int ZONE_PAGE = 10;
    /** The listing starts at our set; the rest of the page is the next names of the zone. */
    static final int RECORD_PAGE = 10;
    /** A bound on paging, should a server keep pointing at the same place. */
    private static final int MAX_PAGES = 20;

    private final String name;
    private final Route53Client client;
    private final Duration firstPoll;
    private final Duration maxPoll;
    private final ConcurrentHashMap<String, String> zoneIds = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ReentrantLock> zoneLocks = new ConcurrentHashMap<>();

    /** The live set and how Route 53 holds it (null when there is none). */
    private record Live(RecordSet set, Route53Wire.RRSet wire) {}

    /**
     * @param firstPoll the wait before the first GetChange; it doubles up to {@code maxPoll}, because the
     *     polls count against the account's 5 requests per second
     */
    Route53Provider(String name, Route53Client client, Duration firstPoll, Duration maxPoll) {
        this.name = Objects.requireNonNull(name, "name");
        this.client = Objects.requireNonNull(client, "client");
        this.firstPoll = Objects.requireNonNull(firstPoll, "firstPoll");
        this.maxPoll = Objects.requireNonNull(maxPoll, "maxPoll");
    }

    @Override
    public Capabilities capabilities() {
        return Route53ProviderFactory.CAPABILITIES;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sets with a routing policy (SetIdentifier) or alias records fail with INVALID: dnsfailover manages
     * only simple record sets, and must not fight Route 53's own failover routing.
     */
    @Override
    public Optional<RecordSet> read(RecordKey key) {
        requireSupported(key);
        return Optional.ofNullable(inZone(key.zone(), zoneId -> live(zoneId, key)).set());
    }

    /**
     * {@inheritDoc}
     *
     * <p>Per change: one listing; then, for each run of changes to one zone (a marker and its record), one
     * ChangeResourceRecordSets holding all of them that must change, so that they land together or not at
     * all. Each batch's change id goes into {@link ApplyResult#syncToken()} (comma-separated for several).
     */
    @Override
    public ApplyResult apply(List<Change> changes) {
        changes.forEach(change -> requireSupported(change.key()));
        List<String> changeIds = new ArrayList<>();
        int changed = 0;
        for (List<Change> batch : batches(changes)) {
            Written written = inZone(batch.get(0).key().zone(), zoneId -> write(zoneId, batch));
            changed += written.changed();
            if (written.changeId() != null) {
                changeIds.add(written.changeId());
            }
        }
        return new ApplyResult(changed, changeIds.isEmpty() ? Optional.empty() : Optional.of(String.join(",", changeIds)));
    }

    /**
     * The changes in runs for one ChangeBatch each: consecutive changes to one zone, each record set at most
     * once (a batch may not touch a set twice), in their order.
     */
    static List<List<Change>> batches(List<Change> changes) {
        List<List<Change>> batches = new ArrayList<>();
        List<Change> run = new ArrayList<>();
        for (Change change : changes) {
            boolean fits = run.isEmpty() || run.get(0).key().zone().equals(change.key().zone())
                    && run.stream().noneMatch(c -> c.key().equals(change.key()));
            if (!fits) {
                batches.add(run);
                run = new ArrayList<>();
            }
            run.add(change);
        }
        if (!run.isEmpty()) {
            batches.add(run);
        }
        return batches;
    }

    /** What one batch wrote: how many changes, and its change id (null when all were already in place). */
    private record Written(int changed, String changeId) {}

    /** Reads every set of the run, refuses the whole run if one was changed by someone else, then writes it. */
    private Written write(String zoneId, List<Change> run) {
        ReentrantLock lock = zoneLocks.computeIfAbsent(zoneId, id -> new ReentrantLock());
        lock.lock();
        try {
            List<Route53Wire.Change> batch = new ArrayList<>();
            List<Change> writing = new ArrayList<>();
            for (Change change : run) {
                RecordKey key = change.key();
                Live live = live(zoneId, key);
                if (change.isDoneIn(live.set())) {
                    continue;
                }
                if (!change.expects(live.set())) {
                    throw client.errors().fail(Kind.CONFLICT, key + " in Route 53 zone " + key.zone() + " is " + describe(live.set())
                            + ", not the expected " + describe(change.expected()) + ": someone changed it; re-read before writing",
                            null, null);
                }
                if (live.wire() != null) {
                    // exactly as Route 53 holds it: the DELETE is what makes the write conditional
                    batch.add(new Route53Wire.Change("DELETE", live.wire().name, live.wire().type, live.wire().ttl, live.wire().values()));
                }
                RecordSet desired = change.desired();
                if (desired != null) {
                    List<String> values = desired.values().stream().map(v -> Route53Wire.value(key.type(), v)).toList();
                    batch.add(new Route53Wire.Change("CREATE", DnsNames.absolute(key.name()), key.type().name(), desired.ttl(), values));
                }
                writing.add(change);
            }
            if (writing.isEmpty()) {
                return new Written(0, null);
            }
            String zone = writing.get(0).key().zone();
            String comment = "dnsfailover: " + String.join("; ", writing.stream().map(Change::toString).toList());
            String what = "change " + String.join(" and ", writing.stream().map(c -> c.key().toString()).toList());
            Route53Wire.ChangeInfo info = client.changeRecordSets(zoneId, zone, Route53Wire.changeBatch(comment, batch), what);
            return new Written(writing.size(), Route53Wire.bareId(info.id));
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Polls GetChange for each change id until it says INSYNC. A throttled or failed poll is just a
     * missed look (polling goes on until the deadline); a non-transient failure (e.g. AUTH) is thrown.
     */
    @Override
    public boolean awaitSync(ApplyResult result, Duration timeout) {
        if (result.syncToken().isEmpty()) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String changeId : result.syncToken().get().split(",")) {
            if (!awaitOne(changeId, deadline)) {
                return false;
            }
        }
        return true;
    }

    private boolean awaitOne(String changeId, long deadline) {
        Duration wait = firstPoll;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.max(0, Math.min(wait.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                String status = client.change(changeId).status;
                log.debug("provider {}: change {} is {}", name, changeId, status);
                if ("INSYNC".equals(status)) {
                    return true;
                }
            } catch (ProviderException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                log.debug("provider {}: polling change {} failed ({}), polling on", name, changeId, e.getMessage());
            }
            wait = wait.multipliedBy(2).compareTo(maxPoll) > 0 ? maxPoll : wait.multipliedBy(2);
        }
    }

    private Live live(String zoneId, RecordKey key) {
        String owner = DnsNames.absolute(key.name());
        String type = key.type().name();
        List<Route53Wire.RRSet> found = new ArrayList<>();
        String identifier = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Route53Wire.RecordSets listed = client.recordSets(zoneId, key.zone(), owner, type, identifier, RECORD_PAGE);
            for (Route53Wire.RRSet set : listed.sets()) {
                // the listing starts at the name, so the page also holds the names after it: filter exactly
                if (Route53Wire.normalName(set.name).equals(key.name()) && type.equals(set.type)) {
                    found.add(set);
                }
            }
            boolean more = listed.truncated && listed.nextIdentifier != null && type.equals(listed.nextType)
                    && Route53Wire.normalName(listed.nextName).equals(key.name());
            if (!more) {
                break;
            }
            identifier = listed.nextIdentifier;
        }
        if (found.isEmpty()) {
            return new Live(null, null);
        }
        List<String> routed = found.stream().map(s -> s.setIdentifier).filter(Objects::nonNull).toList();
        Route53Wire.RRSet set = found.get(0);
        if (!routed.isEmpty() || found.size() > 1) {
            throw client.errors().fail(Kind.INVALID, key + " in Route 53 zone " + key.zone() + " has " + found.size()
                    + " record sets with a routing policy (SetIdentifier " + routed + "): dnsfailover manages only simple"
                    + " records and must not fight Route 53's own routing; use a name of its own", null, null);
        }
        if (set.aliasTarget != null || set.ttl == null || set.values().isEmpty()) {
            throw client.errors().fail(Kind.INVALID, key + " in Route 53 zone " + key.zone() + " is an alias record:"
                    + " dnsfailover manages only record sets with values and a TTL; delete the alias or use another name",
                    null, null);
        }
        try {
            List<String> values = set.values().stream().map(v -> Route53Wire.modelValue(key.type(), v)).toList();
            return new Live(RecordSet.of(key, (int) Math.min(Integer.MAX_VALUE, set.ttl), values), set);
        } catch (IllegalArgumentException e) {
            throw client.errors().fail(Kind.INVALID, "Route 53 serves " + key + " " + set.values() + ", which dnsfailover"
                    + " cannot manage (" + e.getMessage() + "): fix the record by hand", null, e);
        }
    }

    /** Runs a call against the zone's id; forgets a cached id that Route 53 no longer knows. */
    private <T> T inZone(String zone, Function<String, T> call) {
        String zoneId = zoneIds.get(zone);
        if (zoneId == null) {
            // not computeIfAbsent: that would hold a map lock across an HTTP call
            zoneId = lookUpZone(zone);
            String raced = zoneIds.putIfAbsent(zone, zoneId);
            zoneId = raced != null ? raced : zoneId;
        }
        try {
            return call.apply(zoneId);
        } catch (ProviderException e) {
            if (e.kind() == Kind.NOT_FOUND) {
                zoneIds.remove(zone, zoneId);
            }
            throw e;
        }
    }

    /**
     * The bare id of the hosted zone named exactly {@code zone}. The listing starts at the first zone whose
     * name is not below it, so neighbours are skipped; of a public and a private zone with the name (split
     * horizon) the public one is meant, as failover serves the internet.
     */
    private String lookUpZone(String zone) {
        List<Route53Wire.HostedZone> named = new ArrayList<>();
        String start = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Route53Wire.HostedZones listed = client.hostedZonesByName(DnsNames.absolute(zone), start, ZONE_PAGE, zone);
            for (Route53Wire.HostedZone z : listed.zones()) {
                if (Route53Wire.normalName(z.name).equals(zone)) {
                    named.add(z);
                }
            }
            if (!listed.truncated || listed.nextHostedZoneId == null || !Route53Wire.normalName(listed.nextDnsName).equals(zone)) {
                break;
            }
            start = Route53Wire.bareId(listed.nextHostedZoneId);
        }
        List<Route53Wire.HostedZone> publicZones = named.stream().filter(z -> !z.isPrivate()).toList();
        List<Route53Wire.HostedZone> candidates = publicZones.isEmpty() ? named : publicZones;
        if (candidates.isEmpty()) {
            throw client.errors().fail(Kind.NOT_FOUND, "zone " + zone + " is not a hosted zone of this AWS account in "
                    + client.where() + ": create it, fix record.zone, or check that the credentials belong to the account"
                    + " that holds it", null, null);
        }
        if (candidates.size() > 1) {
            throw client.errors().fail(Kind.INVALID, client.where() + " holds " + candidates.size() + " "
                    + (publicZones.isEmpty() ? "private" : "public") + " hosted zones named " + zone + " ("
                    + candidates.stream().map(z -> Route53Wire.bareId(z.id)).toList() + "): dnsfailover cannot tell which one"
                    + " serves the name; delete the ones not in use", null, null);
        }
        return Route53Wire.bareId(candidates.get(0).id);
    }

    private void requireSupported(RecordKey key) {
        if (!capabilities().supports(key.type())) {
            throw new ProviderException(Kind.INVALID, "provider '" + name + "': the Route 53 adapter does not manage "
                    + key.type() + " records (" + key + "): Route 53 aliases point at AWS resources only; use A, AAAA or CNAME");
        }
    }

    private static String describe(RecordSet set) {
        return set == null ? "absent" : set.values() + " (TTL " + set.ttl() + ")";
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "Route53Provider[" + name + ", " + client + "]";
    }
}
