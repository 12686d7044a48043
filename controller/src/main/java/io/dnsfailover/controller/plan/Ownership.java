package io.dnsfailover.controller.plan;

import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.util.Optional;

/**
 * The ownership marker: a TXT record beside each managed record, {@code _dnsfailover.<name> TXT
 * "heritage=dnsfailover,owner=<owner>"}, written with dnsfailover's first write of the record, so that a
 * second install (another team's, or a forgotten old one) sees the record is taken and refuses to write it
 * (external-dns's TXT registry is the model).
 */
public final class Ownership {

    /** The label in front of the managed name. */
    public static final String LABEL = "_dnsfailover.";

    private static final String HERITAGE = "heritage=dnsfailover";

    private Ownership() {}

    /** The marker's key for a managed record. */
    public static RecordKey markerKey(RecordKey record) {
        return new RecordKey(record.zone(), LABEL + record.name(), RecordType.TXT);
    }

    /** The marker's text for {@code owner}. */
    public static String value(String owner) {
        return HERITAGE + ",owner=" + owner;
    }

    /** The marker record set that says {@code owner} manages {@code record}. */
    public static RecordSet marker(RecordKey record, int ttl, String owner) {
        return RecordSet.of(markerKey(record), ttl, value(owner));
    }

    /**
     * Who the marker names: empty when there is no marker; {@code Claim.unreadable} when the TXT record at
     * the marker's name was not written by dnsfailover (a human or another tool put something there).
     */
    public static Optional<Claim> claim(Optional<RecordSet> marker) {
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        for (String v : marker.get().values()) {
            String[] parts = v.split(",");
            if (parts.length >= 2 && parts[0].trim().equals(HERITAGE)) {
                for (String p : parts) {
                    String t = p.trim();
                    if (t.startsWith("owner=") && t.length() > "owner=".length()) {
                        return Optional.of(new Claim(t.substring("owner=".length()), null));
                    }
                }
            }
        }
        return Optional.of(new Claim(null, String.join(" ", marker.get().values())));
    }

    /**
     * What a marker says.
     *
     * @param owner the install that claims the record, or {@code null} when the text is not a dnsfailover marker
     * @param text the whole text when it is not one
     */
    public record Claim(String owner, String text) {

        /** True when the marker names {@code us}. */
        public boolean isOurs(String us) {
            return us.equals(owner);
        }

        /** e.g. {@code owner=web1:/var/lib/dnsfailover}, or the foreign text in quotes. */
        public String describe() {
            return owner != null ? "owner=" + owner : "\"" + text + "\" (not written by dnsfailover)";
        }
    }
}
