package io.dnsfailover.controller.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.engine.EffectRunner;
import io.dnsfailover.controller.engine.OneShotRun;
import io.dnsfailover.controller.engine.Operator;
import io.dnsfailover.controller.plan.Plan;
import io.dnsfailover.controller.plan.PlanPrinter;
import io.dnsfailover.controller.state.StateStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    @Mixin
    LocalOption daemon;

    @Parameters(arity = "0..1", paramLabel = "GROUP", description = "Only this group.")
    String group;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when changes are pending that would be written (0 when none,"
            + " or when a safety rail refuses every one).")
    boolean detailedExitcode;

    @Override
    public Integer call() throws Exception {
        if (!daemon.local) {
            List<String> options = new ArrayList<>(List.of("-o", output.format.name()));
            if (detailedExitcode) {
                options.add("--detailed-exitcode");
            }
            Optional<Integer> answered = AskDaemon.answer(spec, config, LocalOption.args("plan", options, group));
            if (answered.isPresent()) {
                return answered.get();
            }
        }
        Thread logging = Logging.start();
        Config c = config.loadWarmingState();
        Logging.ready(logging); // before the providers' and the checker's threads log
        List<GroupConfig> groups = CheckCommand.select(spec, c, group);
        List<OneShotRun.Result> results = new ArrayList<>();
        // plan creates nothing: no state directory is made when there is none
        try (StateStore store = ConfigOption.readState(c);
                OneShotRun run = new OneShotRun(c, store, EffectRunner.Mode.PREVIEW, StatusCommand.ONE_SHOT, Clock.systemUTC())) {
            // every probe needed at once, then the groups on every core (a preview writes nothing), results in config order
            run.probeAhead(groups);
            results.addAll(groups.parallelStream().map(g -> run.run(g, Operator.AUTOMATIC)).toList());
            spec.commandLine().getErr().println(run.healthSource());
        }
        List<Plan> plans = results.stream().map(OneShotRun.Result::plan).toList();
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
            long pending = plans.stream().filter(Plan::applicable).count();
            long refused = plans.stream().filter(p -> p.hasChanges() && !p.applicable()).count();
            out.println((pending == 0 ? "No changes." : pending + (pending == 1 ? " group has" : " groups have") + " pending changes.")
                    + (refused == 0 ? "" : " " + refused + (refused == 1 ? " group's changes are" : " groups' changes are")
                    + " refused by a safety rail (see REFUSED above)."));
        }
        out.flush();
        return ExitCodes.ofPlan(results, detailedExitcode);
    }
}
