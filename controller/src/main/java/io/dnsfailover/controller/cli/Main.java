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
        // logging starts while picocli reads the arguments, and has started before the command runs (Logging);
        // validate starts no threads, and status and plan start it themselves when no daemon answers them
        boolean later = args.length == 0 || LATER.contains(args[0]);
        Thread logging = later ? null : Logging.start();
        CommandLine cl = commandLine(args);
        if (logging != null) {
            Logging.ready(logging);
        }
        System.exit(cl.execute(args));
    }

    /** The first arguments of commands that start logging later, or need none (and the usage, and help). */
    private static final java.util.Set<String> LATER = java.util.Set.of("validate", "status", "plan", "help", "-h", "--help", "-V",
            "--version");

    /** The command line with every command; see {@link #commandLine(String...)}. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for these arguments, with the exit codes of DESIGN §7: 64 for usage errors, 78 for a bad
     * config, 1 for any other failure, each said in one sentence on stderr. When the first argument names a
     * command (other than {@code help}), only that command is built: picocli reads every option of every command
     * it is given, a fifth of a second of a cold start, and the others would parse nothing. Anything else (no
     * command, {@code help}, an option, a misspelt command) gets them all, for the usage and the suggestions.
     */
    public static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new RootCommand());
        String first = args.length > 0 ? args[0] : null;
        boolean one = RootCommand.COMMANDS.stream().anyMatch(c -> !c.equals(CommandLine.HelpCommand.class) && name(c).equals(first));
        for (Class<?> command : RootCommand.COMMANDS) {
            if (!one || name(command).equals(first)) {
                cl.addSubcommand(command);
            }
        }
        cl.setParameterExceptionHandler((e, given) -> {
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

    private static String name(Class<?> command) {
        return command.getAnnotation(CommandLine.Command.class).name();
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
