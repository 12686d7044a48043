package io.dnsfailover.controller.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.decide.Decision;
import io.dnsfailover.controller.decide.TargetStatus;
import io.dnsfailover.controller.plan.Plan;
import io.dnsfailover.controller.plan.PlanPrinter;
import io.dnsfailover.controller.plan.Planner;
import io.dnsfailover.controller.state.GroupState;
import io.dnsfailover.controller.state.State;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dnsfailover plan [GROUP]}: what would change now, and why; writes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what dnsfailover would change now, and why. Writes nothing: no DNS, no state, no journal.",
            "Probes every target once, or uses a running daemon's verdict when it is fresh (younger than two intervals)."})
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    OutputOption output;

    @Parameters(arity = "0..1", paramLabel = "GROUP", description = "Only this group.")
    String group;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when changes are pending (0 when none).")
    boolean detailedExitcode;

    @Override
    public Integer call() throws Exception {
        Config c = config.load();
        List<GroupConfig> groups = CheckCommand.select(spec, c, group);
        List<Plan> plans = new ArrayList<>();
        try (OneShot s = OneShot.reading(c)) {
            State state = s.state();
            for (GroupConfig g : groups) {
                GroupState saved = state.group(g.name());
                List<TargetStatus> statuses = s.observe(g, saved);
                List<Planner.Current> reads = s.writer.readAll(g);
                Decision d = s.decide(g, statuses, OneShot.published(reads, saved), saved, saved.override(), false);
                plans.add(Planner.plan(g, d, reads, saved.lastWritten(), false));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            ArrayNode gs = root.putArray("groups");
            plans.forEach(p -> gs.add(PlanPrinter.json(p)));
            out.println(root);
        } else {
            for (Plan p : plans) {
                out.println(p.group() + ":");
                out.print(PlanPrinter.text(p));
            }
            long pending = plans.stream().filter(Plan::hasChanges).count();
            out.println(pending == 0 ? "No changes." : pending + (pending == 1 ? " group has" : " groups have") + " pending changes.");
        }
        out.flush();
        if (plans.stream().anyMatch(p -> !p.unreadable().isEmpty())) {
            return ExitCodes.FAILURE;
        }
        return detailedExitcode && plans.stream().anyMatch(Plan::hasChanges) ? ExitCodes.CHANGES_PENDING : ExitCodes.OK;
    }
}
