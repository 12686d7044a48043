package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.Decision;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.engine.Recorder;
import io.dnsfailover.controller.plan.Plan;
import io.dnsfailover.controller.plan.PlanPrinter;
import io.dnsfailover.controller.plan.Planner;
import io.dnsfailover.controller.state.Event;
import io.dnsfailover.controller.state.GroupState;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dnsfailover failback GROUP}: clears an operator's pin and, as the operator's consent, moves the
 * group back up the list at once (past failbackAfter and failback: manual) when that target is UP now.
 */
@Command(name = "failback", mixinStandardHelpOptions = true,
        description = {"Clear GROUP's pin and hand it back to automation; move back up the list at once if that target is UP now",
            "(this is the operator's consent: it does not wait for failbackAfter and works with failback: manual)."})
final class FailbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group to hand back.")
    String group;

    @Override
    public Integer call() {
        Config c = config.load();
        GroupConfig g = CheckCommand.select(spec, c, group).get(0);
        PrintWriter out = spec.commandLine().getOut();
        try (OneShot s = OneShot.writing(c)) {
            GroupState saved = s.state().group(g.name());
            Recorder recorder = new Recorder(s.store(), s.clock, false);
            if (saved.override() != null) {
                s.store().update(g.name(), st -> st.withOverride(null, s.clock.instant()));
                Map<String, Object> data = new HashMap<>();
                data.put("unpinned", saved.override());
                recorder.journal(g, Event.Type.OVERRIDE, data);
                out.println(g.name() + ": pin to " + saved.override() + " cleared");
            }
            List<TargetStatus> statuses = s.observe(g, saved);
            List<Planner.Current> reads = s.writer.readAll(g);
            List<String> before = OneShot.published(reads, saved);
            Decision d = s.decide(g, statuses, before, saved, null, true);
            Plan plan = Planner.plan(g, d, reads, saved.lastWritten(), false);
            if (!plan.hasChanges()) {
                out.println(g.name() + ": no move (" + d.reason() + ")");
                return plan.unreadable().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
            }
            out.print(PlanPrinter.text(plan));
            if (!plan.applicable()) {
                spec.commandLine().getErr().println(plan.refusals().isEmpty() ? "not written: some providers cannot be read"
                        : "refused by a safety rail; 'dnsfailover failover " + g.name() + " --to TARGET --force' overrides it");
                return plan.refusals().isEmpty() ? ExitCodes.FAILURE : ExitCodes.REFUSED;
            }
            Recorder.Applied applied = recorder.apply(s.writer, g, plan, before);
            applied.outcomes().forEach(o -> out.println("  " + o.provider() + ": " + (o.error() == null ? "written" : "FAILED: " + o.error())));
            return applied.anyFailed() ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }
}
