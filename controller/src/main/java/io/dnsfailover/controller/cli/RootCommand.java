package io.dnsfailover.controller.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dnsfailover}: without a command, shows the commands and exits 64. */
@Command(
        name = "dnsfailover",
        mixinStandardHelpOptions = true,
        versionProvider = RootCommand.Version.class,
        description = "Health-checks servers and moves a DNS record to a healthy one through the DNS provider's API.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (check: also when targets are down)",
            "1:runtime failure (status: a provider could not be read)",
            "2:plan --detailed-exitcode: changes are pending",
            "3:refused by a safety rail (--force overrides where it says so)",
            "64:usage error",
            "78:bad config"
        })
final class RootCommand implements Callable<Integer> {

    /** The commands, in the order the usage lists them ({@link Main#commandLine(String...)} adds them). */
    static final List<Class<?>> COMMANDS = List.of(RunCommand.class, CheckCommand.class, PlanCommand.class, FailoverCommand.class,
            FailbackCommand.class, StatusCommand.class, ValidateCommand.class, DemoCommand.class, VersionCommand.class,
            CompletionCommand.class, CommandLine.HelpCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** {@code --version}: as {@code dnsfailover version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {VersionCommand.line()};
        }
    }
}
