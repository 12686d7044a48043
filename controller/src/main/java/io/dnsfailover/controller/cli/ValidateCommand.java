package io.dnsfailover.controller.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigException;
import io.dnsfailover.controller.config.ConfigPrinter;
import io.dnsfailover.controller.config.ConfigProblem;
import io.dnsfailover.controller.provider.ProviderRegistry;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dnsfailover validate}: loads the config, reports every problem at once, changes nothing. Then, unless
 * {@code --offline}, reads each group's record from the providers that can serve it proxied (see
 * {@link ProxiedCheck}) and warns about a proxied one; a provider that cannot be read is said, not failed.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check the config file and print what it configures (secrets redacted). Exit 78 when it is invalid.",
            "Then reads each group's record from the providers that can serve it proxied (cloudflare) and warns when it is."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    OutputOption output;

    @Option(names = "--offline", description = "Check the file alone: read no provider (no warning about proxied records).")
    boolean offline;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Config c;
        try {
            c = config.load();
        } catch (ConfigException e) {
            if (!output.json()) {
                throw e;
            }
            ObjectNode root = Json.MAPPER.createObjectNode().put("valid", false);
            problems(root.putArray("errors"), e.problems());
            out.println(Json.MAPPER.writeValueAsString(root));
            out.flush();
            return ExitCodes.CONFIG;
        }
        ProxiedCheck.Result served = offline ? ProxiedCheck.Result.NOTHING
                : ProxiedCheck.run(c, ProviderRegistry.load(), Clock.systemUTC());
        if (output.json()) {
            ObjectNode root = Json.MAPPER.createObjectNode().put("valid", true).put("file", c.file());
            ArrayNode warnings = root.putArray("warnings");
            problems(warnings, c.warnings());
            problems(warnings, served.warnings());
            ArrayNode unread = root.putArray("unread");
            served.unread().forEach(u -> unread.addObject().put("group", u.group()).put("provider", u.provider())
                    .put("reason", u.reason()));
            root.set("config", ConfigPrinter.toJson(c));
            out.println(Json.MAPPER.writeValueAsString(root));
        } else {
            out.print(ConfigPrinter.toText(c));
            if (!served.isEmpty()) {
                out.print("\nwhat the providers serve (read now; --offline reads nothing):\n");
                served.warnings().forEach(w -> out.print("  WARNING: " + w + "\n"));
                served.unread().forEach(u -> out.print("  " + u + "\n"));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void problems(ArrayNode array, List<ConfigProblem> problems) {
        for (ConfigProblem p : problems) {
            array.addObject().put("file", p.file()).put("line", p.line()).put("column", p.column()).put("path", p.path())
                    .put("message", p.message());
        }
    }
}
