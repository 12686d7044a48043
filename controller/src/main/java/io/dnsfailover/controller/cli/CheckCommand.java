package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.GroupConfig;
import io.dnsfailover.health.CheckResult;
import io.dnsfailover.health.Checker;
import io.dnsfailover.health.ProbeTarget;
import io.dnsfailover.controller.state.StateStore;
import io.dnsfailover.controller.state.Observations;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dnsfailover check [GROUP]}: probes every target once, concurrently, and prints the raw result
 * of that one probe. Thresholds (fall, rise) belong to the daemon. Exits 0 even when targets are down.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Probe every target once and show what each probe saw, and why.",
            "Probes every target of every group (or of GROUP) once, concurrently. UP passed, DOWN failed,",
            "UNKNOWN could not run (a problem on the checker's side). fall/rise thresholds apply only in",
            "the daemon. Exits 0 even when targets are down."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    OutputOption output;

    @Parameters(arity = "0..1", paramLabel = "GROUP", description = "Only this group.")
    String group;

    @Override
    public Integer call() {
        Config c = config.load();
        List<GroupConfig> groups = select(spec, c, group);
        List<CheckReport.Row> rows = probeAll(groups, c.sourceAddress());
        Observations daemon = null;
        StateStore opened = Stores.forReading(c);
        if (opened != null) {
            try (StateStore store = opened) {
                daemon = store.observations().observations();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(output.json() ? CheckReport.json(groups, rows, daemon) + "\n" : CheckReport.text(rows) + CheckReport.fastProbing(groups, daemon));
        out.flush();
        return ExitCodes.OK;
    }

    /** Every group, or only {@code group}; an unknown name is a usage error naming the groups there are. */
    static List<GroupConfig> select(CommandSpec spec, Config c, String group) {
        if (group == null) {
            return List.copyOf(c.groups().values());
        }
        GroupConfig g = c.groups().get(group);
        if (g == null) {
            throw new ParameterException(spec.commandLine(), "no group '" + group + "' in " + c.file() + "; groups: "
                    + String.join(", ", c.groups().keySet()));
        }
        return List.of(g);
    }

    /** Probes every target of every group at once; each row keeps its group and target order. */
    static List<CheckReport.Row> probeAll(List<GroupConfig> groups, java.net.InetAddress sourceAddress) {
        List<CheckReport.Row> rows = new ArrayList<>();
        try (Checker checker = Checker.builder().sourceAddress(sourceAddress).build()) {
            List<CompletableFuture<CheckResult>> futures = new ArrayList<>();
            for (GroupConfig g : groups) {
                for (GroupConfig.TargetConfig t : g.targets()) {
                    futures.add(checker.probe(g.check().spec(), new ProbeTarget(t.address(), g.check().hostName())));
                }
            }
            int i = 0;
            for (GroupConfig g : groups) {
                for (GroupConfig.TargetConfig t : g.targets()) {
                    rows.add(new CheckReport.Row(g.name(), t.name(), t.address(), futures.get(i++).join()));
                }
            }
        }
        return rows;
    }
}
