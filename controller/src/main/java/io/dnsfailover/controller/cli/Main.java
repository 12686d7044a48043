package io.dnsfailover.controller.cli;

import io.dnsfailover.controller.config.ConfigException;
import io.dnsfailover.controller.config.ConfigProblem;
import io.dnsfailover.controller.state.StateUnusableException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code dnsfailover} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with the exit codes of DESIGN §7: 64 for usage errors, 78 for a bad config, 1 for
     * any other failure, each said in one sentence on stderr.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RootCommand());
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println(e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof ConfigException ce) {
                printProblems(err, ce);
                return ExitCodes.CONFIG;
            }
            if (e instanceof StateUnusableException su) {
                err.println("dnsfailover: " + su.getMessage());
                return ExitCodes.CONFIG;
            }
            if (e instanceof CommandLine.ParameterException pe) {
                err.println(pe.getMessage());
                return ExitCodes.USAGE;
            }
            err.println("dnsfailover: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    static void printProblems(PrintWriter err, ConfigException e) {
        int n = e.problems().size();
        err.println("The config has " + n + (n == 1 ? " problem:" : " problems:"));
        for (ConfigProblem p : e.problems()) {
            err.println("  " + p);
        }
        err.flush();
    }
}
