package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.controller.engine.EffectRunner;
import io.dnsfailover.controller.engine.OneShotRun;
import io.dnsfailover.controller.engine.Operator;
import io.dnsfailover.controller.plan.PlanPrinter;
import io.dnsfailover.controller.state.StateStore;
import java.io.PrintWriter;
import java.time.Clock;
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
        Config c = config.loadWarmingState();
        GroupConfig g = CheckCommand.select(spec, c, group).get(0);
        PrintWriter out = spec.commandLine().getOut();
        try (StateStore store = Stores.forCommand(c, StatusCommand.ONE_SHOT);
                OneShotRun run = new OneShotRun(c, store, EffectRunner.Mode.LIVE, StatusCommand.ONE_SHOT, Clock.systemUTC())) {
            String pin = store.read(g.name()).state().override();
            OneShotRun.Result r = run.run(g, new Operator.Failback());
            if (pin != null) {
                out.println(g.name() + ": pin to " + pin + " cleared");
            }
            if (!r.plan().hasChanges()) {
                out.println(g.name() + ": no move (" + r.decision().reason() + ")");
            } else {
                out.print(PlanPrinter.text(r.plan()));
            }
            FailoverCommand.Moves.report(spec, r, false, "is handed back to automation",
                    "'dnsfailover failover " + g.name() + " --to TARGET --force' overrides it");
            return ExitCodes.ofMove(r);
        }
    }
}
