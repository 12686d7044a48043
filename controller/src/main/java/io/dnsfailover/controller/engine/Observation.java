package io.dnsfailover.controller.engine;

import io.dnsfailover.controller.config.Durations;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.state.Observations;
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

    /** What the decision sees of a target probed once by a one-shot command: the raw probe, no thresholds. */
    public static TargetStatus fromProbe(GroupConfig g, int i, CheckResult probe) {
        GroupConfig.TargetConfig target = g.targets().get(i);
        return new TargetStatus(target.name(), value(g, target), probe.state(), probe.state() == Health.UNKNOWN ? null : probe.startedAt(),
                "one probe: " + probe.reason(), true);
    }

    /**
     * What the decision sees of a target from a running daemon's observations, when its latest probe is younger
     * than two intervals at {@code now} (better evidence than one probe: thresholds applied); else empty.
     */
    public static Optional<TargetStatus> fromDaemon(GroupConfig g, int i, Observations observations, Instant now) {
        GroupConfig.TargetConfig target = g.targets().get(i);
        Observations.Target t = observations == null ? null : observations.target(g.name(), target.name());
        if (t == null || t.health() == null || !t.freshAt(now, g.check().interval().multipliedBy(2))) {
            return Optional.empty();
        }
        String fast = t.fastSince() == null ? "" : "; probed every " + Durations.format(g.check().fastInterval()) + " since " + seconds(t.fastSince());
        return Optional.of(new TargetStatus(target.name(), value(g, target), t.health(), t.since(), "the daemon's view: " + t.health()
                + (t.since() == null ? "" : " since " + seconds(t.since())) + " (last probe " + seconds(t.lastProbe()) + ": " + t.reason()
                + fast + ")", true));
    }

    /** Instants in reasons are to the second: {@code 2026-11-21T12:00:03Z}. */
    static String seconds(Instant t) {
        return t == null ? "start-up" : t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    static String value(GroupConfig g, GroupConfig.TargetConfig t) {
        return RecordSet.normaliseValue(g.record().type(), t.address());
    }
}
