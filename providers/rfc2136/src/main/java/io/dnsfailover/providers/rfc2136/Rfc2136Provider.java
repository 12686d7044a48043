package io.dnsfailover.providers.rfc2136;

import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.ProviderException.Kind;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;

/**
 * A zone on an RFC 2136 server (BIND, Knot, ...), read with DNS queries and written with dynamic
 * updates whose prerequisites make every write conditional on the record set read just before it.
 *
 * <p>Thread safe. Never retries (the controller does), and never sees a dry-run flag.
 */
final class Rfc2136Provider implements DnsProvider {

    /**
     * A, AAAA, CNAME and TXT (the ownership marker); a server keeps TTL 0 as written; the prerequisites make
     * writes conditional; there is no sync signal.
     */
    static final Capabilities CAPABILITIES =
            new Capabilities(EnumSet.of(RecordType.A, RecordType.AAAA, RecordType.CNAME, RecordType.TXT), 0, true, false);

    private final Rfc2136Client client;

    Rfc2136Provider(Rfc2136Client client) {
        this.client = client;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * Asks the server, without recursion, for the name and type, and keeps only the records owned by
     * that name of that type (an A query for an alias answers with the CNAME and the target's addresses).
     */
    @Override
    public Optional<RecordSet> read(RecordKey key) {
        return readLive(key).set();
    }

    /** What a read found: the key's records as the server sent them, and the same in the model. */
    private record Live(List<Record> records, Optional<RecordSet> set) {}

    private Live readLive(RecordKey key) {
        requireSupported(key);
        Message response = client.query(key.zone(), Rfc2136Wire.name(key.name()), Rfc2136Wire.type(key.type()));
        List<Record> records = Rfc2136Wire.rrset(key, response);
        try {
            return new Live(records, Rfc2136Wire.recordSet(key, records));
        } catch (IllegalArgumentException e) {
            throw new ProviderException(Kind.INVALID, "server " + client.server() + " serves " + key
                    + " with a value dnsfailover cannot manage: " + e.getMessage(), null, e);
        }
    }

    /**
     * For each change: reads the live set, skips it when already desired, fails with CONFLICT when it is
     * not the expected one, and otherwise sends one UPDATE whose prerequisites are the records just read, so
     * that the server itself refuses the write (CONFLICT) if the set changed in between. Reads back
     * afterwards, because BIND answers NOERROR yet ignores a CNAME added next to other data.
     */
    @Override
    public ApplyResult apply(List<Change> changes) {
        int changed = 0;
        for (Change change : changes) {
            RecordKey key = change.key();
            Live live = readLive(key);
            RecordSet set = live.set().orElse(null);
            if (change.isDoneIn(set)) {
                continue;
            }
            if (!change.expects(set)) {
                throw new ProviderException(Kind.CONFLICT, key + " in zone " + key.zone() + " on server " + client.server()
                        + " is " + describe(set) + ", not the expected " + describe(change.expected())
                        + ": it was changed outside this write; re-read");
            }
            client.update(key.zone(), Rfc2136Wire.update(key.zone(), key, live.records(), change.desired()), key.toString());
            changed++;
            RecordSet now = read(key).orElse(null);
            if (!change.isDoneIn(now)) {
                throw new ProviderException(Kind.INVALID, "server " + client.server() + " accepted the update of " + key
                        + " in zone " + key.zone() + " but serves " + describe(now) + " instead of " + describe(change.desired())
                        + ": a CNAME cannot share its name with other records (BIND ignores such an update); remove the"
                        + " other records of " + key.name() + " or see the server's log");
            }
        }
        return ApplyResult.of(changed);
    }

    private static void requireSupported(RecordKey key) {
        if (!CAPABILITIES.supports(key.type())) {
            throw new ProviderException(Kind.INVALID, "an rfc2136 provider cannot manage " + key
                    + ": RFC 2136 servers have no ANAME records (this adapter manages A, AAAA, CNAME and TXT); use a CNAME"
                    + " below the apex");
        }
    }

    private static String describe(RecordSet set) {
        return set == null ? "absent" : set.ttl() + " " + set.values();
    }

    @Override
    public String toString() {
        return "Rfc2136Provider[" + client + "]";
    }
}
