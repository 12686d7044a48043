package io.dnsfailover.providers.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dnsfailover.providers.ApplyResult;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.DnsProvider;
import io.dnsfailover.providers.ProviderException;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DnsProvider} adapter passes. Subclass it in the adapter's tests, give it a
 * provider pointed at a real server or a stateful fake, and (where there is a server to ask) override
 * {@link #served} so that every write is also checked with a real DNS query.
 *
 * <p>Each test works on names of its own below {@link #zone()}, so the tests may share one server.
 */
public abstract class DnsProviderContract {

    private static final AtomicInteger NAMES = new AtomicInteger();

    /** The adapter under test; may be the same instance for every test. */
    protected abstract DnsProvider provider();

    /** A zone that exists at the provider and that the provider may write to. */
    protected abstract String zone();

    /**
     * What the provider's authoritative server answers for the name, asked with a real DNS query; empty
     * when the adapter under test has no server to ask (a fake API).
     */
    protected Optional<DnsQuery.Answer> served(String name, RecordType type) {
        return Optional.empty();
    }

    /** A name below the zone that no other test uses. */
    protected String freshName(String label) {
        return label + "-" + NAMES.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36) + "." + zone();
    }

    protected RecordKey key(String label, RecordType type) {
        return new RecordKey(zone(), freshName(label), type);
    }

    private void assertServed(RecordSet expected) {
        served(expected.key().name(), expected.key().type()).ifPresent(answer -> {
            assertThat(answer.values()).as("values served for " + expected.key()).isEqualTo(expected.values());
            assertThat(answer.ttl()).as("TTL served for " + expected.key()).isEqualTo(expected.ttl());
        });
    }

    private void assertNotServed(RecordKey key) {
        served(key.name(), key.type()).ifPresent(answer ->
                assertThat(answer.values()).as("values served for " + key).isEmpty());
    }

    @Test
    void readsAMissingRecordSetAsEmpty() {
        RecordKey key = key("missing", RecordType.A);
        assertThat(provider().read(key)).isEmpty();
    }

    @Test
    void createsARecordSet() {
        RecordSet set = RecordSet.of(key("create", RecordType.A), 60, "192.0.2.10");
        ApplyResult result = provider().apply(List.of(Change.create(set)));
        assertThat(result.changed()).isEqualTo(1);
        assertThat(provider().read(set.key())).contains(set);
        assertServed(set);
    }

    @Test
    void replacesTheValues() {
        RecordSet before = RecordSet.of(key("replace", RecordType.A), 60, "192.0.2.10");
        RecordSet after = RecordSet.of(before.key(), 60, "198.51.100.20");
        provider().apply(List.of(Change.create(before)));
        provider().apply(List.of(Change.replace(before, after)));
        assertThat(provider().read(before.key())).contains(after);
        assertServed(after);
    }

    @Test
    void changesTheTtl() {
        RecordSet before = RecordSet.of(key("ttl", RecordType.A), 300, "192.0.2.10");
        // as low as a failover record goes, but never below what the provider says it can hold
        RecordSet after = before.withTtl(Math.max(30, provider().capabilities().minimumTtl()));
        provider().apply(List.of(Change.create(before)));
        provider().apply(List.of(Change.replace(before, after)));
        assertThat(provider().read(before.key())).contains(after);
        assertServed(after);
    }

    @Test
    void replacesOneValueByThreeAndBack() {
        RecordSet one = RecordSet.of(key("multi", RecordType.A), 60, "192.0.2.1");
        RecordSet three = RecordSet.of(one.key(), 60, "192.0.2.3", "192.0.2.1", "192.0.2.2");
        provider().apply(List.of(Change.create(one)));
        provider().apply(List.of(Change.replace(one, three)));
        assertThat(provider().read(one.key())).contains(three);
        assertServed(three);
        RecordSet back = RecordSet.of(one.key(), 60, "192.0.2.2");
        provider().apply(List.of(Change.replace(three, back)));
        assertThat(provider().read(one.key())).contains(back);
        assertServed(back);
    }

    @Test
    void applyingTheSameChangeTwiceIsIdempotent() {
        RecordSet before = RecordSet.of(key("twice", RecordType.A), 60, "192.0.2.10");
        RecordSet after = RecordSet.of(before.key(), 60, "198.51.100.20");
        provider().apply(List.of(Change.create(before)));
        provider().apply(List.of(Change.replace(before, after)));
        ApplyResult again = provider().apply(List.of(Change.replace(before, after)));
        assertThat(again.changed()).isZero();
        assertThat(provider().read(before.key())).contains(after);
        assertThat(provider().apply(List.of(Change.create(after))).changed()).isZero();
    }

    @Test
    void deletesARecordSet() {
        RecordSet set = RecordSet.of(key("delete", RecordType.A), 60, "192.0.2.10");
        provider().apply(List.of(Change.create(set)));
        provider().apply(List.of(Change.delete(set)));
        assertThat(provider().read(set.key())).isEmpty();
        assertNotServed(set.key());
    }

    /**
     * Every adapter refuses to overwrite a value it did not expect: atomically where the API allows
     * ({@code conditionalWrites}), by read-compare-write elsewhere.
     */
    @Test
    void refusesAStaleWrite() {
        RecordSet read = RecordSet.of(key("stale", RecordType.A), 60, "192.0.2.10");
        RecordSet byHand = RecordSet.of(read.key(), 60, "203.0.113.99");
        RecordSet wanted = RecordSet.of(read.key(), 60, "198.51.100.20");
        provider().apply(List.of(Change.create(read)));
        provider().apply(List.of(Change.replace(read, byHand)));

        assertThatThrownBy(() -> provider().apply(List.of(Change.replace(read, wanted))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.CONFLICT);
                    assertThat(e.isTransient()).isFalse();
                });
        assertThat(provider().read(read.key())).as("the value set by hand is kept").contains(byHand);
        assertServed(byHand);
    }

    @Test
    void acceptsNamesWithOrWithoutTheTrailingDotAndInAnyCase() {
        RecordKey plain = key("case", RecordType.A);
        RecordKey shouted = new RecordKey(zone().toUpperCase(Locale.ROOT) + ".", plain.name().toUpperCase(Locale.ROOT) + ".", RecordType.A);
        assertThat(shouted).isEqualTo(plain);
        RecordSet set = RecordSet.of(shouted, 60, "192.0.2.10");
        provider().apply(List.of(Change.create(set)));
        assertThat(provider().read(plain)).contains(RecordSet.of(plain, 60, "192.0.2.10"));
        assertServed(set);
    }

    @Test
    void writesAnAaaaRecordSet() {
        assumeTrue(provider().capabilities().supports(RecordType.AAAA), "the adapter does not support AAAA");
        RecordSet set = RecordSet.of(key("v6", RecordType.AAAA), 60, "2001:DB8:0:0::10", "2001:db8::11");
        provider().apply(List.of(Change.create(set)));
        assertThat(provider().read(set.key())).contains(set);
        assertServed(set);
    }

    @Test
    void writesACnameRecordSet() {
        assumeTrue(provider().capabilities().supports(RecordType.CNAME), "the adapter does not support CNAME");
        RecordSet before = RecordSet.of(key("alias", RecordType.CNAME), 60, "Primary.Example.NET.");
        RecordSet after = RecordSet.of(before.key(), 60, "backup.example.net");
        provider().apply(List.of(Change.create(before)));
        provider().apply(List.of(Change.replace(before, after)));
        assertThat(provider().read(before.key())).contains(after);
        assertServed(after);
    }

    /**
     * The ownership marker dnsfailover keeps beside a managed record ({@code _dnsfailover.<name> TXT}):
     * created, replaced (another owner taking over) and read back as its plain text, without the quotes or
     * escapes of the provider's wire format, also when the text holds a space, a quote or a backslash.
     */
    @Test
    void writesTheOwnershipMarkerAsTxt() {
        assumeTrue(provider().capabilities().supports(RecordType.TXT), "the adapter does not support TXT");
        RecordKey key = new RecordKey(zone(), "_dnsfailover." + freshName("owned"), RecordType.TXT);
        RecordSet ours = RecordSet.of(key, 60, "heritage=dnsfailover,owner=web1:/var/lib/dnsfailover");
        provider().apply(List.of(Change.create(ours)));
        assertThat(provider().read(key)).contains(ours);
        assertServed(ours);
        RecordSet theirs = RecordSet.of(key, 60, "heritage=dnsfailover,owner=team \"b\" \\ web2");
        provider().apply(List.of(Change.replace(ours, theirs)));
        assertThat(provider().read(key)).contains(theirs);
        assertServed(theirs);
        provider().apply(List.of(Change.delete(theirs)));
        assertThat(provider().read(key)).isEmpty();
    }

    /** A marker and the record it marks are written in one apply, in order. */
    @Test
    void writesTheMarkerAndTheRecordInOneApply() {
        assumeTrue(provider().capabilities().supports(RecordType.TXT), "the adapter does not support TXT");
        RecordKey record = key("marked", RecordType.A);
        RecordKey marker = new RecordKey(zone(), "_dnsfailover." + record.name(), RecordType.TXT);
        RecordSet mark = RecordSet.of(marker, 60, "heritage=dnsfailover,owner=web1");
        RecordSet set = RecordSet.of(record, 60, "192.0.2.10");
        ApplyResult result = provider().apply(List.of(Change.create(mark), Change.create(set)));
        assertThat(result.changed()).isEqualTo(2);
        assertThat(provider().read(marker)).contains(mark);
        assertThat(provider().read(record)).contains(set);
        assertServed(set);
    }
}
