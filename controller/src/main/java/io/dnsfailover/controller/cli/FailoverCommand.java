package io.dnsfailover.controller.cli;

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
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dnsfailover failover GROUP --to TARGET}: an operator moves a group by hand, safely. The daemon's
 * tick with the operator's pin as input: it checks the target, pins the group to it (a running daemon never
 * undoes the pin), then writes every provider, or none when one cannot be read.
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

    @Option(names = "--force", description = "Publish TARGET even if its probe fails, over a value someone set by hand or "
            + "another install's ownership marker.")
    boolean force;

    @Option(names = "--dry-run", description = "Show what would be done; write nothing but dry-run journal lines.")
    boolean dryRun;

    @Override
    public Integer call() {
        Config c = config.loadWarmingState();
        GroupConfig g = CheckCommand.select(spec, c, group).get(0);
        if (g.targets().stream().noneMatch(t -> t.name().equals(to))) {
            throw new ParameterException(spec.commandLine(), "group " + g.name() + " has no target '" + to + "'; targets: "
                    + String.join(", ", g.targets().stream().map(GroupConfig.TargetConfig::name).toList()));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (StateStore store = Stores.forCommand(c, StatusCommand.ONE_SHOT);
                OneShotRun run = new OneShotRun(c, store, dryRun ? EffectRunner.Mode.DRY_RUN : EffectRunner.Mode.LIVE,
                        StatusCommand.ONE_SHOT, Clock.systemUTC())) {
            OneShotRun.Result r = run.run(g, new Operator.Pin(to, force));
            out.print(PlanPrinter.text(r.plan()));
            Moves.report(spec, r, dryRun, "is pinned to " + to + " until 'dnsfailover failback " + g.name() + "'",
                    "--force would override it");
            return ExitCodes.ofMove(r);
        }
    }

    /** The words every move command prints after its plan. */
    static final class Moves {

        private Moves() {}

        /** @param forceHint how an operator overrides a forcible refusal */
        static void report(CommandSpec spec, OneShotRun.Result r, boolean dryRun, String done, String forceHint) {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Plan plan = r.plan();
            String name = r.group().name();
            if (!plan.refusals().isEmpty()) {
                boolean forcible = plan.refusals().stream().allMatch(Plan.Refusal::forcible);
                plan.refusals().forEach(x -> err.println("refused: " + x.message()));
                err.println("refused by a safety rail" + (forcible ? "; " + forceHint : ""));
            } else if (r.held() != null) {
                err.println(r.held());
            } else if (!plan.unreadable().isEmpty()) {
                err.println("some providers cannot be read: " + String.join("; ",
                        plan.unreadable().stream().map(u -> u.provider() + ": " + u.reason()).toList()));
            } else if (dryRun) {
                out.println("dry run: nothing written");
            } else {
                r.outcomes().forEach(o -> out.println("  " + o.provider() + ": " + (o.ok()
                        ? (o.verified() ? "written and verified" : "written") : "FAILED: " + o.error())));
                out.println(name + " " + (plan.hasChanges() ? "" : "needs no change and ") + done
                        + (r.anyWriteFailed() ? "; a running daemon retries the providers that failed" : ""));
            }
            out.flush();
            err.flush();
        }
    }
}
