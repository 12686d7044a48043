package io.dnsfailover.controller.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigLoader;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.Decision;
import io.dnsfailover.providers.Capabilities;
import io.dnsfailover.providers.Change;
import io.dnsfailover.providers.RecordKey;
import io.dnsfailover.providers.RecordSet;
import io.dnsfailover.providers.RecordType;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {

    static final String OWNER = "web1:/var/lib/dnsfailover";
    static final Capabilities PLAIN = new Capabilities(EnumSet.of(RecordType.A), 1, false, false);
    static final Capabilities MARKED = new Capabilities(EnumSet.of(RecordType.A, RecordType.TXT), 1, false, false);
    static final Capabilities MIN300 = new Capabilities(EnumSet.of(RecordType.A), 300, false, false);

    static GroupConfig group() {
        String yaml = """
                providers:
                  a: { type: inmemory }
                  b: { type: inmemory }
                groups:
                  atlanta1:
                    record: { zone: hosting.com, name: atlanta1.hosting.com, type: A, ttl: 60 }
                    providers: [a, b]
                    targets: [ { name: primary, address: 203.0.113.10 }, { name: backup1, address: 198.51.100.20 } ]
                    check: { type: tcp, port: 80 }
                """;
        Config c = new ConfigLoader(Map.<String, String>of()::get).parse("t.yaml", yaml, Path.of("/tmp"));
        return c.groups().get("atlanta1");
    }

    static final GroupConfig G = group();
    static final RecordKey KEY = new RecordKey("hosting.com", "atlanta1.hosting.com", RecordType.A);
    static final Decision TO_BACKUP = new Decision(List.of("backup1"), List.of("198.51.100.20"), true, "primary DOWN");
    static final Decision KEEP = new Decision(List.of("primary"), List.of("203.0.113.10"), false, "primary UP");

    static Planner.Current serving(String provider, Capabilities caps, String... values) {
        return Planner.Current.served(provider, values.length == 0 ? Optional.empty() : Optional.of(RecordSet.of(KEY, 60, values)), caps);
    }

    @Test
    void aProviderThatServesTheDecisionNeedsNoChange() {
        Plan p = Planner.plan(G, KEEP, List.of(serving("a", PLAIN, "203.0.113.10"), serving("b", PLAIN, "203.0.113.10")), List.of(),
                false, OWNER);
        assertThat(p.hasChanges()).isFalse();
        assertThat(p.applicable()).isFalse();
        assertThat(p.refusals()).isEmpty();
    }

    @Test
    void replacesWhatIsServedAndCreatesWhatIsMissing() {
        Plan p = Planner.plan(G, TO_BACKUP, List.of(serving("a", PLAIN, "203.0.113.10"), serving("b", PLAIN)), List.of(), false, OWNER);
        RecordSet desired = RecordSet.of(KEY, 60, "198.51.100.20");
        assertThat(p.changes()).containsExactly(
                new Plan.ProviderChange("a", Change.replace(RecordSet.of(KEY, 60, "203.0.113.10"), desired)),
                new Plan.ProviderChange("b", Change.create(desired)));
        assertThat(p.applicable()).isTrue();
        assertThat(p.desired()).isEqualTo(desired);
    }

    @Test
    void aProxiedRecordWithTheDecidedValuesNeedsNoChangeWhateverItsTtl() {
        Planner.Current a = Planner.Current.served("a", Optional.of(RecordSet.of(KEY, 300, "198.51.100.20").asProxied()), PLAIN);

        Plan p = Planner.plan(G, TO_BACKUP, List.of(a), List.of(), false, OWNER);

        assertThat(p.hasChanges()).as("a proxied record's TTL is the provider's: no write can change it").isFalse();
    }

    @Test
    void aProxiedRecordIsPlannedOnItsValuesAndKeepsTheTtlTheProviderServes() {
        RecordSet live = RecordSet.of(KEY, 300, "203.0.113.10").asProxied();
        Planner.Current a = Planner.Current.served("a", Optional.of(live), PLAIN);

        Plan p = Planner.plan(G, TO_BACKUP, List.of(a), List.of(), false, OWNER);

        assertThat(p.changes()).containsExactly(new Plan.ProviderChange("a",
                Change.replace(live, RecordSet.of(KEY, 300, "198.51.100.20").asProxied())));
        assertThat(p.desired()).as("what the group decided").isEqualTo(RecordSet.of(KEY, 60, "198.51.100.20"));
        assertThat(PlanPrinter.text(p)).contains("~ atlanta1.hosting.com A 300 proxied [203.0.113.10] -> [198.51.100.20]");
        assertThat(PlanPrinter.json(p).toString()).contains("\"to\":{\"ttl\":300,\"values\":[\"198.51.100.20\"],\"proxied\":true}");
    }

    @Test
    void aTtlChangeAloneIsAChange() {
        Planner.Current a = Planner.Current.served("a", Optional.of(RecordSet.of(KEY, 300, "198.51.100.20")), PLAIN);
        Plan p = Planner.plan(G, TO_BACKUP, List.of(a), List.of(), false, OWNER);
        assertThat(p.changes()).hasSize(1);
    }

    @Test
    void refusesAValueThatIsNoTargetAndNotOursUnlessForced() {
        List<Planner.Current> reads = List.of(serving("a", PLAIN, "192.0.2.99"));
        Plan p = Planner.plan(G, TO_BACKUP, reads, List.of("203.0.113.10"), false, OWNER);
        assertThat(p.refusals()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(Plan.Rule.FOREIGN_VALUE);
            assertThat(r.forcible()).isTrue();
            assertThat(r.provider()).isEqualTo("a");
            assertThat(r.message()).isEqualTo("a serves [192.0.2.99] for atlanta1.hosting.com A, which is no target of atlanta1 and not "
                    + "what dnsfailover last wrote ([203.0.113.10]): someone changed it by hand, and dnsfailover does not overwrite that;"
                    + " fix the record, or use --force");
        });
        assertThat(p.applicable()).isFalse();
        assertThat(Planner.plan(G, TO_BACKUP, reads, List.of(), true, OWNER).refusals()).isEmpty();
    }

    @Test
    void acceptsWhatDnsfailoverItselfLastWrote() {
        Plan p = Planner.plan(G, TO_BACKUP, List.of(serving("a", PLAIN, "192.0.2.99")), List.of("192.0.2.99"), false, OWNER);
        assertThat(p.refusals()).isEmpty();
    }

    @Test
    void refusesATtlTheProviderCannotHoldEvenWhenForced() {
        Plan p = Planner.plan(G, TO_BACKUP, List.of(serving("a", MIN300, "203.0.113.10")), List.of(), true, OWNER);
        assertThat(p.refusals()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo(Plan.Rule.TTL_TOO_LOW);
            assertThat(r.forcible()).isFalse();
            assertThat(r.message()).isEqualTo("a keeps no TTL below 300 s, and the record's TTL is 60 s; raise record.ttl");
        });
        assertThat(p.changes()).isEmpty();
    }

    @Test
    void neverPublishesAnEmptyRecord() {
        Decision empty = new Decision(List.of(), List.of(), true, "nothing is UP");
        Plan p = Planner.plan(G, empty, List.of(serving("a", PLAIN, "203.0.113.10")), List.of(), true, OWNER);
        assertThat(p.refusals()).extracting(Plan.Refusal::rule).containsExactly(Plan.Rule.EMPTY_RECORD);
        assertThat(p.desired()).isNull();
        assertThat(Planner.plan(G, new Decision(List.of(), List.of(), false, "keep"), List.of(serving("a", PLAIN)), List.of(), false, OWNER)
                .refusals()).isEmpty();
    }

    @Test
    void listsTheProvidersThatCouldNotBeReadAndPlansTheOthers() {
        Plan p = Planner.plan(G, TO_BACKUP, List.of(Planner.Current.failed("a", "HTTP 503", PLAIN), serving("b", PLAIN, "203.0.113.10")),
                List.of(), false, OWNER);
        assertThat(p.unreadable()).containsExactly(new Plan.Unreadable("a", "HTTP 503"));
        assertThat(p.changedProviders()).containsExactly("b");
    }

    @Test
    void claimsTheRecordWithAMarkerWhereTheProviderHoldsOne() {
        Plan p = Planner.plan(G, TO_BACKUP, List.of(serving("a", MARKED, "203.0.113.10")), List.of(), false, OWNER);
        Change marker = p.changes().get(0).marker();
        assertThat(marker).isEqualTo(Change.create(Ownership.marker(KEY, 60, OWNER)));
        assertThat(p.changes().get(0).all()).as("marker first").containsExactly(marker, p.changes().get(0).change());
        Planner.Current ours = Planner.Current.served("a", Optional.of(RecordSet.of(KEY, 60, "203.0.113.10")),
                Optional.of(Ownership.marker(KEY, 60, OWNER)), MARKED);
        assertThat(Planner.plan(G, TO_BACKUP, List.of(ours), List.of(), false, OWNER).changes().get(0).marker()).isNull();
    }

    @Test
    void refusesARecordAnotherInstallOwnsUnlessForced() {
        RecordSet theirs = Ownership.marker(KEY, 60, "team-b");
        Planner.Current owned = Planner.Current.served("a", Optional.of(RecordSet.of(KEY, 60, "203.0.113.10")), Optional.of(theirs), MARKED);
        Plan p = Planner.plan(G, TO_BACKUP, List.of(owned), List.of(), false, OWNER);
        assertThat(p.refusals()).extracting(Plan.Refusal::rule).containsExactly(Plan.Rule.OWNED_ELSEWHERE);
        assertThat(p.refusals().get(0).forcible()).isTrue();
        Plan forced = Planner.plan(G, TO_BACKUP, List.of(owned), List.of(), true, OWNER);
        assertThat(forced.refusals()).isEmpty();
        assertThat(forced.changes().get(0).marker()).isEqualTo(Change.replace(theirs, Ownership.marker(KEY, 60, OWNER)));
    }

    @Test
    void readsAMarkerByItsOwnerField() {
        RecordKey mk = Ownership.markerKey(KEY);
        assertThat(mk.name()).isEqualTo("_dnsfailover.atlanta1.hosting.com");
        assertThat(mk.type()).isEqualTo(RecordType.TXT);
        assertThat(Ownership.claim(Optional.of(RecordSet.of(mk, 60, "heritage=dnsfailover,owner=x:/y")))).get()
                .satisfies(c -> assertThat(c.isOurs("x:/y")).isTrue());
        assertThat(Ownership.claim(Optional.of(RecordSet.of(mk, 60, "heritage=dnsfailover, owner=x")))).get()
                .satisfies(c -> assertThat(c.owner()).isEqualTo("x"));
        assertThat(Ownership.claim(Optional.of(RecordSet.of(mk, 60, "owner=x")))).get()
                .satisfies(c -> assertThat(c.owner()).isNull());
        assertThat(Ownership.claim(Optional.of(RecordSet.of(mk, 60, "heritage=dnsfailover,owner=")))).get()
                .satisfies(c -> assertThat(c.owner()).isNull());
        assertThat(Ownership.claim(Optional.empty())).isEmpty();
    }
}
