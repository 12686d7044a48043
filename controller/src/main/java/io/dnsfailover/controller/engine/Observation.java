package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.state.TargetHealth;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Checker;
import io.dnsfailover.health.Health;
import io.dnsfailover.health.ProbeTarget;
import io.dnsfailover.providers.RecordSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Probing a group's targets, and turning probes or trackers into what the decision sees. */
public final class Observation {

    private Observation() {}

    /** Probes every target of the group once, concurrently; results in target order. */
    public static List<CheckResult> probeAll(Checker checker, GroupConfig g) {
        List<CompletableFuture<CheckResult>> futures = new ArrayList<>();
        for (GroupConfig.TargetConfig t : g.targets()) {
            futures.add(checker.probe(g.check().spec(), new ProbeTarget(t.address(), g.check().hostName())));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /**
     * What the decision sees of a target probed once by a one-shot command: the raw probe, unless the
     * daemon saved a health for it younger than two intervals, which is better evidence (thresholds).
     */
    public static TargetStatus fromProbe(GroupConfig g, int i, CheckResult probe, Optional<TargetHealth> saved, Instant now) {
        GroupConfig.TargetConfig target = g.targets().get(i);
        if (saved.isPresent() && saved.get().checkedAt() != null
                && saved.get().checkedAt().isAfter(now.minus(g.check().interval().multipliedBy(2)))) {
            TargetHealth h = saved.get();
            return new TargetStatus(target.name(), value(g, target), h.health(), h.since(),
                    "the daemon's view: " + h.health() + (h.since() == null ? "" : " since " + seconds(h.since())) + " (" + h.reason() + ")", true);
        }
        return new TargetStatus(target.name(), value(g, target), probe.state(), probe.state() == Health.UNKNOWN ? null : probe.startedAt(),
                "one probe: " + probe.reason(), true);
    }

    /** Instants in reasons are to the second: {@code 2026-11-21T12:00:03Z}. */
    static String seconds(Instant t) {
        return t == null ? "start-up" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    static String value(GroupConfig g, GroupConfig.TargetConfig t) {
        return RecordSet.normaliseValue(g.record().type(), t.address());
    }
}
