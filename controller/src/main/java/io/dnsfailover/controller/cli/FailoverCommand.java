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
import io.dnsfailover.health.Health;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dnsfailover failover GROUP --to TARGET}: an operator moves a group by hand, safely. Checks the
 * target first, pins the group to it (a running daemon never undoes the pin), then writes.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {"Move GROUP to TARGET now and pin it there until 'dnsfailover failback GROUP'.",
            "Probes TARGET first and refuses one that is not UP (exit 3) unless --force; a running daemon keeps the pin."})
final class FailoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Parameters(index = "0", paramLabel = "GROUP", description = "The group to move.")
    String group;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "The target to publish.")
    String to;

    @Option(names = "--force", description = "Publish TARGET even if its probe fails, and overwrite a value someone set by hand.")
    boolean force;

    @Option(names = "--dry-run", description = "Show what would be done; write nothing but a dry-run journal line.")
    boolean dryRun;

    @Override
    public Integer call() {
        Config c = config.load();
        GroupConfig g = CheckCommand.select(spec, c, group).get(0);
        int index = g.targets().stream().map(GroupConfig.TargetConfig::name).toList().indexOf(to);
        if (index < 0) {
            throw new ParameterException(spec.commandLine(), "group " + g.name() + " has no target '" + to + "'; targets: "
                    + String.join(", ", g.targets().stream().map(GroupConfig.TargetConfig::name).toList()));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (OneShot s = OneShot.writing(c)) {
            GroupState saved = s.state().group(g.name());
            List<TargetStatus> statuses = s.observe(g, saved);
            TargetStatus target = statuses.get(index);
            if (target.health() != Health.UP && !force) {
                spec.commandLine().getErr().println("refused: " + to + " is " + target.health() + " (" + target.evidence()
                        + "); dnsfailover never moves traffic to a target it has not just seen healthy. --force would publish it anyway.");
                return ExitCodes.REFUSED;
            }
            List<Planner.Current> reads = s.writer.readAll(g);
            List<String> before = OneShot.published(reads, saved);
            Decision d = s.decide(g, statuses, before, saved, to, false);
            Plan plan = Planner.plan(g, d, reads, saved.lastWritten(), force);
            out.print(PlanPrinter.text(plan));
            if (!plan.unreadable().isEmpty()) {
                spec.commandLine().getErr().println("not written: some providers cannot be read, and a failover must leave them all equal");
                return ExitCodes.FAILURE;
            }
            if (!plan.refusals().isEmpty()) {
                boolean forcible = plan.refusals().stream().allMatch(Plan.Refusal::forcible);
                spec.commandLine().getErr().println("refused by a safety rail" + (forcible ? "; --force would override it" : ""));
                return ExitCodes.REFUSED;
            }
            Recorder recorder = new Recorder(s.store(), s.clock, dryRun);
            if (dryRun) {
                recorder.journal(g, Event.Type.PLAN, Map.of("plan", PlanPrinter.json(plan).toString(), "command", "failover --to " + to));
                out.println("dry run: nothing written");
                return ExitCodes.OK;
            }
            s.store().update(g.name(), st -> st.withOverride(to, s.clock.instant()));
            recorder.journal(g, Event.Type.OVERRIDE, Map.of("pinned", to, "force", force, "reason", target.evidence()));
            if (!plan.hasChanges()) {
                out.println(g.name() + " already publishes " + to + "; pinned there until 'dnsfailover failback " + g.name() + "'");
                return ExitCodes.OK;
            }
            Recorder.Applied applied = recorder.apply(s.writer, g, plan, before);
            applied.outcomes().forEach(o -> out.println("  " + o.provider() + ": " + (o.error() == null
                    ? (o.verified() ? "written and verified" : "written") : "FAILED: " + o.error())));
            out.println(g.name() + " is pinned to " + to + " until 'dnsfailover failback " + g.name() + "'"
                    + (applied.anyFailed() ? "; a running daemon retries the providers that failed" : ""));
            return applied.anyFailed() ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }
}
