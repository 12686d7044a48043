package io.dnsfailover.providers.inmemory;

import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records in a map. Writes are conditional and atomic (one lock), like the best real APIs, so the code
 * that drives providers can be tested against the strictest behaviour. Thread safe.
 *
 * <p>Created with {@code serveDns}, it also answers DNS queries for its records on that loopback address
 * (UDP and TCP), so a user can {@code dig @127.0.0.1 -p 5353 www.demo.test} and watch a failover. Each
 * query sees the records as they are at that moment: a write is served by the next query. ANAME record
 * sets are stored but not served (A and AAAA queries at their names get an empty answer), because
 * flattening needs a resolver.
 */
public final class InMemoryProvider implements DnsProvider {

    private final Map<RecordKey, RecordSet> records = new HashMap<>();
    private int writes;
    private InMemoryDnsServer server;

    InMemoryProvider() {}

    @Override
    public Capabilities capabilities() {
        return InMemoryProviderFactory.CAPABILITIES;
    }

    @Override
    public synchronized Optional<RecordSet> read(RecordKey key) {
        return Optional.ofNullable(records.get(key));
    }

    @Override
    public synchronized ApplyResult apply(List<Change> changes) {
        int changed = 0;
        for (Change change : changes) {
            RecordSet live = records.get(change.key());
            if (change.isDoneIn(live)) {
                continue;
            }
            if (!change.expects(live)) {
                throw new ProviderException(ProviderException.Kind.CONFLICT, "in-memory provider: " + change.key()
                        + " is " + (live == null ? "absent" : live.values()) + ", not the expected "
                        + (change.expected() == null ? "absent" : change.expected().values()) + "; re-read before writing");
            }
            if (change.desired() == null) {
                records.remove(change.key());
            } else {
                records.put(change.key(), change.desired());
            }
            changed++;
            writes++;
        }
        return ApplyResult.of(changed);
    }

    /** How many record sets were written since creation (tests count DNS writes with it). */
    public synchronized int writes() {
        return writes;
    }

    /**
     * Where this provider answers DNS now: the bound address, with the real port when {@code serveDns}
     * asked for port 0. Empty when it was created without {@code serveDns}, or after {@link #close()}.
     */
    public synchronized Optional<InetSocketAddress> dnsAddress() {
        return server == null ? Optional.empty() : Optional.of(server.address());
    }

    /**
     * Stops answering DNS and frees the port. The records stay: providers of one config name share this
     * store, and a later {@code create} with {@code serveDns} starts answering again. Because the store is
     * shared, this stops the listener for every holder of the store. Idempotent.
     */
    @Override
    public void close() {
        InMemoryDnsServer stopping;
        synchronized (this) {
            stopping = server;
            server = null;
        }
        // outside the lock: the server's threads take it to read records, and close waits for them
        if (stopping != null) {
            stopping.close();
        }
    }

    /**
     * Starts answering DNS on {@code requested} unless this store already does there (a second
     * {@code create} of the same provider), so no second socket is opened.
     *
     * @param providerName the config name, for messages
     * @throws ProviderException INVALID when the store already answers on another address; UNAVAILABLE
     *     when the address cannot be bound (port in use, or below 1024 without the right to bind it)
     */
    synchronized void serveDns(InetSocketAddress requested, String providerName) {
        String where = ServeDnsAddress.format(requested);
        if (server != null) {
            if (server.serves(requested)) {
                return;
            }
            throw new ProviderException(ProviderException.Kind.INVALID, "in-memory provider '" + providerName
                    + "' already answers DNS on " + ServeDnsAddress.format(server.address())
                    + " and cannot also answer on " + where
                    + "; give every use of this provider the same serveDns, or close it first");
        }
        try {
            // binding under the lock is safe: the new threads wait for it only to read records
            server = InMemoryDnsServer.start(requested, new DnsAnswerer(this::snapshot));
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "in-memory provider '" + providerName
                    + "' cannot answer DNS on " + where + " (" + e.getMessage() + "); choose another port in serveDns"
                    + " (0 picks a free one); ports below 1024 need root", null, e);
        }
    }

    /** The records and the SOA serial, as one consistent view for one DNS answer. */
    private synchronized DnsAnswerer.Snapshot snapshot() {
        return new DnsAnswerer.Snapshot(List.copyOf(records.values()), writes);
    }
}
