package io.dnsfailover.providers.cloudflare;

import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What to send to Cloudflare to turn the records of one name and type into a desired record set. Cloudflare
 * keeps one record (with its own id) per value, so a set of several values is several records: values that
 * stay keep their record untouched; a record whose value goes is re-pointed with a PATCH of its content (a
 * swap: the id, proxied, comment and tags stay); what is left over is created or deleted. Pure.
 *
 * @param patches records to PATCH, each with only the fields that change
 * @param creates records to POST
 * @param deletes records to DELETE
 */
record RecordDiff(List<Patched> patches, List<CloudflareWire.NewRecord> creates, List<CloudflareWire.DnsRecord> deletes) {

    /** Cloudflare's TTL value for "automatic". */
    static final int AUTO_TTL = 1;
    /** What "automatic" means: Cloudflare serves such records with a TTL of 300 s. */
    static final int AUTO_TTL_SECONDS = 300;

    /** One PATCH: the record as read, and its changed fields. */
    record Patched(CloudflareWire.DnsRecord record, CloudflareWire.Patch patch) {}

    RecordDiff {
        patches = List.copyOf(patches);
        creates = List.copyOf(creates);
        deletes = List.copyOf(deletes);
    }

    boolean isEmpty() {
        return patches.isEmpty() && creates.isEmpty() && deletes.isEmpty();
    }

    /**
     * @param live the records Cloudflare holds for the key's name and type
     * @param desired what should be served, or {@code null} to delete them all
     */
    static RecordDiff of(RecordKey key, List<CloudflareWire.DnsRecord> live, RecordSet desired) {
        if (desired == null) {
            return new RecordDiff(List.of(), List.of(), live);
        }
        Set<String> missing = new LinkedHashSet<>(desired.values());
        List<CloudflareWire.DnsRecord> kept = new ArrayList<>();
        List<CloudflareWire.DnsRecord> spare = new ArrayList<>();
        for (CloudflareWire.DnsRecord r : live) {
            String value = normalised(key, r.content());
            if (value != null && missing.remove(value)) {
                kept.add(r);
            } else {
                spare.add(r);
            }
        }
        int ttl = desired.ttl();
        List<Patched> patches = new ArrayList<>();
        List<String> toCreate = new ArrayList<>(missing);
        while (!spare.isEmpty() && !toCreate.isEmpty()) {
            CloudflareWire.DnsRecord r = spare.remove(0);
            String content = CloudflareWire.content(key.type(), toCreate.remove(0));
            patches.add(new Patched(r, new CloudflareWire.Patch(content, ttlChange(r, ttl))));
        }
        for (CloudflareWire.DnsRecord r : kept) {
            Integer change = ttlChange(r, ttl);
            if (change != null) {
                patches.add(new Patched(r, new CloudflareWire.Patch(null, change)));
            }
        }
        // a value added beside proxied records is proxied too, so that the name does not answer both ways
        boolean proxied = !live.isEmpty() && live.stream().allMatch(CloudflareWire.DnsRecord::isProxied);
        List<CloudflareWire.NewRecord> creates = new ArrayList<>();
        for (String value : toCreate) {
            creates.add(new CloudflareWire.NewRecord(key.type().name(), key.name(), CloudflareWire.content(key.type(), value), ttl,
                    proxied));
        }
        return new RecordDiff(patches, creates, spare);
    }

    /** The TTL a record is served with: automatic (1, or absent) is 300 s. */
    static int effectiveTtl(CloudflareWire.DnsRecord r) {
        return r.ttl() == null || r.ttl() == AUTO_TTL ? AUTO_TTL_SECONDS : r.ttl();
    }

    /**
     * The TTL to send, or {@code null} when it stays: already served with that TTL, or proxied (Cloudflare
     * keeps a proxied record's TTL at automatic whatever is sent).
     */
    private static Integer ttlChange(CloudflareWire.DnsRecord r, int ttl) {
        return r.isProxied() || effectiveTtl(r) == ttl ? null : ttl;
    }

    /** The model's form of a record's content, or {@code null} when it is no valid value of the type. */
    static String normalised(RecordKey key, String content) {
        if (content == null) {
            return null;
        }
        try {
            return RecordSet.normaliseValue(key.type(), CloudflareWire.value(key.type(), content));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
