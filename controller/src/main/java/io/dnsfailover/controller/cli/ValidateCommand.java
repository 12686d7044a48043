package io.dnsfailover.controller.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dnsfailover.controller.config.Config;
import io.dnsfailover.controller.config.ConfigException;
import io.dnsfailover.controller.config.ConfigPrinter;
import io.dnsfailover.controller.config.ConfigProblem;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dnsfailover validate}: loads the config, reports every problem at once, changes nothing. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the config file and print what it configures (secrets redacted). Exit 78 when it is invalid.")
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    OutputOption output;

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
        if (output.json()) {
            ObjectNode root = Json.MAPPER.createObjectNode().put("valid", true).put("file", c.file());
            problems(root.putArray("warnings"), c.warnings());
            root.set("config", ConfigPrinter.toJson(c));
            out.println(Json.MAPPER.writeValueAsString(root));
        } else {
            out.print(ConfigPrinter.toText(c));
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
