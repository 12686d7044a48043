package io.dnsfailover.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dnsfailover.health.Health;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuorumTest {

    static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");
    static final List<String> THREE = List.of("atlanta", "frankfurt", "singapore");

    static NodeView down(String node, int sinceSeconds) {
        return new NodeView(node, Health.DOWN, T0.plusSeconds(sinceSeconds), "connection refused", true);
    }

    static NodeView up(String node) {
        return new NodeView(node, Health.UP, T0, "HTTP 200", true);
    }

    static NodeView stale(NodeView v) {
        return new NodeView(v.node(), v.health(), v.since(), v.reason(), false);
    }

    @Test
    void downTakesAQuorumOfFreshDownViewsAndNamesTheEvidencePerNode() {
        Quorum.Verdict v = Quorum.of(List.of(down("atlanta", 3), down("frankfurt", 5), up("singapore")), THREE, 2);
        assertThat(v.health()).isEqualTo(Health.DOWN);
        assertThat(v.evidence()).isEqualTo("from atlanta, frankfurt (2 of 3): connection refused; UP from singapore");
        assertThat(v.since()).as("when the second node agreed").isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void oneBlindedNodeIsOutvoted() {
        Quorum.Verdict v = Quorum.of(List.of(down("atlanta", 3), up("frankfurt"), up("singapore")), THREE, 2);
        assertThat(v.health()).isEqualTo(Health.UP);
        assertThat(v.evidence()).isEqualTo("from frankfurt, singapore (2 of 3): HTTP 200; DOWN from atlanta");
    }

    @Test
    void withoutAQuorumEitherWayTheTargetIsUnknown() {
        Quorum.Verdict v = Quorum.of(List.of(down("atlanta", 3), up("frankfurt")), THREE, 2);
        assertThat(v.health()).isEqualTo(Health.UNKNOWN);
        assertThat(v.since()).isNull();
        assertThat(v.evidence()).isEqualTo("no quorum (2 of 3 needed): DOWN from atlanta (1): connection refused;"
                + " UP from frankfurt (1); no fresh observation from singapore");
    }

    @Test
    void staleViewsDoNotCount() {
        Quorum.Verdict v = Quorum.of(List.of(stale(down("atlanta", 3)), down("frankfurt", 5), up("singapore")), THREE, 2);
        assertThat(v.health()).isEqualTo(Health.UNKNOWN);
        assertThat(v.evidence()).endsWith("no fresh observation from atlanta");
        assertThat(Quorum.of(List.of(stale(up("atlanta")), stale(up("frankfurt"))), THREE, 1).health()).isEqualTo(Health.UNKNOWN);
    }

    @Test
    void unknownViewsAreNeitherSide() {
        NodeView unknown = new NodeView("singapore", Health.UNKNOWN, null, "cannot send from source address", true);
        Quorum.Verdict v = Quorum.of(List.of(down("atlanta", 3), unknown), THREE, 2);
        assertThat(v.health()).isEqualTo(Health.UNKNOWN);
        assertThat(v.evidence()).contains("UNKNOWN from singapore").contains("no fresh observation from frankfurt");
    }

    @Test
    void whenBothSidesReachALowQuorumTheLargerWinsAndATieIsUnknown() {
        assertThat(Quorum.of(List.of(down("atlanta", 1), up("frankfurt")), THREE, 1).health()).isEqualTo(Health.UNKNOWN);
        assertThat(Quorum.of(List.of(down("atlanta", 1), down("frankfurt", 2), up("singapore")), THREE, 1).health())
                .isEqualTo(Health.DOWN);
        assertThat(Quorum.of(List.of(down("atlanta", 1), up("frankfurt"), up("singapore")), THREE, 1).health())
                .isEqualTo(Health.UP);
    }

    @Test
    void aQuorumOfOneIsASingleNodesView() {
        Quorum.Verdict v = Quorum.of(List.of(down("atlanta", 7)), List.of("atlanta"), 1);
        assertThat(v.health()).isEqualTo(Health.DOWN);
        assertThat(v.since()).isEqualTo(T0.plusSeconds(7));
        assertThat(v.evidence()).isEqualTo("from atlanta (1 of 1): connection refused");
    }

    @Test
    void aQuorumLargerThanTheNodesIsNeverReached() {
        assertThat(Quorum.of(List.of(down("atlanta", 1), down("frankfurt", 1)), List.of("atlanta", "frankfurt"), 3).health())
                .isEqualTo(Health.UNKNOWN);
    }

    @Test
    void aQuorumBelowOneIsABug() {
        assertThatThrownBy(() -> Quorum.of(List.of(), THREE, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNodeThatSeesEveryTargetDownWhileAnotherSeesOneUpIsBlinded() {
        Map<String, List<NodeView>> group = Map.of(
                "primary", List.of(down("singapore", 1), up("atlanta"), up("frankfurt")),
                "backup", List.of(down("singapore", 1), down("atlanta", 1), up("frankfurt")));
        assertThat(Quorum.blinded(group)).containsExactly("singapore");
    }

    @Test
    void noNodeIsBlindedWhenEveryNodeSeesEveryTargetDownOrOneTargetUp() {
        assertThat(Quorum.blinded(Map.of("primary", List.of(down("atlanta", 1), down("frankfurt", 1)),
                "backup", List.of(down("atlanta", 1), down("frankfurt", 1))))).isEmpty();
        assertThat(Quorum.blinded(Map.of("primary", List.of(down("atlanta", 1), up("frankfurt")),
                "backup", List.of(up("atlanta"), up("frankfurt"))))).isEmpty();
        // a stale view is no evidence of blindness, nor of anything UP
        assertThat(Quorum.blinded(Map.of("primary", List.of(stale(down("atlanta", 1)), up("frankfurt"))))).isEmpty();
        assertThat(Quorum.blinded(Map.of("primary", List.of(down("atlanta", 1), stale(up("frankfurt")))))).isEmpty();
        assertThat(Quorum.blinded(Map.of())).isEmpty();
    }
}
