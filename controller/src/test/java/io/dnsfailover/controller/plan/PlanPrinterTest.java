package io.dnsfailover.controller.plan;

import static io.dnsfailover.controller.plan.PlannerTest.G;
import static io.dnsfailover.controller.plan.PlannerTest.KEEP;
import static io.dnsfailover.controller.plan.PlannerTest.MARKED;
import static io.dnsfailover.controller.plan.PlannerTest.OWNER;
import static io.dnsfailover.controller.plan.PlannerTest.PLAIN;
import static io.dnsfailover.controller.plan.PlannerTest.TO_BACKUP;
import static io.dnsfailover.controller.plan.PlannerTest.serving;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden tests: the exact text and JSON a user sees. */
class PlanPrinterTest {

    @Test
    void printsOneLinePerDistinctChangeWithTheProvidersItAppliesTo() {
        Plan p = Planner.plan(G, TO_BACKUP, List.of(serving("a", PLAIN, "203.0.113.10"), serving("b", PLAIN, "203.0.113.10")), List.of(),
                false, OWNER);
        assertThat(PlanPrinter.text(p)).isEqualTo("""
                ~ atlanta1.hosting.com A 60 [203.0.113.10] -> [198.51.100.20] (primary DOWN)
                    on a, b
                """);
    }

    @Test
    void printsACreateAndAReplaceApart() {
        Plan p = Planner.plan(G, TO_BACKUP, List.of(serving("a", PLAIN, "203.0.113.10"), serving("b", PLAIN)), List.of(), false, OWNER);
        assertThat(PlanPrinter.text(p)).isEqualTo("""
                ~ atlanta1.hosting.com A 60 [203.0.113.10] -> [198.51.100.20] (primary DOWN)
                    on a
                + atlanta1.hosting.com A 60 [198.51.100.20] (primary DOWN)
                    on b
                """);
    }

    @Test
    void printsATtlChange() {
        Plan p = Planner.plan(G, TO_BACKUP, List.of(serving("a", PLAIN, "203.0.113.10")), List.of(), false, OWNER);
        Plan ttl = new Plan(p.group(), p.key(), p.decision(), p.desired(), List.of(new Plan.ProviderChange("a",
                io.dnsfailover.providers.Change.replace(p.desired().withTtl(300), p.desired()))), List.of(), List.of());
        assertThat(PlanPrinter.text(ttl)).isEqualTo("""
                ~ atlanta1.hosting.com A 300 -> 60 [198.51.100.20] -> [198.51.100.20] (primary DOWN)
                    on a
                """);
    }

    @Test
    void printsTheOwnershipMarkerWrittenWithTheChange() {
        Plan p = Planner.plan(G, TO_BACKUP, List.of(serving("a", MARKED, "203.0.113.10"), serving("b", PLAIN, "203.0.113.10")), List.of(),
                false, OWNER);
        assertThat(PlanPrinter.text(p)).isEqualTo("""
                ~ atlanta1.hosting.com A 60 [203.0.113.10] -> [198.51.100.20] (primary DOWN)
                    on a, b
                  + _dnsfailover.atlanta1.hosting.com TXT [heritage=dnsfailover,owner=web1:/var/lib/dnsfailover] (ownership marker) on a
                """);
    }

    @Test
    void printsNoChangeRefusalsAndUnreadableProviders() {
        Plan none = Planner.plan(G, KEEP, List.of(serving("a", PLAIN, "203.0.113.10"), io.dnsfailover.controller.plan.Planner.Current
                .failed("b", "HTTP 503 from the API", PLAIN)), List.of(), false, OWNER);
        assertThat(PlanPrinter.text(none)).isEqualTo("""
                  atlanta1.hosting.com A: no change (primary UP)
                  UNREADABLE b: HTTP 503 from the API
                """);
        Plan refused = Planner.plan(G, TO_BACKUP, List.of(serving("a", PLAIN, "192.0.2.99")), List.of(), false, OWNER);
        assertThat(PlanPrinter.text(refused)).isEqualTo("""
                ~ atlanta1.hosting.com A 60 [192.0.2.99] -> [198.51.100.20] (primary DOWN)
                    on a
                  REFUSED on a: a serves [192.0.2.99] for atlanta1.hosting.com A, which is no target of atlanta1 and not what \
                dnsfailover last wrote: someone changed it by hand, and dnsfailover does not overwrite that; fix the record, or use --force
                """);
    }

    @Test
    void printsJsonWithDecisionChangesMarkerRefusalsAndUnreadable() {
        Plan p = Planner.plan(G, TO_BACKUP, List.of(serving("a", MARKED, "192.0.2.99"), io.dnsfailover.controller.plan.Planner.Current
                .failed("b", "HTTP 503", PLAIN)), List.of(), false, OWNER);
        assertThat(PlanPrinter.json(p).toString()).isEqualTo("{\"name\":\"atlanta1\",\"record\":{\"zone\":\"hosting.com\","
                + "\"name\":\"atlanta1.hosting.com\",\"type\":\"A\"},\"decision\":{\"targets\":[\"backup1\"],\"values\":[\"198.51.100.20\"],"
                + "\"change\":true,\"reason\":\"primary DOWN\"},\"changes\":[{\"provider\":\"a\",\"action\":\"update\",\"from\":{\"ttl\":60,"
                + "\"values\":[\"192.0.2.99\"]},\"to\":{\"ttl\":60,\"values\":[\"198.51.100.20\"]},\"marker\":{\"name\":"
                + "\"_dnsfailover.atlanta1.hosting.com\",\"action\":\"create\",\"values\":[\"heritage=dnsfailover,owner=web1:/var/lib/dnsfailover\"]}}],"
                + "\"refused\":[{\"provider\":\"a\",\"rule\":\"foreign-value\",\"message\":\"a serves [192.0.2.99] for atlanta1.hosting.com A, "
                + "which is no target of atlanta1 and not what dnsfailover last wrote: someone changed it by hand, and dnsfailover does not "
                + "overwrite that; fix the record, or use --force\",\"forcible\":true}],\"unreadable\":[{\"provider\":\"b\",\"reason\":\"HTTP 503\"}]}");
        Plan create = Planner.plan(G, TO_BACKUP, List.of(serving("a", PLAIN)), List.of(), false, OWNER);
        assertThat(PlanPrinter.json(create).get("changes").toString()).isEqualTo("[{\"provider\":\"a\",\"action\":\"create\","
                + "\"to\":{\"ttl\":60,\"values\":[\"198.51.100.20\"]}}]");
    }

    @Test
    void aPlanHasChangesOnlyWhenAProviderDiffersAndIsApplicableOnlyWithoutRefusals() {
        Plan none = Planner.plan(G, KEEP, List.of(serving("a", PLAIN, "203.0.113.10")), List.of(), false, OWNER);
        assertThat(none.hasChanges()).isFalse();
        assertThat(none.applicable()).isFalse();
        Plan refused = Planner.plan(G, TO_BACKUP, List.of(serving("a", PLAIN, "192.0.2.99")), List.of(), false, OWNER);
        assertThat(refused.hasChanges()).isTrue();
        assertThat(refused.applicable()).isFalse();
        assertThat(refused.refusedBy(new Plan.Refusal("", Plan.Rule.UNHEALTHY_TARGET, "x", true)).refusals()).hasSize(2);
    }
}
